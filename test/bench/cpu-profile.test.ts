import { describe, expect, it } from 'vitest';
import { summariseProfile } from './cpu-profile';

const OURS = 'chrome-extension://abc/content-scripts/ads-manager.js';
const frame = (functionName: string, url = '', lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});

/** root → place (ours) → getBoundingClientRect (native); root → app (page); root → (idle). */
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 5] },
    { id: 2, callFrame: frame('place', OURS, 1, 4), children: [3] },
    { id: 3, callFrame: frame('getBoundingClientRect') },
    { id: 4, callFrame: frame('render', 'http://127.0.0.1/__replica/app.js') },
    { id: 5, callFrame: frame('(idle)') },
  ],
  // Each sample's time is the gap to the next one.
  samples: [2, 3, 3, 4, 5, 5],
  timeDeltas: [0, 1000, 2000, 3000, 4000, 5000],
};

describe('summariseProfile', () => {
  const summary = summariseProfile(profile, (url) =>
    url === OURS ? 'line one\nabcdplace()' : null,
  );

  it('charges a browser function to the script that called it', () => {
    expect(summary.selfMsByScript.get('ads-manager.js')).toBeCloseTo(1 + 2 + 3, 6);
    expect(summary.selfMsByScript.get('app.js')).toBeCloseTo(4, 6);
    expect(summary.selfMsByScript.get('(idle)')).toBeCloseTo(5, 6);
    expect(summary.selfMsByScript.has('getBoundingClientRect')).toBe(false);
  });

  it('names our functions with their position and source, and the natives they call', () => {
    expect(summary.topFunctions).toEqual([
      { script: 'ads-manager.js', name: 'place', line: 2, column: 5, selfMs: 6, source: 'place()' },
    ]);
    expect(summary.topNatives).toEqual([
      { name: 'getBoundingClientRect', script: 'ads-manager.js', ms: 5 },
    ]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkHooksIn, contentScriptTotal } from './bundle-size';

/** A tiny build: the content script imports a chunk and has a stylesheet beside it. */
const FILES = {
  'content-scripts/ads-manager.js': 'import { a } from "../chunks/shared.js";\n',
  'content-scripts/ads-manager.css': '.badge { color: red }\n',
  'chunks/shared.js': 'export const a = (el) => el.dataset.baymeFrames;\n',
  'background.js': 'console.log(1);\n',
};
const root = mkdtempSync(join(tmpdir(), 'bayme-bundle-size-test-'));
mkdirSync(join(root, 'content-scripts'));
mkdirSync(join(root, 'chunks'));
for (const [path, text] of Object.entries(FILES)) writeFileSync(join(root, path), text);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('contentScriptTotal', () => {
  it('counts the script, the chunks it imports and its stylesheet', () => {
    const total = contentScriptTotal(root);
    expect(total.files.sort()).toEqual([
      'chunks/shared.js',
      'content-scripts/ads-manager.css',
      'content-scripts/ads-manager.js',
    ]);
    expect(total.raw).toBe(
      FILES['content-scripts/ads-manager.js'].length +
        FILES['content-scripts/ads-manager.css'].length +
        FILES['chunks/shared.js'].length,
    );
  });
});

describe('benchmarkHooksIn', () => {
  it('finds a benchmark hook left in the build', () => {
    expect(benchmarkHooksIn(root)).toEqual(['chunks/shared.js: baymeFrames']);
  });
});

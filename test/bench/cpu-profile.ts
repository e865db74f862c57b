import { readFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

/**
 * V8's sampling profiler over DevTools' protocol, to say where the extension's script time
 * goes: self time per function, by script. The build is minified, so each function is named
 * by its minified name and position, with the start of its source text from the built file.
 * The profile covers every JavaScript world of the tab (the page, the MAIN-world and the
 * isolated content script) but not the renderer's work outside scripts (the style, layout
 * and paint of the frame's rendering); style and layout a script forces are inside the
 * browser function that forced them, charged to the script that called it.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileRecording {
  stop(): Promise<Profile>;
}

export async function startProfile(cdp: CDPSession, intervalUs = 100): Promise<ProfileRecording> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
      await cdp.send('Profiler.disable');
      return profile;
    },
  };
}

export interface FunctionCost {
  script: string;
  name: string;
  line: number;
  column: number;
  /** Its own time, and that of the browser functions it calls (getBoundingClientRect, …). */
  selfMs: number;
  source: string;
}

export interface NativeCost {
  name: string;
  /** The script that called it. */
  script: string;
  ms: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per script file name, or V8's own buckets ("(garbage collector)", …). */
  selfMsByScript: Map<string, number>;
  /** The heaviest functions of the scripts `sourceOf` knows, by self time. */
  topFunctions: FunctionCost[];
  /** Browser functions called from those scripts, by time. */
  topNatives: NativeCost[];
}

/** V8's own buckets: never charged to a caller. */
const V8_BUCKETS = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

const scriptName = (frame: CallFrame) =>
  frame.url ? (frame.url.split('/').pop() ?? frame.url) : frame.functionName || '(native)';

/**
 * Self time per script and function. A browser function (a call frame without a script,
 * such as getBoundingClientRect, with the layout it forces) is charged to the script
 * function that called it, as its time is that script's doing. `sourceOf(url)` gives a
 * script's built text when it is ours (for the excerpts), else null.
 */
export function summariseProfile(
  profile: Profile,
  sourceOf: (url: string) => string | null,
  top = 12,
): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parents.set(child, node.id);
  }
  const caller = (id: number): ProfileNode | undefined => {
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const node = nodes.get(at);
      if (node?.callFrame.url) return node;
    }
    return undefined;
  };
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the gap to the next sample, as DevTools counts it.
  samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[index + 1] ?? 0));
  });
  const selfMsByScript = new Map<string, number>();
  const byFunction = new Map<string, FunctionCost>();
  const natives = new Map<string, NativeCost>();
  const lines = new Map<string, string[] | null>();
  const textOf = (url: string) => {
    if (!lines.has(url)) lines.set(url, sourceOf(url)?.split('\n') ?? null);
    return lines.get(url) ?? null;
  };
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = nodes.get(id);
    if (!node) continue;
    totalUs += us;
    const native = !node.callFrame.url && !V8_BUCKETS.has(node.callFrame.functionName);
    const owner = native ? (caller(id) ?? node) : node;
    const frame = owner.callFrame;
    const script = scriptName(frame);
    selfMsByScript.set(script, (selfMsByScript.get(script) ?? 0) + us / 1000);
    const text = frame.url ? textOf(frame.url) : null;
    if (!text) continue;
    if (owner !== node) {
      const key = `${node.callFrame.functionName}|${script}`;
      const known = natives.get(key);
      if (known) known.ms += us / 1000;
      else
        natives.set(key, {
          name: node.callFrame.functionName || '(native)',
          script,
          ms: us / 1000,
        });
    }
    const key = `${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const known = byFunction.get(key);
    if (known) {
      known.selfMs += us / 1000;
      continue;
    }
    byFunction.set(key, {
      script,
      name: frame.functionName || '(anonymous)',
      line: frame.lineNumber + 1,
      column: frame.columnNumber + 1,
      selfMs: us / 1000,
      source: (text[frame.lineNumber] ?? '').slice(frame.columnNumber, frame.columnNumber + 90),
    });
  }
  return {
    totalMs: totalUs / 1000,
    selfMsByScript,
    topFunctions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    topNatives: [...natives.values()].sort((a, b) => b.ms - a.ms).slice(0, 6),
  };
}

/** A reader of the built extension's scripts, by their chrome-extension:// address. */
export function builtScripts(extensionDir: string): (url: string) => string | null {
  return (url) => {
    const match = /^chrome-extension:\/\/[^/]+\/(.+)$/.exec(url);
    if (!match?.[1]) return null;
    try {
      return readFileSync(`${extensionDir}/${match[1]}`, 'utf8');
    } catch {
      return null;
    }
  };
}

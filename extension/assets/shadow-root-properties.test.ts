import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { __unstable__loadDesignSystem, compile } from 'tailwindcss';
import { describe, expect, it } from 'vitest';

/**
 * The overlays' shadow root gets no `@property` registrations from Chrome, so
 * shadow-root-properties.css declares each one's starting value itself. Checked against
 * Tailwind: every utility (and the `before:` variant, which registers `--tw-content`) built,
 * and every registration in that output compared with the file's declarations.
 */

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

async function loadStylesheet(id: string, base: string) {
  const path = id === 'tailwindcss' ? require.resolve('tailwindcss/index.css') : resolve(base, id);
  return { base: dirname(path), content: await readFile(path, 'utf8'), path };
}

/** Every property Tailwind can register, with its initial value (`initial` when it has none). */
async function tailwindRegistrations(): Promise<Map<string, string>> {
  const { content } = await loadStylesheet('tailwindcss', here);
  const design = await __unstable__loadDesignSystem(content, { loadStylesheet });
  const everything = [...design.getClassList().map(([name]) => name), 'before:block'];
  const compiler = await compile('@import "tailwindcss";', { loadStylesheet, base: here });
  const built = compiler.build(everything);
  const registered = new Map<string, string>();
  for (const [, name, body] of built.matchAll(/@property (--tw-[\w-]+) \{([^}]*)\}/g)) {
    registered.set(name ?? '', /initial-value: ([^;]*);/.exec(body ?? '')?.[1] ?? 'initial');
  }
  return registered;
}

function declarations(css: string): Map<string, string> {
  return new Map(
    [...css.matchAll(/^\s*(--tw-[\w-]+): ([^;]*);/gm)].map(([, name, value]) => [
      name ?? '',
      value ?? '',
    ]),
  );
}

describe('starting values of Tailwind’s properties inside shadow roots', () => {
  it('declares every property Tailwind registers, with the same initial value', async () => {
    const registered = await tailwindRegistrations();
    // A sanity check on the extraction itself: borders, shadows and rings are among them.
    expect(registered.get('--tw-border-style')).toBe('solid');
    expect(registered.get('--tw-shadow')).toBe('0 0 #0000');
    expect(registered.get('--tw-ring-shadow')).toBe('0 0 #0000');
    expect(registered.size).toBeGreaterThan(100);

    const declared = declarations(
      await readFile(resolve(here, 'shadow-root-properties.css'), 'utf8'),
    );
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(registered));
  });

  it('lands in Tailwind’s first layer, for shadow trees only, from the stylesheet we ship', async () => {
    const compiler = await compile(await readFile(resolve(here, 'tailwind.css'), 'utf8'), {
      loadStylesheet,
      base: here,
    });
    const built = compiler.build(['border', 'shadow-sm', 'ring-2']);
    const firstLayers = [...built.matchAll(/@layer ([\w, ]+)[;{]/g)]
      .map(([, names]) => names ?? '')
      .slice(0, 2);
    expect(firstLayers).toEqual(['properties', 'theme, base, components, utilities']);
    // Every element of a shadow tree but the badges, which have plain CSS (overlay.css).
    const ours = built.indexOf(':host :not([data-bayme-badges] *)');
    expect(ours).toBeGreaterThan(-1);
    expect(built.lastIndexOf('@layer ', ours)).toBe(built.lastIndexOf('@layer properties {', ours));
    expect(built.slice(ours, built.indexOf('}', ours))).toContain('--tw-border-style: solid;');
  });
});

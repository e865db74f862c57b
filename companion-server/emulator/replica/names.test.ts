import { describe, expect, it } from 'vitest';
import { RENAMED_NAMES, renameInCss, STANDARD_NAMES } from './names';

const leaves = (names: object): string[] =>
  Object.values(names).flatMap((value) => (typeof value === 'string' ? [value] : leaves(value)));

describe('page names', () => {
  it('renames every name, to names with none of the standard prefixes', () => {
    const standard = leaves(STANDARD_NAMES);
    const renamed = leaves(RENAMED_NAMES);
    expect(renamed).toHaveLength(standard.length);
    expect(new Set(renamed).size).toBe(renamed.length);
    for (const name of renamed) {
      expect(name).not.toMatch(/ks-|KsLink|vt-|cl-|^am-/);
      expect(standard).not.toContain(name);
    }
  });

  it('rewrites CSS identifiers whole, leaving everything else', () => {
    const css =
      '.ks-vt-cell--name, .ks-vt-cell .cl-w-full { color: #fe2c55; } ks-virtual-table {} @keyframes am-shimmer {} .other-ks-vt-cell {}';
    expect(renameInCss(css)).toBe(
      '.col-title_8e2w, .cell_x9f2a .fill_k9l0z { color: #fe2c55; } tux-grid {} @keyframes Skeleton_pulse__x7c8v {} .other-ks-vt-cell {}',
    );
  });
});

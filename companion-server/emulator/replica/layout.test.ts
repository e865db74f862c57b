import { describe, expect, it } from 'vitest';
import { LAYOUT_FLAG_NAMES, parseLayout } from './layout';

const flagsOf = (layout: string | undefined, unmappable = false) => {
  const result = parseLayout(layout, unmappable);
  if (!result.ok) throw new Error(result.message);
  return [...result.layout];
};

const messageOf = (layout: string, unmappable = false) => {
  const result = parseLayout(layout, unmappable);
  if (result.ok) throw new Error(`${layout} was accepted`);
  return result.message;
};

describe('parseLayout', () => {
  it('reads no flags from nothing, blanks or the empty string', () => {
    expect(flagsOf(undefined)).toEqual([]);
    expect(flagsOf('')).toEqual([]);
    expect(flagsOf(' , ,')).toEqual([]);
  });

  it('reads a comma-separated list in the canonical order, once each', () => {
    expect(flagsOf('dense, grid,dense,renamed')).toEqual(['renamed', 'grid', 'dense']);
  });

  it('accepts every flag alone', () => {
    for (const flag of LAYOUT_FLAG_NAMES) expect(flagsOf(flag)).toEqual([flag]);
  });

  it('takes variant=unmappable for no-ids, alone or with other flags', () => {
    expect(flagsOf(undefined, true)).toEqual(['no-ids']);
    expect(flagsOf('no-ids,grid', true)).toEqual(['grid', 'no-ids']);
  });

  it('names an unknown flag and lists the valid ones', () => {
    const message = messageOf('grid,Grid');
    expect(message).toContain('Unknown layout flag "Grid"');
    for (const flag of LAYOUT_FLAG_NAMES) expect(message).toContain(flag);
  });

  it.each([
    ['deep-props,no-ids', 'deep-props and no-ids cannot be combined'],
    ['ids-in-links,ids-in-attributes', 'ids-in-attributes and ids-in-links cannot'],
    ['window-scroll,native-scroll', 'native-scroll and window-scroll cannot be combined'],
    ['fixed-columns,reordered', 'the name cannot also be 4th'],
    ['reordered,sticky-columns', 'sticky-columns freezes the checkbox and the name'],
    ['sticky-columns,fixed-columns', 'fixed-columns and sticky-columns cannot be combined'],
  ])('refuses %s and says why', (layout, why) => {
    expect(messageOf(layout)).toContain(why);
  });

  it('says when the clash comes from variant=unmappable', () => {
    expect(messageOf('ids-in-links', true)).toContain('(variant=unmappable is no-ids)');
  });
});

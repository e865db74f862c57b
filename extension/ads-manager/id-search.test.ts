import { describe, expect, it } from 'vitest';
import { idsInText, searchProps, valueAtPath } from './id-search';

const ID = '1795055873644827705';
const OTHER = '1795055873644827706';
const known = new Set([ID, OTHER]);

describe('searchProps', () => {
  it('finds a known id under any key, however deep, and says where', () => {
    let props: Record<string, unknown> = { entityKey: ID, label: 'x' };
    for (let i = 0; i < 30; i += 1) props = { [`level${i}`]: props };
    const found = searchProps(props, known);
    expect(found.ids).toEqual([ID]);
    expect(found.exhausted).toBe(false);
    expect(valueAtPath(props, found.path ?? [])).toBe(ID);
  });

  it('ignores numbers (a rounded id could equal a neighbour’s), unknown ids and React internals', () => {
    const props = {
      value: Number(ID),
      unknown: '1795055873644827799',
      _owner: { id: ID },
      __reactFiber$x: { id: ID },
    };
    expect(searchProps(props, known).ids).toEqual([]);
  });

  it('reports every distinct id, shallowest first, and survives cycles', () => {
    const loop: Record<string, unknown> = { deep: { id: OTHER } };
    loop.self = loop;
    loop.id = ID;
    expect(searchProps(loop, known).ids).toEqual([ID, OTHER]);
  });

  it('stops at its node budget and says so', () => {
    const wide = {
      items: Array.from({ length: 50 }, (_, i) => ({ i })),
      later: { a: { b: { id: ID } } },
    };
    const found = searchProps(wide, known, 10);
    expect(found.exhausted).toBe(true);
    expect(found.ids).toEqual([]);
  });

  it('skips getters that throw', () => {
    const props = {
      get broken(): string {
        throw new Error('page getter');
      },
      id: ID,
    };
    expect(searchProps(props, known).ids).toEqual([ID]);
  });
});

describe('idsInText', () => {
  it('finds whole ids in attributes and link targets, not ids inside longer numbers', () => {
    expect(idsInText(`/i18n/perf/adgroup?aadvid=1&campaign_id=${ID}`, known)).toEqual([ID]);
    expect(idsInText(`row-${ID} row-${OTHER}`, known)).toEqual([ID, OTHER]);
    expect(idsInText(`9${ID}`, known)).toEqual([]);
  });
});

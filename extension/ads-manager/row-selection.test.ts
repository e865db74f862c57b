import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, type SeenRow, updateSelection } from './row-selection';

const row = (id: string, checked: boolean | null, name: string | null = `Row ${id}`): SeenRow => ({
  id,
  name,
  checked,
});

describe('bulk-edit selection across scans of a virtual table', () => {
  it('adds rows seen ticked and removes rows seen unticked, keeping rows out of view', () => {
    // First screen: rows 1–3, 1 and 3 ticked.
    let selection = updateSelection(EMPTY_SELECTION, [
      row('1', true),
      row('2', false),
      row('3', true),
    ]);
    expect([...selection.keys()]).toEqual(['1', '3']);
    // Scrolled down: rows 1–3 are no longer rendered; 4 is ticked, 5 is not.
    selection = updateSelection(selection, [row('4', true), row('5', false)]);
    expect([...selection.keys()]).toEqual(['1', '3', '4']);
    // Back up: the buyer unticked 3 meanwhile.
    selection = updateSelection(selection, [row('1', true), row('3', false)]);
    expect([...selection.keys()]).toEqual(['1', '4']);
    expect(selection.get('4')).toBe('Row 4');
  });

  it('ignores rows whose checkbox could not be read', () => {
    const selection = updateSelection(EMPTY_SELECTION, [row('1', true)]);
    expect([...updateSelection(selection, [row('1', null), row('2', null)]).keys()]).toEqual(['1']);
  });

  it('returns the same selection when nothing changed, so nothing re-renders', () => {
    const selection = updateSelection(EMPTY_SELECTION, [row('1', true)]);
    expect(updateSelection(selection, [row('1', true), row('2', false)])).toBe(selection);
    expect(updateSelection(EMPTY_SELECTION, [row('2', false)])).toBe(EMPTY_SELECTION);
  });

  it('learns a selected row’s name when it was first seen without one', () => {
    const selection = updateSelection(EMPTY_SELECTION, [row('1', true, null)]);
    expect(selection.get('1')).toBeNull();
    const named = updateSelection(selection, [row('1', true, 'Spring sale')]);
    expect(named.get('1')).toBe('Spring sale');
    expect(updateSelection(named, [row('1', true, null)]).get('1')).toBe('Spring sale');
  });
});

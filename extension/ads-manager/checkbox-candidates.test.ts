import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckboxCandidates } from './checkbox-candidates';

const SELECTOR = 'input[type="checkbox"], [role="checkbox"]';
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function row(role = false): HTMLElement {
  const cell = document.createElement('div');
  cell.innerHTML = role
    ? '<span role="checkbox"></span>'
    : '<label><input type="checkbox"></label>';
  return cell;
}

describe('CheckboxCandidates', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.restoreAllMocks();
  });

  it('follows the rows added and removed without querying the whole table again', async () => {
    const table = document.createElement('div');
    const rows = [row(), row(), row(true)];
    table.append(...rows);
    document.body.append(table);
    const candidates = new CheckboxCandidates();
    expect(candidates.in(table, SELECTOR)).toHaveLength(3);
    const whole = vi.spyOn(table, 'querySelectorAll');
    const added = [row(), row(true)];
    table.append(...added);
    rows[0]?.remove();
    await settle();
    const found = candidates.in(table, SELECTOR);
    expect(new Set(found)).toEqual(
      new Set([...rows.slice(1), ...added].map((r) => r.querySelector(SELECTOR))),
    );
    expect(whole).not.toHaveBeenCalled();
  });

  it('finds an added element that is itself a checkbox, once', () => {
    const table = document.createElement('div');
    document.body.append(table);
    const candidates = new CheckboxCandidates();
    expect(candidates.in(table, SELECTOR)).toEqual([]);
    const box = document.createElement('input');
    box.type = 'checkbox';
    table.append(box);
    table.append(box);
    expect(candidates.in(table, SELECTOR)).toEqual([box]);
  });

  it('starts afresh for another table or selector, and queries the document without keeping it', () => {
    const first = document.createElement('div');
    const second = document.createElement('div');
    first.append(row());
    second.append(row(), row());
    document.body.append(first, second);
    const candidates = new CheckboxCandidates();
    expect(candidates.in(first, SELECTOR)).toHaveLength(1);
    expect(candidates.in(second, SELECTOR)).toHaveLength(2);
    expect(candidates.in(second, '[role="checkbox"]')).toHaveLength(0);
    expect(candidates.in(document, SELECTOR)).toHaveLength(3);
    // Back to a table after the document: queried whole again, as its rows may have changed.
    second.append(row());
    expect(candidates.in(second, SELECTOR)).toHaveLength(3);
  });
});

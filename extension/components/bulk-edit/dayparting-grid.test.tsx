import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_HOURS } from '../../../companion-server/src/contract/dayparting';
import { DaypartingGrid } from './dayparting-grid';

/** The week × half-hour grid: drag, days, keyboard and presets all end in TikTok's 336 characters. */

const NONE = '0'.repeat(336);
let current = '';

function Harness(props: { initial: string }) {
  const [grid, setGrid] = useState(props.initial);
  current = grid;
  return <DaypartingGrid value={grid} onChange={setGrid} />;
}

const cell = (day: number, slot: number) =>
  screen
    .getAllByTestId('bulk-daypart-cell')
    .find((element) => element.dataset.index === String(day * 48 + slot)) as HTMLElement;
const on = (grid: string) => [...grid].flatMap((c, i) => (c === '1' ? [i] : []));

describe('the dayparting grid', () => {
  afterEach(() => cleanup());

  it('has 7 days of 48 half hours, each a labelled cell', () => {
    render(<Harness initial={ALL_HOURS} />);
    const cells = screen.getAllByTestId('bulk-daypart-cell');
    expect(cells).toHaveLength(336);
    expect(cell(0, 18).getAttribute('aria-label')).toBe('Mon 09:00–09:30');
    expect(cell(6, 47).getAttribute('aria-label')).toBe('Sun 23:30–24:00');
    expect(screen.getByTestId('bulk-daypart-summary').textContent).toBe('All hours');
  });

  it('paints a drag: the first cell decides on or off, and the drag ends with the pointer', () => {
    render(<Harness initial={NONE} />);
    fireEvent.pointerDown(cell(1, 18));
    fireEvent.pointerEnter(cell(1, 19));
    fireEvent.pointerEnter(cell(1, 20));
    fireEvent.pointerUp(window);
    fireEvent.pointerEnter(cell(1, 21));
    expect(on(current)).toEqual([48 + 18, 48 + 19, 48 + 20]);
    expect(screen.getByTestId('bulk-daypart-summary').textContent).toBe(
      'Tue 09:00–10:30 (1.5 h a week)',
    );
    // Starting on a cell that is on switches off.
    fireEvent.pointerDown(cell(1, 19));
    fireEvent.pointerEnter(cell(1, 20));
    fireEvent.pointerUp(window);
    expect(on(current)).toEqual([48 + 18]);
  });

  it('switches a whole day, applies presets, and warns of an empty grid', () => {
    render(<Harness initial={NONE} />);
    expect(screen.getByTestId('bulk-daypart-summary').textContent).toMatch(/No hour chosen/);
    fireEvent.click(screen.getByTestId('bulk-daypart-day-Sat'));
    expect(current).toBe(`${'0'.repeat(240)}${'1'.repeat(48)}${'0'.repeat(48)}`);
    fireEvent.click(screen.getByTestId('bulk-daypart-day-Sat'));
    expect(current).toBe(NONE);
    fireEvent.click(screen.getByTestId('bulk-daypart-preset-office'));
    expect(screen.getByTestId('bulk-daypart-summary').textContent).toBe(
      'Mon–Fri 09:00–18:00 (45 h a week)',
    );
    fireEvent.click(screen.getByTestId('bulk-daypart-preset-all'));
    expect(current).toBe(ALL_HOURS);
  });

  it('is one keyboard stop: arrows move, Space switches', () => {
    render(<Harness initial={NONE} />);
    const first = cell(0, 0);
    expect(first.tabIndex).toBe(0);
    expect(cell(0, 1).tabIndex).toBe(-1);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    fireEvent.keyDown(cell(1, 0), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cell(1, 1));
    fireEvent.keyDown(cell(1, 1), { key: ' ' });
    expect(on(current)).toEqual([49]);
    expect(cell(1, 1).getAttribute('aria-pressed')).toBe('true');
  });
});

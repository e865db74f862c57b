import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowTracker } from './row-tracker';

/**
 * Let the observer and enough animation frames run for the tracker to go idle (it stops
 * after 12 still frames), so a later re-read can only come from what the test does.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 16; i += 1) {
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

function mountTable(): HTMLElement {
  const table = document.createElement('ks-virtual-table');
  const layer = document.createElement('div');
  layer.className = 'ks-vt-body';
  table.append(layer);
  document.querySelector('#app')?.append(table);
  return table;
}

describe('RowTracker', () => {
  let tracker: RowTracker | null = null;
  afterEach(() => {
    tracker?.stop();
    tracker = null;
    document.body.innerHTML = '';
  });

  it('re-reads the rows when the table first appears, with no user input', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const onFrame = vi.fn();
    tracker = new RowTracker(onFrame);
    tracker.start();
    await settle();
    const before = onFrame.mock.calls.length;
    mountTable();
    await settle();
    expect(onFrame.mock.calls.length).toBeGreaterThan(before);
  });

  it('re-reads when the table scrolls or its cells change, not for the rest of the page', async () => {
    document.body.innerHTML = '<div id="app"></div><div id="spinner"></div>';
    const table = mountTable();
    const onFrame = vi.fn();
    tracker = new RowTracker(onFrame);
    tracker.start();
    await settle();

    let count = onFrame.mock.calls.length;
    document.querySelector('#spinner')?.setAttribute('class', 'spinning');
    await settle();
    expect(onFrame.mock.calls.length).toBe(count);

    (table.firstElementChild as HTMLElement).style.transform = 'translateY(-96px)';
    await settle();
    expect(onFrame.mock.calls.length).toBeGreaterThan(count);

    count = onFrame.mock.calls.length;
    table.append(document.createElement('div'));
    await settle();
    expect(onFrame.mock.calls.length).toBeGreaterThan(count);
  });

  it('notices a remounted table that replaced the old one', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const first = mountTable();
    const onFrame = vi.fn();
    tracker = new RowTracker(onFrame);
    tracker.start();
    await settle();
    const count = onFrame.mock.calls.length;
    first.remove();
    mountTable();
    await settle();
    expect(onFrame.mock.calls.length).toBeGreaterThan(count);
  });

  it('re-reads when a checkbox in the page is ticked (no attribute changes)', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const table = mountTable();
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    table.append(checkbox);
    const onFrame = vi.fn();
    tracker = new RowTracker(onFrame);
    tracker.start();
    await settle();
    const count = onFrame.mock.calls.length;
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(onFrame.mock.calls.length).toBeGreaterThan(count);
  });

  it('stops listening when stopped', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const onFrame = vi.fn();
    tracker = new RowTracker(onFrame);
    tracker.start();
    await settle();
    tracker.stop();
    const count = onFrame.mock.calls.length;
    mountTable();
    window.dispatchEvent(new Event('resize'));
    await settle();
    expect(onFrame.mock.calls.length).toBe(count);
  });
});

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BULK_DRAWER_SOURCE,
  type BulkDrawerState,
  encodeBulkDrawerState,
} from '../../components/bulk-edit/bulk-drawer-protocol';
import type { StaffBulkEditPanel } from '../../components/bulk-edit/staff-bulk-edit-panel';
import { BulkDrawerPage, postToEmbedder } from './bulk-drawer-page';

/**
 * The drawer page: it hands the fragment's rows to the bulk-edit panel (tested on its own in
 * bulk-edit-panel.test.tsx, replaced here by a stand-in that shows what it was given), turns
 * the panel's close and change into signals for the embedder, closes on Escape, and explains
 * a fragment it cannot use.
 */
vi.mock('../../components/bulk-edit/staff-bulk-edit-panel', () => ({
  StaffBulkEditPanel: (props: ComponentProps<typeof StaffBulkEditPanel>) => (
    <section data-testid="panel-stand-in" data-props={JSON.stringify(props)}>
      <button type="button" onClick={props.onChanged}>
        changed
      </button>
      <button type="button" onClick={props.onClose}>
        close
      </button>
    </section>
  ),
}));

const STATE: BulkDrawerState = {
  advertiserId: '7000000000000000001',
  level: 'ad',
  currency: 'JPY',
  selected: [
    { id: '1800000000000000001', name: '春 sale' },
    { id: '1800000000000000002', name: null },
  ],
};

function renderPage(fragment: string) {
  const notify = vi.fn();
  render(<BulkDrawerPage fragment={fragment} notify={notify} />);
  return notify;
}

describe('bulk drawer page', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('opens the bulk-edit panel on the rows of its fragment', () => {
    renderPage(`#${encodeBulkDrawerState(STATE)}`);
    const props = JSON.parse(screen.getByTestId('panel-stand-in').dataset.props ?? '{}');
    expect(props).toEqual({
      advertiserId: STATE.advertiserId,
      level: 'ad',
      currency: 'JPY',
      selected: STATE.selected,
    });
  });

  it("signals the panel's changes and closing to the embedder", () => {
    const notify = renderPage(`#${encodeBulkDrawerState(STATE)}`);
    fireEvent.click(screen.getByText('changed'));
    expect(notify).toHaveBeenLastCalledWith('changed');
    fireEvent.click(screen.getByText('close'));
    expect(notify).toHaveBeenLastCalledWith('close');
    expect(notify).toHaveBeenCalledTimes(2);
  });

  it('closes on Escape, unless a control inside used the key itself', () => {
    const notify = renderPage(`#${encodeBulkDrawerState(STATE)}`);
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(notify).not.toHaveBeenCalled();
    const used = new KeyboardEvent('keydown', { key: 'Escape', cancelable: true });
    used.preventDefault();
    window.dispatchEvent(used);
    expect(notify).not.toHaveBeenCalled();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(notify).toHaveBeenCalledWith('close');
  });

  it('explains a fragment it cannot use, and still closes', () => {
    const notify = renderPage('#not-a-state');
    expect(screen.queryByTestId('panel-stand-in')).toBeNull();
    expect(screen.getByTestId('bulk-drawer-error').textContent).toContain(
      'The rows to edit could not be read.',
    );
    expect(screen.getByTestId('bulk-drawer-error').textContent).toContain('select the rows again');
    fireEvent.click(screen.getByTestId('bulk-close'));
    expect(notify).toHaveBeenCalledWith('close');
  });

  it('takes keyboard focus when it opens, so Escape works at once', () => {
    renderPage(`#${encodeBulkDrawerState(STATE)}`);
    expect(document.activeElement?.tagName).toBe('MAIN');
  });

  it('posts bare signals to the embedding window', () => {
    const postMessage = vi.spyOn(window.parent, 'postMessage').mockImplementation(() => undefined);
    postToEmbedder('changed');
    expect(postMessage).toHaveBeenCalledWith({ source: BULK_DRAWER_SOURCE, type: 'changed' }, '*');
  });
});

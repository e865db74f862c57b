import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeleteOrCancel } from './delete-or-cancel';

function show(props: { saved: boolean; confirming: boolean; deleting?: boolean }) {
  const calls = { onConfirming: vi.fn(), onDelete: vi.fn(), onCancel: vi.fn() };
  render(
    <DeleteOrCancel
      testIdPrefix="rule"
      saved={props.saved}
      confirming={props.confirming}
      deleting={props.deleting ?? false}
      {...calls}
    />,
  );
  return calls;
}

describe('the editor’s way out', () => {
  afterEach(cleanup);

  it('only cancels what was never saved', () => {
    const calls = show({ saved: false, confirming: false });
    expect(screen.queryByTestId('rule-delete')).toBeNull();
    fireEvent.click(screen.getByTestId('rule-cancel'));
    expect(calls.onCancel).toHaveBeenCalledOnce();
  });

  it('deletes a saved one in two steps, and can be kept', () => {
    const first = show({ saved: true, confirming: false });
    fireEvent.click(screen.getByTestId('rule-delete'));
    expect(first.onConfirming).toHaveBeenCalledWith(true);
    expect(first.onDelete).not.toHaveBeenCalled();
    cleanup();

    const second = show({ saved: true, confirming: true });
    fireEvent.click(screen.getByText('Keep it'));
    expect(second.onConfirming).toHaveBeenCalledWith(false);
    fireEvent.click(screen.getByTestId('rule-delete-confirm'));
    expect(second.onDelete).toHaveBeenCalledOnce();
  });

  it('cannot be pressed twice while deleting', () => {
    show({ saved: true, confirming: true, deleting: true });
    expect(screen.getByTestId('rule-delete-confirm')).toHaveProperty('disabled', true);
  });
});

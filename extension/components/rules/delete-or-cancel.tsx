import { PanelButton } from '../bulk-edit/controls';

/**
 * The editor's way out, shared by rules and scheduled changes: a saved one is deleted in two
 * steps (Delete, then "Delete for good" or "Keep it"); a new one is only cancelled. The editor
 * keeps whether the second step is showing, since it may say more beside it.
 */
export function DeleteOrCancel(props: {
  /** Test ids start with this: `rule` gives rule-delete, rule-delete-confirm, rule-cancel. */
  testIdPrefix: string;
  saved: boolean;
  confirming: boolean;
  onConfirming: (confirming: boolean) => void;
  deleting: boolean;
  onDelete: () => void;
  onCancel: () => void;
}) {
  const { testIdPrefix: prefix } = props;
  if (!props.saved) {
    return (
      <PanelButton kind="link" testId={`${prefix}-cancel`} onClick={props.onCancel}>
        Cancel
      </PanelButton>
    );
  }
  if (!props.confirming) {
    return (
      <PanelButton testId={`${prefix}-delete`} onClick={() => props.onConfirming(true)}>
        Delete
      </PanelButton>
    );
  }
  return (
    <>
      <PanelButton
        testId={`${prefix}-delete-confirm`}
        disabled={props.deleting}
        onClick={props.onDelete}
      >
        <span className="text-red-700">Delete for good</span>
      </PanelButton>
      <PanelButton kind="link" onClick={() => props.onConfirming(false)}>
        Keep it
      </PanelButton>
    </>
  );
}

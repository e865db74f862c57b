/**
 * An on/off switch (a rule, or every rule for admins). Read-only for whoever may not change
 * it, with the reason as its tooltip. Sizes are in px, like the bulk-edit panel's.
 */
export function RuleSwitch(props: {
  on: boolean;
  label: string;
  onToggle: () => void;
  /** Why it cannot be switched (a viewer's role); null: it can. */
  readOnlyReason: string | null;
  busy?: boolean;
  testId?: string;
}) {
  const readOnly = props.readOnlyReason !== null;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={props.on}
      aria-label={props.label}
      data-testid={props.testId}
      title={props.readOnlyReason ?? (props.on ? 'On: click to turn off' : 'Off: click to turn on')}
      disabled={readOnly || props.busy}
      onClick={props.onToggle}
      className={`relative inline-flex h-[20px] w-[36px] shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed ${props.on ? 'bg-green-600' : 'bg-slate-300'} ${readOnly ? 'opacity-60' : ''} ${props.busy ? 'animate-pulse' : ''}`}
    >
      <span
        aria-hidden="true"
        className={`inline-block h-[16px] w-[16px] rounded-full bg-white shadow transition-transform ${props.on ? 'translate-x-[18px]' : 'translate-x-[2px]'}`}
      />
    </button>
  );
}

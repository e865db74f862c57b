import type { RuleView } from '../../../companion-server/src/contract/rules';
import { LEVEL_LABELS } from '../reporting/levels';
import { scheduleText } from './rule-labels';
import { lastRunFailed, lastRunText, nextRunText } from './rule-status-text';
import { RuleSwitch } from './rule-switch';

/**
 * One rule in a list (the side panel's tab, the rules page): its switch, its name, what
 * its last run did and when it runs next in its first ad account's time zone. Every line
 * is cut to the width with the whole text as its tooltip: the side panel is 360 px wide.
 */
export function RuleLine(props: {
  rule: RuleView;
  timeZone: string;
  pausedByAdmin: boolean;
  now: number;
  /** Why the switch cannot be used (a viewer); null: it can. */
  readOnlyReason: string | null;
  onToggle: () => void;
  toggling: boolean;
  /** The name opens the rule: a link (side panel) or a choice on the same page. */
  open: { href: string } | { onOpen: () => void; selected: boolean };
}) {
  const { rule } = props;
  const last = lastRunText(rule, props.now);
  const next = nextRunText(rule, props.timeZone, props.pausedByAdmin);
  const details = `${LEVEL_LABELS[rule.scope.level]} · ${scheduleText(rule.schedule)}`;
  const nameClass = 'block w-full truncate text-left text-[13px] font-semibold text-ink';
  const selected = 'selected' in props.open && props.open.selected;
  return (
    <div
      className={`flex items-start gap-[10px] rounded-[6px] border px-[10px] py-[8px] ${selected ? 'border-sky-400 bg-sky-50' : 'border-slate-200 bg-white'}`}
      data-testid="rule-line"
      data-rule-id={rule.id}
    >
      <div className="pt-[2px]">
        <RuleSwitch
          on={rule.enabled}
          label={`${rule.name}: ${rule.enabled ? 'on' : 'off'}`}
          onToggle={props.onToggle}
          readOnlyReason={props.readOnlyReason}
          busy={props.toggling}
          testId="rule-switch"
        />
      </div>
      <div className="min-w-0 flex-1 leading-[17px]">
        {'href' in props.open ? (
          <a
            href={props.open.href}
            target="_blank"
            rel="noreferrer"
            title={rule.name}
            className={`${nameClass} hover:underline`}
            data-testid="rule-name"
          >
            {rule.name}
          </a>
        ) : (
          <button
            type="button"
            onClick={props.open.onOpen}
            title={rule.name}
            aria-current={selected ? 'true' : undefined}
            className={`${nameClass} hover:underline`}
            data-testid="rule-name"
          >
            {rule.name}
          </button>
        )}
        <p className="truncate text-[11px] text-slate-500" title={details}>
          {details}
        </p>
        <p
          className={`truncate text-[12px] ${lastRunFailed(rule) ? 'text-red-700' : 'text-slate-700'}`}
          title={last}
          data-testid="rule-last-run"
        >
          {last}
        </p>
        <p className="truncate text-[11px] text-slate-500" title={next} data-testid="rule-next-run">
          {next}
        </p>
      </div>
    </div>
  );
}

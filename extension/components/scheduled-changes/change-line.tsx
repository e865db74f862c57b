import type { ScheduledChangeView } from '../../../companion-server/src/contract/scheduled-changes';
import { RuleSwitch } from '../rules/rule-switch';
import {
  changeText,
  FIRING_STATUS_LABELS,
  firingOutcomeText,
  firingSlotText,
  revertText,
  whenText,
} from './change-text';

/**
 * One scheduled change in the list: its switch, its name, what it does (money in the
 * account's currency), when it fires and is put back, the next firing and put-back as the
 * server labels them in the account's zone, and what the last firing did. Every line is cut
 * to the width, with the whole text as its tooltip.
 */
export function ChangeLine(props: {
  change: ScheduledChangeView;
  /** The ad account's currency; its code stands in while the account is not known. */
  currency: string;
  /** The account's zone for the change's own times: the server's view's, or UTC. */
  timeZone: string;
  now: number;
  readOnlyReason: string | null;
  onToggle: () => void;
  toggling: boolean;
  onOpen: () => void;
  selected: boolean;
}) {
  const { change, timeZone } = props;
  const what = changeText(change, props.currency);
  const when = `${whenText(change.when, timeZone, props.now)},`;
  const back = revertText(change.revert, timeZone, props.now);
  const timing = `${when} ${back}`;
  const next = change.nextFiring
    ? `Next ${change.nextFiring.label}${change.nextRevert ? ` · back ${change.nextRevert.label}` : ''}`
    : change.nextRevert
      ? `Put back ${change.nextRevert.label}`
      : change.enabled
        ? 'Nothing to come'
        : 'Off';
  const last = change.lastFiring;
  const lastText = last
    ? `Last: ${FIRING_STATUS_LABELS[last.status]} ${firingSlotText(last, timeZone)}: ${firingOutcomeText(last)}`
    : null;
  const lastFailed = last?.status === 'failed' || last?.status === 'missed';
  return (
    <div
      className={`flex items-start gap-[10px] rounded-[6px] border px-[10px] py-[8px] ${props.selected ? 'border-sky-400 bg-sky-50' : 'border-slate-200 bg-white'}`}
      data-testid="change-line"
      data-change-id={change.id}
    >
      <div className="pt-[2px]">
        <RuleSwitch
          on={change.enabled}
          label={`${change.name}: ${change.enabled ? 'on' : 'off'}`}
          onToggle={props.onToggle}
          readOnlyReason={props.readOnlyReason}
          busy={props.toggling}
          testId="change-switch"
        />
      </div>
      <div className="min-w-0 flex-1 leading-[17px]">
        <button
          type="button"
          onClick={props.onOpen}
          title={change.name}
          aria-current={props.selected ? 'true' : undefined}
          className="block w-full truncate text-left text-[13px] font-semibold text-ink hover:underline"
          data-testid="change-name"
        >
          {change.name}
        </button>
        <p className="truncate text-[12px] text-slate-800" title={what} data-testid="change-what">
          {what}
        </p>
        {/* Two lines at most: the put-back is cut last, not first. Each time stays whole on
            its line: a date broken at its hyphen ("2026-12-" / "07 23:00") reads as two. */}
        <p
          className="line-clamp-2 text-[11px] text-slate-500"
          title={timing}
          data-testid="change-when"
        >
          <span className="whitespace-nowrap">{when}</span>{' '}
          <span className="whitespace-nowrap">{back}</span>
        </p>
        <p
          className={`truncate text-[11px] ${change.nextFiring ? 'text-sky-800' : 'text-slate-500'}`}
          title={next}
          data-testid="change-next-firing"
        >
          {next}
        </p>
        {lastText ? (
          <p
            className={`line-clamp-2 text-[11px] ${lastFailed ? 'text-red-700' : 'text-slate-500'}`}
            title={`${lastText}${last?.message ? ` ${last.message}` : ''}`}
            data-testid="change-last-firing"
          >
            {lastText}
          </p>
        ) : null}
      </div>
    </div>
  );
}

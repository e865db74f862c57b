import type { RulesSettings } from '../../../companion-server/src/contract/rules';
import { RuleSwitch } from './rule-switch';
import { useSetRulesPaused } from './use-rule-actions';

/**
 * The admins' off switch for every rule and scheduled change at once. Only admins see it;
 * everyone else reads its state in the paused note.
 */
export function RulesPauseSwitch(props: { settings: RulesSettings }) {
  const setPaused = useSetRulesPaused();
  const running = !props.settings.paused;
  return (
    <div className="flex items-center gap-[8px] text-[13px]" data-testid="rules-pause">
      <RuleSwitch
        on={running}
        label={running ? 'Rules run: click to pause them all' : 'Rules are paused: click to resume'}
        onToggle={() => setPaused.mutate(running)}
        readOnlyReason={null}
        busy={setPaused.isPending}
        testId="rules-pause-switch"
      />
      <span className={running ? 'text-slate-700' : 'font-semibold text-amber-800'}>
        {running ? 'All rules may run' : 'All rules paused'}
      </span>
      {setPaused.error ? (
        <span className="text-[12px] text-red-700" role="alert">
          Could not switch: {setPaused.error.message}
        </span>
      ) : null}
    </div>
  );
}

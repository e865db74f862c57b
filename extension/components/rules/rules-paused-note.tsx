import { formatAccountDateTime } from '../../../companion-server/src/contract/account-time';
import type { RulesSettings } from '../../../companion-server/src/contract/rules';
import { PanelNote } from '../bulk-edit/controls';

/** The admin's global switch, said where rules are listed: nothing runs while it is off. */
export function RulesPausedNote(props: { settings: RulesSettings; timeZone: string }) {
  const { settings } = props;
  if (!settings.paused) return null;
  const since = settings.pausedAt
    ? ` since ${formatAccountDateTime(settings.pausedAt, props.timeZone)}`
    : '';
  return (
    <PanelNote tone="warning" testId="rules-paused">
      <strong>All rules are paused by admin</strong>
      {settings.pausedBy ? ` (${settings.pausedBy}${since})` : since ? ` (${since.trim()})` : ''}.
      No rule runs until an admin turns them back on.
    </PanelNote>
  );
}

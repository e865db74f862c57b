import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { AccountOverview } from '../../../companion-server/src/contract/reporting';
import { Notice } from '../notice';
import { DailyChart } from './daily-chart';
import { ExportBar } from './export-bar';
import { LevelTable } from './level-table';
import type { ReportRange } from './report-range';

/**
 * One ad account in detail (picked with a select when several are shown): its daily chart,
 * its campaigns, ad groups or ads, and its CSV exports.
 */
export function AccountReport(props: {
  accounts: AccountOverview[];
  account: AccountOverview;
  onPick: (advertiserId: string) => void;
  range: ReportRange;
  level: Level;
  onLevelChange: (level: Level) => void;
}) {
  const { account } = props;
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-0.5">
          <h2 className="text-[15px] font-semibold">
            {props.accounts.length > 1 ? (
              <label className="flex items-center gap-2">
                Ad account
                <select
                  data-testid="account-focus"
                  value={account.advertiserId}
                  onChange={(event) => props.onPick(event.target.value)}
                  className="rounded-md border border-slate-300 px-2 py-1 text-[13px] font-normal"
                >
                  {props.accounts.map((option) => (
                    <option key={option.advertiserId} value={option.advertiserId}>
                      {option.name} · {option.currency}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              account.name
            )}
          </h2>
          <p className="font-mono text-[11px] text-slate-500">
            {account.advertiserId} · {account.currency} · days in {account.timezone}
          </p>
        </div>
        <ExportBar advertiserId={account.advertiserId} level={props.level} range={props.range} />
      </header>
      {account.problem ? (
        <Notice tone="warning" title="No daily figures for this ad account">
          {account.problem}
        </Notice>
      ) : (
        <DailyChart points={account.daily} currency={account.currency} />
      )}
      <LevelTable
        advertiserId={account.advertiserId}
        range={props.range}
        level={props.level}
        onLevelChange={props.onLevelChange}
      />
    </section>
  );
}

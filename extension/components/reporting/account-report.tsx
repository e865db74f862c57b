import type { Level } from '../../../companion-server/src/contract/ads-manager';
import type { AccountOverview } from '../../../companion-server/src/contract/reporting';
import { formatUnconverted } from '../../ads-manager/bayme-format';
import { formatCount, formatMoney, formatRatio } from '../../ads-manager/metrics-format';
import { Notice } from '../notice';
import { DailyChart } from './daily-chart';
import { ExportBar } from './export-bar';
import { LevelTable } from './level-table';
import type { ReportRange } from './report-range';

/**
 * One ad account in detail (picked with a select when several are shown): Bayme's figures
 * beside TikTok's for the range (where the server takes orders), its daily chart, its
 * campaigns, ad groups or ads, and its CSV exports.
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
          {account.bayme ? <AccountBayme account={account} bayme={account.bayme} /> : null}
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

/** The account's Bayme figures over the range, on one line, beside TikTok's ROAS. */
function AccountBayme(props: {
  account: AccountOverview;
  bayme: NonNullable<AccountOverview['bayme']>;
}) {
  const { account, bayme } = props;
  return (
    <p className="text-[12px] text-slate-700" data-testid="account-bayme">
      <span className="font-semibold text-emerald-800">Bayme</span>{' '}
      <span className="tabular-nums">
        {formatMoney(bayme.revenue, account.currency)} · {formatCount(bayme.orders)} order
        {bayme.orders === 1 ? '' : 's'} · ROAS {formatRatio(bayme.roas)}
      </span>{' '}
      <span className="text-slate-500">
        (TikTok ROAS {formatRatio(account.totals?.roas ?? null)})
      </span>
      {bayme.unconverted.length > 0 ? (
        <span className="text-amber-800">
          {' '}
          · not converted: {formatUnconverted(bayme.unconverted)}
        </span>
      ) : null}
    </p>
  );
}

import { eachDate, type IsoDate } from '../lib/time-zone';
import { type BaymeFigures, emptyFigures } from '../orders/order-figures';
import type { ExportPlan, ExportRow } from './export-plan';
import { accountFigures, type ReportingOrders } from './report-orders';

/**
 * Bayme's figures for the rows of an export, a slice at a time as the rows stream: one read
 * of the order store per slice (50 rows), for exactly the slice's entities and the days its
 * rows span, so an export of any size holds no more of the orders than it writes.
 *
 * An export's rows are TikTok's: an entity or a day without delivery has no row, so orders
 * it had (a click before the range, an order after the spend stopped) are not written.
 */
export interface ExportBaymeReader {
  /**
   * Reads what every slice needs (the account's campaign ids, for an account-level export)
   * now, so that a failure is the export's error answer rather than a file cut short.
   */
  ready(): Promise<void>;
  read(rows: readonly ExportRow[]): Promise<BaymeFigures[]>;
}

export function exportBaymeReader(orders: ReportingOrders, plan: ExportPlan): ExportBaymeReader {
  const { account, query, range } = plan;
  const daily = query.breakdown === 'daily';
  let campaignIds: Promise<readonly string[]> | null = null;
  const campaignsOfAccount = () => {
    campaignIds ??= orders.campaignIds(account.advertiserId);
    return campaignIds;
  };

  /** The span of the slice: its rows' days (daily), else the export's range. */
  const spanOf = (rows: readonly ExportRow[]) => {
    if (!daily) return range;
    const dates = rows.map((row) => row.date).sort();
    return { start: dates[0] as IsoDate, end: dates.at(-1) as IsoDate };
  };

  const read = async (rows: readonly ExportRow[]): Promise<BaymeFigures[]> => {
    if (rows.length === 0) return [];
    const span = spanOf(rows);
    const level = query.level;
    if (level === 'advertiser') {
      // The account's figures are its campaigns': their ids are read once per export.
      const ids = await campaignsOfAccount();
      const summed = accountFigures(orders.figures, account, ids, span, daily);
      if (!daily) return rows.map(() => summed.totals);
      const days = dayIndex(span);
      return rows.map((row) => summed.daily[days.get(row.date) ?? -1] ?? emptyFigures());
    }
    const figures = orders.figures.forEntities({
      level,
      entityIds: [...new Set(rows.map((row) => row.id))],
      start: span.start,
      end: span.end,
      timeZone: account.timezone,
      currency: account.currency,
      daily,
    });
    const days = daily ? dayIndex(span) : null;
    return rows.map((row) => {
      const entity = figures.get(row.id);
      if (!entity) return emptyFigures();
      if (!days) return entity.totals;
      return entity.daily?.[days.get(row.date) ?? -1] ?? emptyFigures();
    });
  };
  return {
    async ready() {
      if (query.level === 'advertiser') await campaignsOfAccount();
    },
    read,
  };
}

function dayIndex(span: { start: IsoDate; end: IsoDate }): Map<IsoDate, number> {
  return new Map(eachDate(span.start, span.end).map((day, i) => [day, i]));
}

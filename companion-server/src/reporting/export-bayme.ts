import { eachDate, type IsoDate } from '../lib/time-zone';
import { type BaymeFigures, emptyFigures, hasOrders } from '../orders/order-figures';
import type { ExportPlan, ExportRow } from './export-plan';
import { ZERO_FIGURES } from './report-figures';
import { accountFigures, type ReportingOrders } from './report-orders';

/**
 * Bayme's figures for the rows of an export, a slice at a time as the rows stream: one read
 * of the order store per slice (50 rows), for exactly the slice's entities and the days its
 * rows span, so an export of any size holds no more of the orders than it writes.
 *
 * An export's rows are TikTok's, and an entity or a day without delivery has none. Its orders
 * (a click before the range, an order after the spend stopped, an entity deleted since) are
 * written all the same, in rows of their own after TikTok's: with no spend, and Bayme's
 * figures (`extraRows`). Which entities and days have orders is read once, in `ready`: the
 * level's entities (deleted ones included) with any order or refund in the range, then their
 * days; only those are remembered while the rows stream, so an export of any size holds no
 * more than its orders' entities and days.
 */
export interface ExportBaymeReader {
  /**
   * Reads what every slice needs (the account's campaign ids, for an account-level export)
   * now, so that a failure is the export's error answer rather than a file cut short.
   */
  ready(): Promise<void>;
  read(rows: readonly ExportRow[]): Promise<BaymeFigures[]>;
  /** Entities and days with orders that TikTok's rows did not have, once every row was read. */
  extraRows(): Promise<Array<{ row: ExportRow; figures: BaymeFigures }>>;
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

  /** What has orders and has not been written yet, by "id|date" (date "" without days). */
  let pending: Map<string, { row: ExportRow; figures: BaymeFigures }> | null = null;
  let preparing: Promise<void> | null = null;
  const keyOf = (id: string, date: string) => `${id}|${daily ? date : ''}`;

  const prepare = async () => {
    const found = new Map<string, { row: ExportRow; figures: BaymeFigures }>();
    const level = query.level;
    if (level === 'advertiser') {
      const ids = await campaignsOfAccount();
      const summed = accountFigures(orders.figures, account, ids, range, daily);
      const days = daily ? eachDate(range.start, range.end) : [range.start];
      const each = daily ? summed.daily : [summed.totals];
      days.forEach((date, i) => {
        const figures = each[i];
        if (!figures || !hasOrders(figures)) return;
        const row = {
          id: account.advertiserId,
          name: account.name,
          date: daily ? date : '',
          figures: ZERO_FIGURES,
        };
        found.set(keyOf(row.id, row.date), { row, figures });
      });
      pending = found;
      return;
    }
    const entities = await orders.entitiesOf(account.advertiserId, level);
    const names = new Map(entities.map((entity) => [entity.id, entity.name]));
    const base = {
      level,
      start: range.start,
      end: range.end,
      timeZone: account.timezone,
      currency: account.currency,
    };
    // Totals first, for every entity; days only for those with orders.
    const totals = orders.figures.forEntities({ ...base, entityIds: [...names.keys()] });
    const withOrders = [...totals].filter(([, entity]) => hasOrders(entity.totals));
    if (!daily) {
      for (const [id, entity] of withOrders) {
        const row = { id, name: names.get(id) ?? null, date: '', figures: ZERO_FIGURES };
        found.set(keyOf(id, ''), { row, figures: entity.totals });
      }
    } else if (withOrders.length > 0) {
      const byDay = orders.figures.forEntities({
        ...base,
        entityIds: withOrders.map(([id]) => id),
        daily: true,
      });
      for (const [id, entity] of byDay) {
        for (const day of entity.daily ?? []) {
          if (!hasOrders(day)) continue;
          const row = { id, name: names.get(id) ?? null, date: day.date, figures: ZERO_FIGURES };
          found.set(keyOf(id, day.date), { row, figures: day });
        }
      }
    }
    pending = found;
  };

  const read = async (rows: readonly ExportRow[]): Promise<BaymeFigures[]> => {
    if (rows.length === 0) return [];
    await ready();
    for (const row of rows) pending?.delete(keyOf(row.id, row.date));
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
  const ready = () => {
    preparing ??= prepare();
    return preparing;
  };
  return {
    ready,
    read,
    async extraRows() {
      await ready();
      const rest = [...(pending?.values() ?? [])];
      pending = new Map();
      return rest.sort(
        (a, b) => a.row.id.localeCompare(b.row.id) || a.row.date.localeCompare(b.row.date),
      );
    },
  };
}

function dayIndex(span: { start: IsoDate; end: IsoDate }): Map<IsoDate, number> {
  return new Map(eachDate(span.start, span.end).map((day, i) => [day, i]));
}

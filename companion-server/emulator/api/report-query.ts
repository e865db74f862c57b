import { z } from 'zod';
import { compareDates, inclusiveDayCount, isIsoDate, zonedDate } from '../../src/lib/time-zone';
import { parameterError, ReturnCode } from '../core/api-error';
import {
  boolean,
  IdSchema,
  idList,
  integer,
  jsonEncoded,
  parseParams,
  returnCodeIssue,
  typeError,
} from '../core/params';
import type { ReportQuery, StatusScope } from '../metrics/integrated-report';
import type { ReportLevel } from '../metrics/metric-catalog';
import { METRICS_BY_NAME, SUPPORTED_METRICS } from '../metrics/report-metrics';
import type { EmulatorRuntime } from '../runtime';
import type { Advertiser } from '../state/model';
import { advertiserOf } from './lookup';

/**
 * Parameters of a BASIC report (shared/reference/tiktok-marketing-api.md §7.1), shared by
 * the synchronous report and the asynchronous report task.
 */

const DATA_LEVELS: Record<string, ReportLevel> = {
  AUCTION_ADVERTISER: 'advertiser',
  AUCTION_CAMPAIGN: 'campaign',
  AUCTION_ADGROUP: 'adgroup',
  AUCTION_AD: 'ad',
};

const DATA_LEVEL_NAMES: Record<ReportLevel, string> = {
  advertiser: 'AUCTION_ADVERTISER',
  campaign: 'AUCTION_CAMPAIGN',
  adgroup: 'AUCTION_ADGROUP',
  ad: 'AUCTION_AD',
};

const ID_DIMENSION: Record<ReportLevel, NonNullable<ReportQuery['idDimension']>> = {
  advertiser: 'advertiser_id',
  campaign: 'campaign_id',
  adgroup: 'adgroup_id',
  ad: 'ad_id',
};

/** Longest date range, in days counting both ends, per time dimension. */
export const REPORT_WINDOW_DAYS = { stat_time_day: 30, stat_time_hour: 1, none: 365 } as const;

/** At most this many accounts in one multi-advertiser report (advertiser_ids). */
const MAX_REPORT_ADVERTISERS = 5;

const FilterSchema = z.strictObject({
  field_name: z.string({ error: typeError('Not a valid string.') }),
  // RANGE is the official SDK's other name for BETWEEN.
  filter_type: z.enum(
    [
      'IN',
      'NOT_IN',
      'CONTAIN_ANY_OF',
      'MATCH',
      'GREATER_EQUAL',
      'GREATER_THAN',
      'LOWER_EQUAL',
      'LOWER_THAN',
      'BETWEEN',
      'RANGE',
    ],
    { error: typeError('Not a valid filter_type.') },
  ),
  // TikTok takes the value as text: a JSON-encoded list for IN, a two-element one for BETWEEN.
  filter_value: z.string({ error: typeError('Not a valid string (a JSON-encoded list for IN).') }),
});

/**
 * Reports take `filtering` as a list of {field_name, filter_type, filter_value}; the object
 * form ({"campaign_ids": [...]}) is campaign/get's. TikTok documents only the list for reports,
 * so the emulator refuses the object rather than guess what TikTok would make of it.
 */
const FilteringSchema = jsonEncoded(
  z.array(FilterSchema, {
    error: (issue) =>
      issue.input === undefined
        ? undefined
        : 'Not a valid list. Reports take a list of {field_name, filter_type, filter_value}; the object form belongs to campaign/get, adgroup/get and ad/get.',
  }),
);

export const ReportParamsShape = {
  advertiser_id: IdSchema.optional(),
  service_type: z.enum(['AUCTION', 'RESERVATION']).default('AUCTION'),
  report_type: z.enum(['BASIC', 'AUDIENCE', 'PLAYABLE_MATERIAL', 'CATALOG', 'BC', 'TT_SHOP'], {
    error: typeError('Not a valid report_type.'),
  }),
  data_level: z
    .enum(['AUCTION_ADVERTISER', 'AUCTION_CAMPAIGN', 'AUCTION_ADGROUP', 'AUCTION_AD'])
    .optional(),
  dimensions: jsonEncoded(
    z.array(z.string(), { error: typeError('Not a valid list.') }).min(1, {
      error: 'At least one dimension is required.',
    }),
  ),
  metrics: jsonEncoded(z.array(z.string(), { error: typeError('Not a valid list.') })).default([
    'spend',
    'impressions',
  ]),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  query_lifetime: boolean().default(false),
  filtering: FilteringSchema.optional(),
  order_field: z.string().optional(),
  order_type: z.enum(['ASC', 'DESC']).default('DESC'),
  enable_total_metrics: boolean().default(false),
  multi_adv_report_in_utc_time: boolean().default(false),
  // CHUNK is deprecated at TikTok and synchronous only: one answer with every row, no pages.
  query_mode: z
    .enum(['REGULAR', 'CHUNK'], { error: typeError('Must be one of: REGULAR, CHUNK.') })
    .default('REGULAR'),
};

const unknownParameter = {
  error: (issue: { code: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys'
      ? `Unknown parameter(s) ${issue.keys?.join(', ')}. (v1.3 renamed lifetime → query_lifetime and filters → filtering.)`
      : undefined,
};

/** The synchronous report: one account, or up to five (advertiser_ids); paged. */
export const ReportParamsSchema = z.strictObject(
  {
    ...ReportParamsShape,
    advertiser_ids: idList(MAX_REPORT_ADVERTISERS).optional(),
    // No defaults here: CHUNK mode refuses paging parameters that were given.
    page: integer({ min: 1 }).optional(),
    page_size: integer({ min: 1, max: 1000 }).optional(),
  },
  unknownParameter,
);

type ReportParams = z.output<typeof ReportParamsSchema>;

/** What a report is made from, whether synchronous or a task. */
type ReportInput = Omit<ReportParams, 'page' | 'page_size'>;

/** The accounts a report reads: advertiser_ids when given (TikTok then ignores advertiser_id). */
export function reportAdvertiserIds(params: {
  advertiser_id?: string | undefined;
  advertiser_ids?: string[] | undefined;
}): string[] {
  if (params.advertiser_ids) return params.advertiser_ids;
  return params.advertiser_id ? [params.advertiser_id] : [];
}

/** Check a report request against TikTok's rules and turn it into a query. */
export function buildReportQuery(
  runtime: EmulatorRuntime,
  params: ReportInput,
  now: number,
): ReportQuery {
  const multiAdvertiser = params.advertiser_ids !== undefined;
  const ids = reportAdvertiserIds(params);
  if (ids.length === 0) {
    throw parameterError('advertiser_id: Either advertiser_id or advertiser_ids is required.');
  }
  if (new Set(ids).size !== ids.length) {
    throw parameterError('advertiser_ids: Each advertiser may appear only once.');
  }
  const advertisers = ids.map((id) => advertiserOf(runtime, id));
  if (multiAdvertiser) assertOneBusinessUser(runtime, ids);
  if (params.multi_adv_report_in_utc_time && !multiAdvertiser) {
    // TikTok documents the switch for advertiser_ids only; alone it would silently do nothing.
    throw parameterError(
      'multi_adv_report_in_utc_time: Only for multi-advertiser reports (advertiser_ids).',
    );
  }
  const advertiser = advertisers[0] as Advertiser;

  if (params.report_type !== 'BASIC') {
    throw parameterError(
      `report_type: The emulator supports BASIC reports only, not ${params.report_type}.`,
    );
  }
  if (params.service_type !== 'AUCTION') {
    throw parameterError('service_type: The emulator supports AUCTION reports only.');
  }
  if (!params.data_level) throw parameterError('data_level: Required for BASIC reports.');
  const level = DATA_LEVELS[params.data_level] as ReportLevel;
  if (params.enable_total_metrics && runtime.options.sandbox) {
    throw parameterError('enable_total_metrics: Not available in the sandbox.');
  }

  const dimensions = params.dimensions;
  if (new Set(dimensions).size !== dimensions.length) {
    throw parameterError('dimensions: Each dimension may appear only once.');
  }
  const idDimension = ID_DIMENSION[level];
  const allowedDimensions = [idDimension, 'stat_time_day', 'stat_time_hour'];
  const unknown = dimensions.find((dimension) => !allowedDimensions.includes(dimension));
  if (unknown) {
    throw parameterError(
      `dimensions: one or more value of the param is not acceptable, correct is [${allowedDimensions.join(', ')}] at ${params.data_level}.`,
    );
  }
  const timeDimensions = dimensions.filter((d) => d.startsWith('stat_time_'));
  if (timeDimensions.length > 1) {
    throw parameterError('dimensions: Use stat_time_day or stat_time_hour, not both.');
  }
  const timeDimension = (timeDimensions[0] ?? null) as ReportQuery['timeDimension'];
  const withId = dimensions.includes(idDimension);

  checkMetrics(params, level, withId, timeDimension);

  let startDate: string;
  let endDate: string;
  if (params.query_lifetime) {
    if (timeDimension) {
      throw parameterError('query_lifetime: Lifetime reports cannot have a time dimension.');
    }
    startDate = zonedDate(advertiser.create_time, advertiser.timezone);
    endDate = zonedDate(now, advertiser.timezone);
  } else {
    if (!params.start_date || !params.end_date) {
      throw parameterError(
        'start_date: start_date and end_date are required unless query_lifetime is true.',
      );
    }
    if (!isIsoDate(params.start_date))
      throw parameterError('start_date: Not a valid date (YYYY-MM-DD).');
    if (!isIsoDate(params.end_date))
      throw parameterError('end_date: Not a valid date (YYYY-MM-DD).');
    if (compareDates(params.start_date, params.end_date) > 0) {
      throw parameterError('end_date: The end date must not be before the start date.');
    }
    const limit = REPORT_WINDOW_DAYS[timeDimension ?? 'none'];
    const days = inclusiveDayCount(params.start_date, params.end_date);
    if (days > limit) {
      throw parameterError(
        `The date range is ${days} days; with ${timeDimension ?? 'no time dimension'} it can be at most ${limit} day${limit === 1 ? '' : 's'}.`,
      );
    }
    startDate = params.start_date;
    endDate = params.end_date;
  }

  const { idFilters, statusScope } = parseFiltering(params.filtering ?? [], level);
  return {
    advertiser,
    ...(multiAdvertiser ? { advertisers, utcTime: params.multi_adv_report_in_utc_time } : {}),
    level,
    idDimension: withId ? idDimension : null,
    timeDimension,
    metrics: params.metrics,
    startDate,
    endDate,
    ...(params.query_lifetime ? { lifetime: true } : {}),
    idFilters,
    statusScope,
    orderField: params.order_field ?? null,
    orderType: params.order_type,
    enableTotalMetrics: params.enable_total_metrics,
  };
}

/**
 * Every metric must be in the catalog (else TikTok's 40002 wording) and allowed where it is
 * asked for: at the data level, with an ID dimension for attributes, daily for cash spend.
 */
function checkMetrics(
  params: ReportInput,
  level: ReportLevel,
  withId: boolean,
  timeDimension: ReportQuery['timeDimension'],
): void {
  const dataLevel = DATA_LEVEL_NAMES[level];
  for (const name of params.metrics) {
    const metric = METRICS_BY_NAME.get(name);
    if (!metric) {
      throw parameterError(
        `metrics: one or more value of the param is not acceptable, correct is [${SUPPORTED_METRICS.join(', ')}]`,
      );
    }
    if (!metric.levels.includes(level)) {
      const where = metric.levels.map((l) => DATA_LEVEL_NAMES[l]).join(', ');
      throw parameterError(`metrics: ${name} is not supported at ${dataLevel} (only at ${where}).`);
    }
    if (metric.needsIdDimension && !withId) {
      throw parameterError(`metrics: ${name} needs an ID dimension (${level}_id) in dimensions.`);
    }
    if (metric.dailyOnly && (timeDimension !== 'stat_time_day' || params.query_lifetime)) {
      throw parameterError(
        `metrics: ${name} is reported by day only: add stat_time_day to dimensions.`,
      );
    }
  }
  if (params.order_field) {
    const metric = METRICS_BY_NAME.get(params.order_field);
    if (!params.metrics.includes(params.order_field) || !metric) {
      throw parameterError('order_field: Must be one of the requested metrics.');
    }
    if (metric.kind === 'attribute') {
      throw parameterError(
        `order_field: Attribute metrics such as ${metric.name} cannot order rows.`,
      );
    }
  }
}

/**
 * TikTok requires the accounts of a multi-advertiser report to belong to one TikTok for
 * Business user; the emulator checks its users' accounts.
 */
function assertOneBusinessUser(runtime: EmulatorRuntime, ids: readonly string[]): void {
  const together = [...runtime.state.users.values()].some((user) =>
    ids.every((id) => user.advertiser_ids.includes(id)),
  );
  if (!together) {
    throw parameterError(
      'advertiser_ids: The advertisers must belong to the same TikTok for Business user; list them with /oauth2/advertiser/get/.',
    );
  }
}

const IdFilterValue = jsonEncoded(
  z
    .array(IdSchema, { error: 'filter_value must be a JSON-encoded list of ids.' })
    .min(1)
    .superRefine((ids, ctx) => {
      if (ids.length > 100) {
        ctx.addIssue(
          returnCodeIssue(
            `At most 100 ids per filter; got ${ids.length}.`,
            ReturnCode.TOO_MANY_IDS,
          ),
        );
      }
    }),
);

const StatusFilterValue = jsonEncoded(
  z
    .array(z.enum(['STATUS_ALL', 'STATUS_NOT_DELETE', 'STATUS_DELETE']), {
      error:
        'filter_value must be a JSON-encoded list of STATUS_ALL, STATUS_NOT_DELETE or STATUS_DELETE.',
    })
    .length(1, { error: 'filter_value must hold exactly one status.' }),
);

function parseFiltering(
  filters: Array<z.output<typeof FilterSchema>>,
  level: ReportLevel,
): { idFilters: ReportQuery['idFilters']; statusScope: StatusScope } {
  const idFilters: ReportQuery['idFilters'] = {};
  let statusScope: StatusScope = 'STATUS_NOT_DELETE';
  for (const filter of filters) {
    const { field_name: field } = filter;
    if (field === 'campaign_ids' || field === 'adgroup_ids' || field === 'ad_ids') {
      if (filter.filter_type !== 'IN')
        throw parameterError(`filtering: ${field} supports filter_type IN.`);
      idFilters[field] = parseParams(z.object({ [field]: IdFilterValue }), {
        [field]: filter.filter_value,
      })[field];
    } else if (field === 'campaign_status' || field === 'adgroup_status' || field === 'ad_status') {
      if (filter.filter_type !== 'IN')
        throw parameterError(`filtering: ${field} supports filter_type IN.`);
      // A status filter selects the rows' own objects; advertiser rows always include everything.
      if (field !== `${level}_status`) {
        throw parameterError(`filtering: ${field} does not apply at this data_level.`);
      }
      const [scope] = parseParams(z.object({ [field]: StatusFilterValue }), {
        [field]: filter.filter_value,
      })[field] as StatusScope[];
      statusScope = scope ?? statusScope;
    } else {
      throw parameterError(`filtering: The emulator does not support filtering on ${field}.`);
    }
  }
  return { idFilters, statusScope };
}

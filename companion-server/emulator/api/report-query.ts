import { z } from 'zod';
import { compareDates, inclusiveDayCount, isIsoDate, zonedDate } from '../../src/lib/time-zone';
import { parameterError, ReturnCode } from '../core/api-error';
import {
  boolean,
  IdSchema,
  jsonEncoded,
  parseParams,
  returnCodeIssue,
  typeError,
} from '../core/params';
import type { ReportQuery, StatusScope } from '../metrics/integrated-report';
import { type ReportLevel, SUPPORTED_METRICS } from '../metrics/report-metrics';
import type { EmulatorRuntime } from '../runtime';
import { pagingParams } from './listing';
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

const ID_DIMENSION: Record<ReportLevel, ReportQuery['idDimension']> = {
  advertiser: 'advertiser_id',
  campaign: 'campaign_id',
  adgroup: 'adgroup_id',
  ad: 'ad_id',
};

/** Longest date range, in days counting both ends, per time dimension. */
export const REPORT_WINDOW_DAYS = { stat_time_day: 30, stat_time_hour: 1, none: 365 } as const;

const FilterSchema = z.strictObject({
  field_name: z.string({ error: typeError('Not a valid string.') }),
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
    ],
    { error: typeError('Not a valid filter_type.') },
  ),
  filter_value: z.string({ error: typeError('Not a valid string (a JSON-encoded list for IN).') }),
});

export const ReportParamsShape = {
  advertiser_id: IdSchema,
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
  filtering: jsonEncoded(
    z.array(FilterSchema, { error: typeError('Not a valid list.') }),
  ).optional(),
  order_field: z.string().optional(),
  order_type: z.enum(['ASC', 'DESC']).default('DESC'),
  enable_total_metrics: boolean().default(false),
  multi_adv_report_in_utc_time: boolean().optional(),
};

export const ReportParamsSchema = z.strictObject(
  { ...ReportParamsShape, page: pagingParams.page, page_size: pagingParams.page_size },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown parameter(s) ${issue.keys.join(', ')}. (v1.3 renamed lifetime → query_lifetime and filters → filtering.)`
        : undefined,
  },
);

export type ReportParams = z.output<typeof ReportParamsSchema>;

type ReportInput = Omit<ReportParams, 'page' | 'page_size'>;

/** Check a report request against TikTok's rules and turn it into a query. */
export function buildReportQuery(
  runtime: EmulatorRuntime,
  params: ReportInput,
  now: number,
): ReportQuery {
  const advertiser = advertiserOf(runtime, params.advertiser_id);
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

  const unknownMetric = params.metrics.find((metric) => !SUPPORTED_METRICS.includes(metric));
  if (unknownMetric) {
    throw parameterError(
      `metrics: one or more value of the param is not acceptable, correct is [${SUPPORTED_METRICS.join(', ')}]`,
    );
  }
  if (params.order_field && !params.metrics.includes(params.order_field)) {
    throw parameterError('order_field: Must be one of the requested metrics.');
  }

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
    level,
    idDimension: dimensions.includes(idDimension ?? '') ? idDimension : null,
    timeDimension,
    metrics: params.metrics,
    startDate,
    endDate,
    idFilters,
    statusScope,
    orderField: params.order_field ?? null,
    orderType: params.order_type,
    enableTotalMetrics: params.enable_total_metrics,
  };
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

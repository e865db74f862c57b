import { z } from 'zod';
import { ApiError, parameterError, ReturnCode } from '../core/api-error';
import { freshId } from '../core/ids';
import { IdSchema, typeError } from '../core/params';
import { Permission } from '../core/permissions';
import { runIntegratedReport } from '../metrics/integrated-report';
import type { MetricValue } from '../metrics/report-metrics';
import type { EmulatorRuntime } from '../runtime';
import type { ReportTask, ReportTaskStatus } from '../state/model';
import { defineEndpoint, RawAnswer } from './endpoint';
import type { PageInfo } from './listing';
import { cachedReport } from './report-cache';
import {
  buildReportQuery,
  ReportParamsSchema,
  ReportParamsShape,
  reportAdvertiserIds,
} from './report-query';

const DEFAULT_PAGE_SIZE = 10;

export const integratedReport = defineEndpoint({
  method: 'GET',
  path: 'report/integrated/get/',
  auth: 'access-token',
  permission: Permission.REPORTING,
  params: ReportParamsSchema,
  advertiserIds: reportAdvertiserIds,
  handler(params, { runtime, now, reply }) {
    const chunk = params.query_mode === 'CHUNK';
    if (chunk && (params.page !== undefined || params.page_size !== undefined)) {
      throw parameterError('page: query_mode CHUNK does not page; leave out page and page_size.');
    }
    const query = buildReportQuery(runtime, params, now);
    // Computed once per query, world state and clock minute; every page is a slice of it.
    const report = cachedReport(runtime, query, now, runtime.options.syncReportAdLimit);
    // TikTok flags a sync report that left out ads beyond its 20,000-ad limit with this header.
    if (report.truncated) reply.header('x-tt-ads-throttle', '1');
    const page = params.page ?? 1;
    const pageSize = chunk ? Math.max(1, report.rowCount) : (params.page_size ?? DEFAULT_PAGE_SIZE);
    const start = (page - 1) * pageSize;
    const pageInfo: PageInfo = {
      page,
      page_size: pageSize,
      total_number: report.rowCount,
      total_page: Math.ceil(report.rowCount / pageSize),
    };
    return {
      list: report.rows(start, start + pageSize),
      page_info: pageInfo,
      ...(report.totalMetrics ? { total_metrics: report.totalMetrics } : {}),
    };
  },
});

/**
 * Asynchronous reports. Bayme's request for TikTok's "Asynchronous Report" allowlist is
 * pending, so these answer 40118 unless the emulator is told the app is allowlisted.
 */
function assertAllowlisted(runtime: EmulatorRuntime): void {
  if (!runtime.options.asyncReportsAllowlisted) {
    throw new ApiError(
      ReturnCode.NOT_ALLOWLISTED,
      'The app is not in the allowlist for Asynchronous Report. Apply for access in the TikTok API for Business portal.',
    );
  }
}

function taskStatus(runtime: EmulatorRuntime, task: ReportTask, now: number): ReportTaskStatus {
  if (task.canceled_at !== null) return 'CANCELED';
  const elapsed = now - task.created_at;
  const delay = runtime.options.asyncReportDelayMs;
  if (elapsed >= delay) return 'SUCCESS';
  return elapsed < delay / 3 ? 'QUEUING' : 'PROCESSING';
}

function taskOf(runtime: EmulatorRuntime, advertiserId: string, taskId: string): ReportTask {
  const task = runtime.state.reportTasks.get(taskId);
  if (!task || task.advertiser_id !== advertiserId) {
    throw new ApiError(ReturnCode.OBJECT_NOT_FOUND, `task_id: Task ${taskId} does not exist.`);
  }
  return task;
}

function toCsv(
  rows: Array<{ dimensions: Record<string, string>; metrics: Record<string, MetricValue> }>,
  columns: string[],
): string {
  const quote = (value: string) =>
    /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  const lines = [columns.map(quote).join(',')];
  for (const row of rows) {
    lines.push(
      columns.map((column) => quote(row.dimensions[column] ?? row.metrics[column] ?? '')).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const TaskRef = { advertiser_id: IdSchema, task_id: IdSchema };

export const reportTaskCreate = defineEndpoint({
  method: 'POST',
  path: 'report/task/create/',
  auth: 'access-token',
  permission: Permission.REPORTING,
  unavailableInSandbox: true,
  params: z.strictObject({
    ...ReportParamsShape,
    advertiser_id: IdSchema,
    output_format: z.enum(['CSV_DOWNLOAD', 'CSV_STRING', 'XLSX_DOWNLOAD']).default('CSV_DOWNLOAD'),
    file_name: z
      .string({ error: typeError('Not a valid string.') })
      .max(200)
      .optional(),
  }),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now, token }) {
    assertAllowlisted(runtime);
    if (params.output_format === 'XLSX_DOWNLOAD') {
      throw new ApiError(
        ReturnCode.PARAMETER_ERROR,
        'output_format: The emulator produces CSV only.',
      );
    }
    if (params.query_mode === 'CHUNK') {
      throw parameterError('query_mode: CHUNK is for synchronous reports only.');
    }
    // TikTok does not document date limits for async reports; the emulator keeps the sync ones.
    const query = buildReportQuery(runtime, params, now);
    // Async reports are not limited to 20,000 ads (they match Ads Manager's export).
    const result = runIntegratedReport(
      query,
      runtime.state,
      runtime.simulator,
      now,
      Number.POSITIVE_INFINITY,
    );
    const task: ReportTask = {
      task_id: freshId('task', (id) => runtime.state.isIdTaken(id)),
      app_id: token?.app_id ?? '',
      advertiser_id: params.advertiser_id,
      created_at: now,
      canceled_at: null,
      file_name: params.file_name ?? `report_${params.advertiser_id}`,
      output_format: params.output_format,
      csv: toCsv(result.rows, [...params.dimensions, ...params.metrics]),
    };
    runtime.state.reportTasks.set(task.task_id, task);
    return { task_id: task.task_id };
  },
});

export const reportTaskCheck = defineEndpoint({
  method: 'GET',
  path: 'report/task/check/',
  auth: 'access-token',
  permission: Permission.REPORTING,
  unavailableInSandbox: true,
  params: z.object(TaskRef),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    assertAllowlisted(runtime);
    const task = taskOf(runtime, params.advertiser_id, params.task_id);
    return { task_id: task.task_id, status: taskStatus(runtime, task, now) };
  },
});

export const reportTaskDownload = defineEndpoint({
  method: 'GET',
  path: 'report/task/download/',
  auth: 'access-token',
  permission: Permission.REPORTING,
  unavailableInSandbox: true,
  params: z.object(TaskRef),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    assertAllowlisted(runtime);
    const task = taskOf(runtime, params.advertiser_id, params.task_id);
    const status = taskStatus(runtime, task, now);
    if (status !== 'SUCCESS') {
      throw new ApiError(
        ReturnCode.TASK_NOT_READY,
        `The task is ${status}; download it once it is SUCCESS.`,
      );
    }
    if (task.output_format === 'CSV_STRING') return { task_id: task.task_id, csv: task.csv };
    return new RawAnswer('text/csv; charset=utf-8', task.csv, {
      'content-disposition': `attachment; filename="${task.file_name.replace(/[^\w.-]/g, '_')}.csv"`,
    });
  },
});

export const reportTaskCancel = defineEndpoint({
  method: 'POST',
  path: 'report/task/cancel/',
  auth: 'access-token',
  permission: Permission.REPORTING,
  unavailableInSandbox: true,
  params: z.strictObject(TaskRef),
  advertiserIds: (params) => [params.advertiser_id],
  handler(params, { runtime, now }) {
    assertAllowlisted(runtime);
    const task = taskOf(runtime, params.advertiser_id, params.task_id);
    const status = taskStatus(runtime, task, now);
    if (status === 'SUCCESS' || status === 'CANCELED') {
      throw new ApiError(
        ReturnCode.TASK_ERROR,
        `The task is already ${status} and cannot be canceled.`,
      );
    }
    task.canceled_at = now;
    return { task_id: task.task_id, status: 'CANCELED' };
  },
});

export const reportEndpoints = [
  integratedReport,
  reportTaskCreate,
  reportTaskCheck,
  reportTaskDownload,
  reportTaskCancel,
];

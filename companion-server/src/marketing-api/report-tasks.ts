import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { CallOptions, ClientContext } from './context';
import type { DateRange } from './date-windows';
import type { DataLevel } from './reports';
import { TikTokIdSchema } from './schemas';

/**
 * Asynchronous report tasks (§7.2). They need TikTok's "Asynchronous Report" allowlist,
 * which Bayme has applied for: until it is granted, TikTok answers 40118 (invalid_request).
 */

export const TaskStatusSchema = z.enum(['QUEUING', 'PROCESSING', 'SUCCESS', 'FAILED', 'CANCELED']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export interface ReportTaskRequest {
  advertiserId: string;
  dataLevel: DataLevel;
  dimensions: readonly string[];
  metrics: readonly string[];
  range: DateRange | 'lifetime';
  fileName?: string;
}

export function reportTasksApi({ transport }: ClientContext) {
  const check = async (
    accessToken: string,
    advertiserId: string,
    taskId: string,
    options: CallOptions = {},
  ) => {
    const result = await transport.request({
      method: 'GET',
      path: 'report/task/check/',
      accessToken,
      query: { advertiser_id: advertiserId, task_id: taskId },
      data: z.looseObject({ status: TaskStatusSchema, message: z.string().optional() }),
      idempotent: true,
      ...options,
    });
    return result.data;
  };

  return {
    async create(accessToken: string, request: ReportTaskRequest, options: CallOptions = {}) {
      const result = await transport.request({
        method: 'POST',
        path: 'report/task/create/',
        accessToken,
        body: {
          advertiser_id: request.advertiserId,
          report_type: 'BASIC',
          data_level: request.dataLevel,
          dimensions: request.dimensions,
          metrics: request.metrics,
          ...(request.range === 'lifetime'
            ? { query_lifetime: true }
            : { start_date: request.range.startDate, end_date: request.range.endDate }),
          output_format: 'CSV_DOWNLOAD',
          ...(request.fileName ? { file_name: request.fileName } : {}),
        },
        data: z.object({ task_id: TikTokIdSchema }),
        // A repeated create makes a second task at worst; nothing is lost or changed.
        idempotent: true,
        ...options,
      });
      return { taskId: result.data.task_id, requestId: result.requestId };
    },

    check,

    /** Poll until the task is finished (or the wait runs out), then report its status. */
    async waitUntilDone(
      accessToken: string,
      advertiserId: string,
      taskId: string,
      wait: { pollIntervalMs?: number; timeoutMs?: number } & CallOptions = {},
    ): Promise<TaskStatus> {
      const deadline = Date.now() + (wait.timeoutMs ?? 600_000);
      const options = wait.signal ? { signal: wait.signal } : {};
      for (;;) {
        const { status } = await check(accessToken, advertiserId, taskId, options);
        if (status !== 'QUEUING' && status !== 'PROCESSING') return status;
        if (Date.now() >= deadline) return status;
        await sleep(wait.pollIntervalMs ?? 2_000, undefined, options);
      }
    },

    /**
     * Write the finished report's CSV to `file` as it arrives (a report can be hundreds of
     * megabytes); `file` appears only once the download is complete.
     */
    downloadToFile(
      accessToken: string,
      advertiserId: string,
      taskId: string,
      file: string,
      options: CallOptions = {},
    ) {
      return transport.downloadToFile(
        {
          method: 'GET',
          path: 'report/task/download/',
          accessToken,
          query: { advertiser_id: advertiserId, task_id: taskId },
          ...options,
        },
        file,
      );
    },
  };
}

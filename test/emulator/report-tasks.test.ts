import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { API_PREFIX, encodeParams } from '../helpers/raw-api';
import { addDays, expectTikTokId, localDate, START } from './support';

/**
 * Reference §7.2: asynchronous report tasks. Bayme is not on TikTok's allowlist yet, so the
 * emulator refuses them (40118) unless its settings say otherwise.
 */

const US_TODAY = localDate(START, 'America/Los_Angeles');

let emulator: TestEmulator;
let token: string;
let usId: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ startAt: START });
});

beforeEach(async () => {
  await emulator.control.clock({ set: START });
  await emulator.control.reset();
  await emulator.control.settings({ asyncReportsAllowlisted: false, asyncReportDelayMs: 3_000 });
  token = await emulator.control.mintToken();
  usId = (await emulator.control.account('USD')).advertiser_id;
});

afterAll(() => emulator.close());

const REPORT = {
  report_type: 'BASIC',
  data_level: 'AUCTION_CAMPAIGN',
  dimensions: ['stat_time_day'],
  metrics: ['spend', 'impressions'],
  start_date: addDays(US_TODAY, -7),
  end_date: addDays(US_TODAY, -1),
};

const createTask = () =>
  emulator.api.post('report/task/create/', { advertiser_id: usId, ...REPORT }, token);
const checkTask = (taskId: string) =>
  emulator.api.get('report/task/check/', { advertiser_id: usId, task_id: taskId }, token);
const downloadTask = (taskId: string) =>
  emulator.api.fetch(
    `${API_PREFIX}report/task/download/?${encodeParams({ advertiser_id: usId, task_id: taskId })}`,
    { headers: { 'Access-Token': token } },
  );

async function allowlisted(): Promise<void> {
  await emulator.control.settings({ asyncReportsAllowlisted: true, asyncReportDelayMs: 1_000 });
}

describe('without the allowlist (the default)', () => {
  it('answers 40118 to report/task/create/', async () => {
    const response = await createTask();

    expect(response.status).toBe(200);
    expect(response.body.code).toBe(40118);
    expect(response.body.data).toEqual({});
  });

  it('answers 40118 on a fresh emulator with default settings', async () => {
    const fresh = await startTestEmulator();
    try {
      const freshToken = await fresh.control.mintToken();
      const freshUs = (await fresh.control.account('USD')).advertiser_id;
      const response = await fresh.api.post(
        'report/task/create/',
        { advertiser_id: freshUs, ...REPORT },
        freshToken,
      );
      expect(response.body.code).toBe(40118);
    } finally {
      await fresh.close();
    }
  });
});

describe('with the allowlist', () => {
  it('creates a task that is queued or processing, then SUCCESS once its time has passed', async () => {
    await allowlisted();

    const created = await createTask();
    expect(created.body.code).toBe(0);
    expectTikTokId(created.body.data.task_id);
    const taskId = created.body.data.task_id;

    const early = await checkTask(taskId);
    expect(early.body.code).toBe(0);
    expect(['QUEUING', 'PROCESSING']).toContain(early.body.data.status);

    await emulator.control.clock({ advance_ms: 1_500 });
    const later = await checkTask(taskId);
    expect(later.body.code).toBe(0);
    expect(later.body.data.status).toBe('SUCCESS');
  });

  it('answers 40201 to a download before the task is ready', async () => {
    await allowlisted();
    const taskId = (await createTask()).body.data.task_id;

    const response = await downloadTask(taskId);
    const body = (await response.json()) as { code: number; data: unknown };

    expect(response.status).toBe(200);
    expect(body.code).toBe(40201);
    expect(body.data).toEqual({});
  });

  it('downloads CSV text with a header row once the task succeeded', async () => {
    await allowlisted();
    const taskId = (await createTask()).body.data.task_id;
    await emulator.control.clock({ advance_ms: 1_500 });

    const response = await downloadTask(taskId);
    const csv = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('stat_time_day,spend,impressions');
    expect(lines).toHaveLength(8);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00,\d+\.\d{3},\d+$/);
    }
  });

  it('holds the same figures as the synchronous report', async () => {
    await allowlisted();
    const taskId = (await createTask()).body.data.task_id;
    await emulator.control.clock({ advance_ms: 1_500 });
    const csv = await (await downloadTask(taskId)).text();

    const sync = await emulator.api.get(
      'report/integrated/get/',
      { advertiser_id: usId, ...REPORT, dimensions: ['stat_time_day'] },
      token,
    );

    const fromSync = sync.body.data.list
      .map((row: any) =>
        [row.dimensions.stat_time_day, row.metrics.spend, row.metrics.impressions].join(','),
      )
      .sort();
    expect(csv.trim().split('\n').slice(1).sort()).toEqual(fromSync);
  });

  it('answers 40007 for a task that does not exist', async () => {
    await allowlisted();

    const response = await checkTask('1600000000000000001');

    expect(response.body.code).toBe(40007);
  });
});

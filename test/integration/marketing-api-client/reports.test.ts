import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, zonedDate } from '../../../companion-server/src/lib/time-zone';
import { metricNumber } from '../../../companion-server/src/marketing-api/reports';
import { clientFor } from '../../helpers/client';
import { startTestEmulator, type TestEmulator } from '../../helpers/emulator';

describe('Marketing API client: reports', () => {
  let emulator: TestEmulator;
  let token: string;
  let us: { advertiser_id: string; timezone: string };
  let jp: { advertiser_id: string; timezone: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await emulator.control.reset();
    token = await emulator.control.mintToken();
    us = await emulator.control.account('USD');
    jp = await emulator.control.account('JPY');
  });

  it('splits a 75-day daily report into three windows of at most 30 days', async () => {
    const { client } = clientFor(emulator);
    const today = zonedDate(Date.now(), us.timezone);
    const start = addDays(today, -74);
    await emulator.control.clearCalls();
    const report = await client.reports.integrated(token, {
      advertiserId: us.advertiser_id,
      dataLevel: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id', 'stat_time_day'],
      metrics: ['spend', 'impressions', 'clicks', 'ctr'],
      range: { startDate: start, endDate: today },
    });
    expect(report.requests).toBe(3);
    const calls = await emulator.control.calls({ path: 'report/integrated/get/' });
    expect(calls.total).toBe(3);
    expect(calls.calls.every((c) => c.code === 0)).toBe(true);
    const days = new Set(report.rows.map((r) => r.dimensions.stat_time_day?.slice(0, 10)));
    expect([...days].every((d) => d !== undefined && d >= start && d <= today)).toBe(true);
    // The evergreen campaign (created 75 days ago) spends every day of the range but today's start.
    expect(days.size).toBeGreaterThanOrEqual(74);
    for (const row of report.rows) {
      const { clicks, impressions, ctr } = row.metrics;
      const expected = (Number(clicks) / Number(impressions)) * 100;
      expect(Math.abs((metricNumber(ctr) ?? -1) - expected)).toBeLessThan(0.006);
    }
  });

  it('fetches hourly data one day per request', async () => {
    const { client } = clientFor(emulator);
    const yesterday = zonedDate(Date.now() - 86_400_000, us.timezone);
    const report = await client.reports.integrated(token, {
      advertiserId: us.advertiser_id,
      dataLevel: 'AUCTION_ADVERTISER',
      dimensions: ['stat_time_hour'],
      metrics: ['spend'],
      range: { startDate: addDays(yesterday, -1), endDate: yesterday },
    });
    expect(report.requests).toBe(2);
    expect(report.rows.length).toBeGreaterThanOrEqual(40);
  });

  it('refuses, before any call, a range it could only answer by adding up ratios', async () => {
    const { client } = clientFor(emulator);
    await emulator.control.clearCalls();
    await expect(
      client.reports.integrated(token, {
        advertiserId: us.advertiser_id,
        dataLevel: 'AUCTION_CAMPAIGN',
        dimensions: ['campaign_id'],
        metrics: ['spend', 'ctr'],
        range: { startDate: '2025-01-01', endDate: '2026-06-30' },
      }),
    ).rejects.toThrow(/at most 365 days/);
    expect((await emulator.control.calls()).total).toBe(0);
  });

  it('reads "-" as no value, e.g. ROAS of an account without purchase value', async () => {
    const { client } = clientFor(emulator);
    const report = await client.reports.integrated(token, {
      advertiserId: jp.advertiser_id,
      dataLevel: 'AUCTION_CAMPAIGN',
      dimensions: ['campaign_id'],
      metrics: ['spend', 'complete_payment_roas'],
      range: 'lifetime',
    });
    expect(report.rows.length).toBeGreaterThan(0);
    for (const row of report.rows) {
      expect(row.metrics.complete_payment_roas).toBe('-');
      expect(metricNumber(row.metrics.complete_payment_roas)).toBeNull();
      expect(metricNumber(row.metrics.spend)).toBeGreaterThan(0);
    }
  });

  it('includes deleted objects only when asked', async () => {
    const { client } = clientFor(emulator);
    const uk = await emulator.control.account('GBP');
    const ask = (status?: 'STATUS_ALL') =>
      client.reports.integrated(token, {
        advertiserId: uk.advertiser_id,
        dataLevel: 'AUCTION_CAMPAIGN',
        dimensions: ['campaign_id'],
        metrics: ['spend', 'campaign_name'],
        range: 'lifetime',
        ...(status ? { filters: { status } } : {}),
      });
    const live = await ask();
    const all = await ask('STATUS_ALL');
    expect(live.rows.map((r) => r.metrics.campaign_name)).not.toContain('UK | Summer 2026 (ended)');
    expect(all.rows.map((r) => r.metrics.campaign_name)).toContain('UK | Summer 2026 (ended)');
  });

  it('runs an async report task when the app is allowlisted, and says so when it is not', async () => {
    const { client } = clientFor(emulator);
    const request = {
      advertiserId: us.advertiser_id,
      dataLevel: 'AUCTION_CAMPAIGN' as const,
      dimensions: ['campaign_id'],
      metrics: ['spend', 'impressions'],
      range: 'lifetime' as const,
    };
    await expect(client.reportTasks.create(token, request)).rejects.toMatchObject({
      code: 40118,
      category: 'invalid_request',
    });

    await emulator.control.settings({ asyncReportsAllowlisted: true, asyncReportDelayMs: 300 });
    const { taskId } = await client.reportTasks.create(token, request);
    expect(taskId).toMatch(/^\d{19}$/);
    const status = await client.reportTasks.waitUntilDone(token, us.advertiser_id, taskId, {
      pollIntervalMs: 50,
    });
    expect(status).toBe('SUCCESS');
    const dir = await mkdtemp(join(tmpdir(), 'report-task-'));
    const file = join(dir, 'report.csv');
    const { bytes } = await client.reportTasks.downloadToFile(
      token,
      us.advertiser_id,
      taskId,
      file,
    );
    const csv = await readFile(file, 'utf8');
    await rm(dir, { recursive: true, force: true });
    expect(bytes).toBe(Buffer.byteLength(csv));
    const [header, ...lines] = csv.trim().split('\n');
    expect(header).toBe('campaign_id,spend,impressions');
    expect(lines.length).toBe(4);
  });
});

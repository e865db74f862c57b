import { describe, expect, it } from 'vitest';
import { CallLog, type CallRecord } from './call-log';

const T0 = Date.parse('2026-11-20T12:00:00Z');

function call(path: string, code: number | null, extra: Partial<CallRecord> = {}) {
  return {
    at: T0,
    method: 'GET',
    path,
    http_status: 200,
    code,
    app_id: '7512649815700963329',
    advertiser_id: null,
    duration_ms: 3,
    ...extra,
  };
}

function sampleLog(): CallLog {
  const log = new CallLog();
  log.record(call('campaign/get/', 0));
  log.record(call('campaign/get/', 0, { at: T0 + 10 }));
  log.record(call('campaign/get/', 40100, { at: T0 + 20 }));
  log.record(call('report/integrated/get/', 0, { at: T0 + 30 }));
  log.record(call('report/integrated/get/', null, { at: T0 + 40, http_status: 504 }));
  log.record(call('oauth/consent', null, { at: T0 + 50, http_status: 200, method: 'GET' }));
  return log;
}

describe('CallLog', () => {
  it('numbers calls from 1 in arrival order', () => {
    const { calls } = sampleLog().summary();
    expect(calls.map((c) => c.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(calls[2]).toEqual({ seq: 3, ...call('campaign/get/', 40100, { at: T0 + 20 }) });
  });

  it('summarizes by path and by code, with http_<status> when there is no envelope', () => {
    const summary = sampleLog().summary();
    expect(summary.total).toBe(6);
    expect(summary.by_path).toEqual({
      'campaign/get/': { count: 3, codes: { '0': 2, '40100': 1 } },
      'report/integrated/get/': { count: 2, codes: { '0': 1, http_504: 1 } },
      'oauth/consent': { count: 1, codes: { http_200: 1 } },
    });
  });

  it('filters by path', () => {
    const summary = sampleLog().summary({ path: 'campaign/get/' });
    expect(summary.total).toBe(3);
    expect(Object.keys(summary.by_path)).toEqual(['campaign/get/']);
    expect(summary.calls.map((c) => c.code)).toEqual([0, 0, 40100]);
  });

  it('filters by sequence number, exclusive', () => {
    const log = sampleLog();
    const summary = log.summary({ sinceSeq: 3 });
    expect(summary.calls.map((c) => c.seq)).toEqual([4, 5, 6]);
    expect(summary.by_path['campaign/get/']).toBeUndefined();
    expect(log.summary({ sinceSeq: 6 }).total).toBe(0);
    expect(log.summary({ sinceSeq: 0 }).total).toBe(6);
  });

  it('combines path and sequence filters', () => {
    const summary = sampleLog().summary({ path: 'report/integrated/get/', sinceSeq: 4 });
    expect(summary.total).toBe(1);
    expect(summary.by_path).toEqual({
      'report/integrated/get/': { count: 1, codes: { http_504: 1 } },
    });
  });

  it('lets a test count only the calls made since a mark', () => {
    const log = sampleLog();
    const mark = log.summary().calls.at(-1)?.seq ?? 0;
    log.record(call('adgroup/get/', 0));
    log.record(call('adgroup/get/', 40100));
    expect(log.summary({ sinceSeq: mark }).by_path).toEqual({
      'adgroup/get/': { count: 2, codes: { '0': 1, '40100': 1 } },
    });
  });

  it('logs a call on arrival, as in progress until it completes', () => {
    const log = new CallLog();
    const complete = log.arrive({
      at: T0,
      method: 'GET',
      path: 'campaign/get/',
      app_id: null,
      advertiser_id: '7000000000000000001',
    });
    const during = log.summary();
    expect(during.total).toBe(1);
    expect(during.by_path).toEqual({ 'campaign/get/': { count: 1, codes: { in_progress: 1 } } });
    expect(during.calls[0]).toMatchObject({ seq: 1, http_status: null, code: null });

    complete({ http_status: 200, code: 40100, duration_ms: 2_000, app_id: '7512649815700963329' });
    const after = log.summary();
    expect(after.by_path).toEqual({ 'campaign/get/': { count: 1, codes: { '40100': 1 } } });
    expect(after.calls[0]).toEqual({
      seq: 1,
      at: T0,
      method: 'GET',
      path: 'campaign/get/',
      http_status: 200,
      code: 40100,
      app_id: '7512649815700963329',
      advertiser_id: '7000000000000000001',
      duration_ms: 2_000,
    });
    // The earlier summary was a snapshot.
    expect(during.calls[0]?.code).toBeNull();
  });

  it('numbers calls by arrival even when they complete out of order', () => {
    const log = new CallLog();
    const first = log.arrive({
      at: T0,
      method: 'GET',
      path: 'a/',
      app_id: null,
      advertiser_id: null,
    });
    log.record(call('b/', 0, { at: T0 + 1 }));
    first({ http_status: 504, code: null, duration_ms: 30_000 });
    expect(log.summary().calls.map((c) => [c.seq, c.path, c.http_status])).toEqual([
      [1, 'a/', 504],
      [2, 'b/', 200],
    ]);
  });

  it('hands out copies, so a reader cannot change the log', () => {
    const log = sampleLog();
    const [firstCall] = log.summary().calls;
    if (!firstCall) throw new Error('empty log');
    firstCall.code = 99_999;
    expect(log.summary().calls[0]?.code).toBe(0);
  });

  it('empties on clear but keeps numbering upward', () => {
    const log = sampleLog();
    log.clear();
    expect(log.summary()).toEqual({ total: 0, by_path: {}, calls: [] });
    log.record(call('campaign/get/', 0));
    expect(log.summary().calls.map((c) => c.seq)).toEqual([7]);
  });
});

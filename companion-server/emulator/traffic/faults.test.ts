import { describe, expect, it } from 'vitest';
import { FaultInjector, FaultSpecSchema, normalizeApiPath } from './faults';

describe('normalizeApiPath', () => {
  it.each([
    ['campaign/get/', 'campaign/get/'],
    ['campaign/get', 'campaign/get/'],
    ['/campaign/get/', 'campaign/get/'],
    ['//campaign/get', 'campaign/get/'],
    ['/open_api/v1.3/campaign/get/', 'campaign/get/'],
    ['/open_api/v1.3/report/integrated/get', 'report/integrated/get/'],
    ['oauth2/access_token/', 'oauth2/access_token/'],
    ['*', '*'],
  ])('%s → %s', (path, expected) => {
    expect(normalizeApiPath(path)).toBe(expected);
  });
});

describe('FaultSpecSchema', () => {
  it('defaults count to 1', () => {
    expect(FaultSpecSchema.parse({ path: 'campaign/get/', code: 40100 })).toEqual({
      path: 'campaign/get/',
      code: 40100,
      count: 1,
    });
  });

  it.each([
    [{ path: 'campaign/get/', code: 50002, message: 'System error' }],
    [{ path: 'campaign/get/', http_status: 504 }],
    [{ path: 'campaign/get/', raw_body: '{not json' }],
    [{ path: 'campaign/get/', http_status: 502, raw_body: '<html>Bad gateway</html>' }],
    [{ path: 'campaign/get/', delay_ms: 2_000 }],
    [{ path: '*', code: 40100, delay_ms: 100, count: 100_000 }],
  ])('accepts %j', (spec) => {
    expect(FaultSpecSchema.safeParse(spec).success).toBe(true);
  });

  it('needs something to do', () => {
    const result = FaultSpecSchema.safeParse({ path: 'campaign/get/', message: 'only text' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'A fault needs a code, an http_status, a raw_body or a delay_ms.',
    );
  });

  it.each([
    [{ path: 'campaign/get/', code: 40100, http_status: 500 }],
    [{ path: 'campaign/get/', code: 40100, raw_body: 'x' }],
  ])('refuses an API code mixed with a raw HTTP answer: %j', (spec) => {
    const result = FaultSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'A fault is either an API code or a raw HTTP answer, not both.',
    );
  });

  it.each([
    [{ path: '', code: 40100 }],
    [{ path: 'campaign/get/', code: 40100, count: 0 }],
    [{ path: 'campaign/get/', code: 40100, count: 100_001 }],
    [{ path: 'campaign/get/', code: 40100, count: 1.5 }],
    [{ path: 'campaign/get/', code: 0 }],
    [{ path: 'campaign/get/', http_status: 199 }],
    [{ path: 'campaign/get/', http_status: 600 }],
    [{ path: 'campaign/get/', delay_ms: -1 }],
    [{ path: 'campaign/get/', delay_ms: 120_001 }],
    [{ code: 40100 }],
  ])('refuses %j', (spec) => {
    expect(FaultSpecSchema.safeParse(spec).success).toBe(false);
  });
});

describe('FaultInjector', () => {
  const spec = (input: unknown) => FaultSpecSchema.parse(input);

  it('answers the next N calls of a path, then stops', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: 'campaign/get/', code: 40100, count: 2 }));
    expect(faults.take('campaign/get/')?.code).toBe(40100);
    expect(faults.list()).toEqual([{ path: 'campaign/get/', code: 40100, count: 2, remaining: 1 }]);
    expect(faults.take('campaign/get/')?.code).toBe(40100);
    expect(faults.take('campaign/get/')).toBeNull();
    expect(faults.list()).toEqual([]);
  });

  it('matches only its own path', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: 'campaign/get/', code: 40100 }));
    expect(faults.take('adgroup/get/')).toBeNull();
    expect(faults.take('campaign/get/')?.code).toBe(40100);
  });

  it('normalizes the path it is given', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: '/open_api/v1.3/report/integrated/get', code: 50002 }));
    expect(faults.list()[0]?.path).toBe('report/integrated/get/');
    expect(faults.take('report/integrated/get/')?.code).toBe(50002);
  });

  it("matches every path with '*'", () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: '*', http_status: 504, count: 3 }));
    expect(faults.take('campaign/get/')?.http_status).toBe(504);
    expect(faults.take('adgroup/get/')?.http_status).toBe(504);
    expect(faults.take('oauth2/access_token/')?.http_status).toBe(504);
    expect(faults.take('campaign/get/')).toBeNull();
  });

  it('uses faults in the order they were added', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: 'campaign/get/', code: 40100 }));
    faults.add(spec({ path: '*', code: 50002 }));
    faults.add(spec({ path: 'campaign/get/', code: 40202 }));
    expect(faults.take('campaign/get/')?.code).toBe(40100);
    expect(faults.take('campaign/get/')?.code).toBe(50002);
    expect(faults.take('campaign/get/')?.code).toBe(40202);
    expect(faults.take('campaign/get/')).toBeNull();
  });

  it('consumes a wildcard only for the calls it answers', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: 'ad/get/', code: 40100 }));
    faults.add(spec({ path: '*', delay_ms: 50, count: 1 }));
    expect(faults.take('campaign/get/')?.delay_ms).toBe(50);
    expect(faults.take('campaign/get/')).toBeNull();
    expect(faults.take('ad/get/')?.code).toBe(40100);
  });

  it('clears everything', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: '*', code: 40100, count: 10 }));
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.take('campaign/get/')).toBeNull();
  });

  it('returns the message and raw answer it was given', () => {
    const faults = new FaultInjector();
    faults.add(spec({ path: 'campaign/get/', http_status: 200, raw_body: '{"code":0,' }));
    expect(faults.take('campaign/get/')).toEqual({
      path: 'campaign/get/',
      count: 1,
      http_status: 200,
      raw_body: '{"code":0,',
    });
  });
});

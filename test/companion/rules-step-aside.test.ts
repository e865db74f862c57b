import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RuleInput, RuleRun, RuleView } from '../../companion-server/src/contract/rules';
import { startTestCompanion, type TestCompanion } from '../helpers/companion';
import { connectAdvertisers } from '../helpers/companion-calls';

/**
 * A cycle of rules steps aside for people (lib/people-waiting.ts), over real HTTP with the
 * emulator behind the server: while a signed-in person's view is being served, a rule run
 * that no person started (as the scheduler's are) sends no TikTok call; requests without a
 * staff key do not count; and a run a person starts with "Run now" is not held by the very
 * request it answers.
 */

const US = '7252569388304511798';
const REPORT_PATH = 'report/integrated/get/';
/** How long TikTok takes to answer the person's report (the stand-in's injected delay). */
const VIEW_DELAY_MS = 300;
const DAY_MS = 86_400_000;

let companion: TestCompanion;
let base: string;
/** What happened, in order: a person's request ending, or a call of the rule's (jobs class). */
const events: string[] = [];

function pastDay(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
}

function stopLoss(name: string): RuleInput {
  return {
    name,
    enabled: true,
    scope: {
      advertiserIds: [US],
      level: 'adgroup',
      name: null,
      statuses: null,
      campaignIds: null,
      entityIds: null,
    },
    groups: [
      {
        conditions: [
          {
            left: { metric: 'spend', window: { kind: 'today' } },
            comparison: 'gt',
            right: { kind: 'number', value: 1_000_000 },
          },
        ],
      },
    ],
    minimumData: null,
    action: { kind: 'notify' },
    until: null,
    schedule: { every: { kind: 'hourly' }, days: null, hours: null },
    cooldownHours: 0,
    maxActionsPerRun: 10,
    notify: { onAction: false, onApprovalNeeded: false, onFailure: false, webhookUrl: null },
  };
}

async function createRule(name: string): Promise<RuleView> {
  const response = await fetch(`${base}/api/rules`, {
    method: 'POST',
    headers: { ...companion.as('buyer'), 'content-type': 'application/json' },
    body: JSON.stringify(stopLoss(name)),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as RuleView;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

beforeAll(async () => {
  companion = await startTestCompanion({ RULES_TICK_SECONDS: '0' });
  base = await companion.app.listen({ host: '127.0.0.1', port: 0 });
  await connectAdvertisers(companion, [US]);
  const { people, marketingApi } = companion.context;
  const begin = people.begin.bind(people);
  vi.spyOn(people, 'begin').mockImplementation(() => {
    const end = begin();
    let ended = false;
    return () => {
      if (!ended) events.push('person done');
      ended = true;
      end();
    };
  });
  const acquire = marketingApi.limiter.acquire.bind(marketingApi.limiter);
  vi.spyOn(marketingApi.limiter, 'acquire').mockImplementation((path, signal, budget) => {
    if (budget?.callClass === 'jobs') events.push(`rule ${path}`);
    return acquire(path, signal, budget);
  });
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await companion?.emulator.control.clearFaults();
  await companion?.close();
});

describe('a cycle of rules and people on screen', () => {
  it('counts signed-in requests while they are served, and no others', async () => {
    const begin = vi.mocked(companion.context.people.begin);
    const before = begin.mock.calls.length;
    expect((await fetch(`${base}/api/me`, { headers: companion.as('viewer') })).status).toBe(200);
    expect(begin.mock.calls.length).toBe(before + 1);
    // No key: nobody at a screen, whatever the answer.
    expect((await fetch(`${base}/api/me`)).status).toBe(401);
    expect(begin.mock.calls.length).toBe(before + 1);
    expect(companion.context.people.serving).toBe(0);
  });

  it('sends none of a background run’s TikTok calls while a person’s view is served', async () => {
    const rule = await createRule('Steps aside');
    await companion.emulator.control.fault({ path: REPORT_PATH, delay_ms: VIEW_DELAY_MS });
    events.length = 0;
    // A cold view: its one report call is the one TikTok's stand-in answers late.
    const view = fetch(
      `${base}/api/ad-accounts/${US}/metrics?level=adgroup&start=${pastDay(40)}&end=${pastDay(33)}`,
      { headers: companion.as('viewer') },
    );
    await until(() => companion.context.people.serving === 1, 'the view to be served');
    // The run starts here, outside any request, as the scheduler's runs do.
    const run: Promise<RuleRun> = companion.context.rules.runNow(
      { id: companion.staffIds.buyer, email: 'buyer@bayme.example', role: 'buyer' },
      rule.id,
    );
    expect((await view).status).toBe(200);
    const finished = await run;
    expect(finished.status).toBe('done');
    expect(finished.evaluated).toBeGreaterThan(0);
    const firstRuleCall = events.findIndex((event) => event.startsWith('rule '));
    expect(firstRuleCall, events.join(', ')).toBeGreaterThan(events.indexOf('person done'));
    expect(events.indexOf('person done')).toBe(0);
  });

  it('does not hold a “Run now” behind the very request that asked for it', async () => {
    const rule = await createRule('Run by a person');
    events.length = 0;
    const { people } = companion.context;
    const stepAside = people.stepAside.bind(people);
    const waits: number[] = [];
    const spy = vi.spyOn(people, 'stepAside').mockImplementation(async () => {
      const started = performance.now();
      await stepAside();
      waits.push(performance.now() - started);
    });
    const response = await fetch(`${base}/api/rules/${rule.id}/run`, {
      method: 'POST',
      headers: companion.as('buyer'),
    });
    spy.mockRestore();
    expect(response.status, await response.clone().text()).toBe(200);
    expect(((await response.json()) as RuleRun).status).toBe('done');
    // Its reads went out while its own request was open.
    expect(events[0]?.startsWith('rule '), events.join(', ')).toBe(true);
    // It did hand the event loop back between slices, but never waited for a person: held
    // by its own request, each step would last the half-second bound.
    expect(waits.length).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThan(250);
  });
});

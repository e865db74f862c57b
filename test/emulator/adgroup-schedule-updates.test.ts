import { describe, expect, it } from 'vitest';
import { seededEmulator } from '../helpers/seeded-emulator';
import { DAY_MS, HOUR_MS, START } from './support';

/**
 * adgroup/update/'s start time and dayparting as the emulator models them (reference §5, the
 * SDK's notes): a start that has passed is frozen; a new one at most 12 hours back, before
 * 2028-01-01 and before the end, within the lifetime budget's minimum per scheduled day;
 * the grid is 336 characters of 0 and 1 and comes back as sent.
 */

const emulator = seededEmulator();

const utc = (instant: number) => new Date(instant).toISOString().slice(0, 19).replace('T', ' ');
const post = (path: string, body: Record<string, unknown>) =>
  emulator.api.post(path, { advertiser_id: emulator.usId, ...body }, emulator.token);

/** A lifetime ad group that has not started: from START + 2 days to START + 12 days. */
async function upcoming(budget = 300, scheduleType = 'SCHEDULE_START_END'): Promise<string> {
  const campaign = await post('campaign/create/', {
    campaign_name: `Upcoming ${Math.random()}`,
    objective_type: 'WEB_CONVERSIONS',
    budget_mode: 'BUDGET_MODE_INFINITE',
  });
  const lifetime = scheduleType === 'SCHEDULE_START_END';
  const adGroup = await post('adgroup/create/', {
    campaign_id: campaign.body.data.campaign_id,
    adgroup_name: 'Upcoming',
    budget_mode: lifetime ? 'BUDGET_MODE_TOTAL' : 'BUDGET_MODE_DAY',
    budget,
    billing_event: 'OCPM',
    optimization_goal: 'CONVERT',
    pacing: 'PACING_MODE_SMOOTH',
    schedule_type: scheduleType,
    schedule_start_time: utc(START + 2 * DAY_MS),
    ...(lifetime ? { schedule_end_time: utc(START + 12 * DAY_MS) } : {}),
    placement_type: 'PLACEMENT_TYPE_AUTOMATIC',
    location_ids: ['6252001'],
  });
  expect(adGroup.body.code, adGroup.body.message).toBe(0);
  return adGroup.body.data.adgroup_id;
}

async function adGroupNow(id: string): Promise<any> {
  const response = await emulator.api.get(
    'adgroup/get/',
    { advertiser_id: emulator.usId, filtering: { adgroup_ids: [id] } },
    emulator.token,
  );
  return response.body.data.list[0];
}

describe('adgroup/update/ schedule_start_time', () => {
  it('moves a start that has not passed, up to 12 hours back', async () => {
    const id = await upcoming();
    const later = await post('adgroup/update/', {
      adgroup_id: id,
      schedule_start_time: utc(START + 3 * DAY_MS),
    });
    expect(later.body.code, later.body.message).toBe(0);
    expect(later.body.data.schedule_start_time).toBe(utc(START + 3 * DAY_MS));
    const back = await post('adgroup/update/', {
      adgroup_id: id,
      schedule_start_time: utc(START - 11 * HOUR_MS),
    });
    expect(back.body.code, back.body.message).toBe(0);
  });

  it('refuses a start that has passed, too far back, after 2027, after the end, or too long for the budget', async () => {
    const id = await upcoming();
    const cases: Array<[number, RegExp]> = [
      [START - 13 * HOUR_MS, /more than 12 hours in the past/],
      [Date.UTC(2028, 0, 2), /before 2028-01-01/],
      [START + 12 * DAY_MS, /before the end time/],
    ];
    for (const [start, message] of cases) {
      const response = await post('adgroup/update/', {
        adgroup_id: id,
        schedule_start_time: utc(start),
      });
      expect(response.body.code).toBe(40002);
      expect(response.body.message).toMatch(message);
    }
    // 11 scheduled days need 220 USD: 300 covers them, 200 does not.
    const roomy = await post('adgroup/update/', {
      adgroup_id: id,
      schedule_start_time: utc(START + DAY_MS),
    });
    expect(roomy.body.code, roomy.body.message).toBe(0);
    const tight = await upcoming(200);
    const longer = await post('adgroup/update/', {
      adgroup_id: tight,
      schedule_start_time: utc(START + DAY_MS),
    });
    expect(longer.body.code).toBe(40002);
    expect(longer.body.message).toMatch(/^budget: /);

    const started = emulator.seed.adGroup('US | Broad 18-44 | Purchase').adgroup_id;
    const frozen = await post('adgroup/update/', {
      adgroup_id: started,
      schedule_start_time: utc(START + DAY_MS),
    });
    expect(frozen.body.code).toBe(40002);
    expect(frozen.body.message).toMatch(/cannot be changed once the ad group has started/);
    // Once its start has passed, the new one is frozen too.
    await emulator.control.clock({ set: START + 3 * DAY_MS });
    const afterStart = await post('adgroup/update/', {
      adgroup_id: id,
      schedule_start_time: utc(START + 4 * DAY_MS),
    });
    expect(afterStart.body.message).toMatch(/has started/);
  });

  it('moves the far end of an ad group that runs from its start on', async () => {
    const id = await upcoming(50, 'SCHEDULE_FROM_NOW');
    const before = await adGroupNow(id);
    await post('adgroup/update/', { adgroup_id: id, schedule_start_time: utc(START + 5 * DAY_MS) });
    const after = await adGroupNow(id);
    const parse = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);
    expect(parse(after.schedule_end_time) - parse(before.schedule_end_time)).toBe(3 * DAY_MS);
  });
});

describe('adgroup/update/ dayparting', () => {
  const weekdays = `${'1'.repeat(48 * 5)}${'0'.repeat(96)}`;

  it('stores a grid and returns it; none is null', async () => {
    const id = emulator.seed.adGroup('US | Broad 18-44 | Purchase').adgroup_id;
    expect((await adGroupNow(id)).dayparting).toBeNull();
    const response = await post('adgroup/update/', { adgroup_id: id, dayparting: weekdays });
    expect(response.body.code, response.body.message).toBe(0);
    expect(response.body.data.dayparting).toBe(weekdays);
    expect((await adGroupNow(id)).dayparting).toBe(weekdays);
  });

  it('refuses a grid that is not 336 characters of 0 and 1', async () => {
    const id = emulator.seed.adGroup('US | Broad 18-44 | Purchase').adgroup_id;
    for (const dayparting of [weekdays.slice(1), `${weekdays.slice(1)}2`, '', 'all']) {
      const response = await post('adgroup/update/', { adgroup_id: id, dayparting });
      expect(response.body.code).toBe(40002);
      expect(response.body.message).toMatch(/336 characters of 0 and 1/);
    }
    expect((await adGroupNow(id)).dayparting).toBeNull();
  });
});

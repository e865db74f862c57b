import { afterAll, describe, expect, it } from 'vitest';
import { ALL_HOURS, canonicalDayparting } from '../../companion-server/src/contract/dayparting';
import {
  applyAndKillMidJob,
  endKilledJobScenario,
  startKilledJobScenario,
} from '../helpers/killed-job';

/**
 * A dayparting job whose server is killed (SIGKILL) while its adgroup/update/ calls are at
 * TikTok: on the next start the journal's old and new grids tell what each in-flight row
 * became (TikTok shows the new grid: done), and no grid is sent twice.
 */

const US = '7252569388304511798';
/** Weekends only, all day. */
const WEEKENDS = `${'0'.repeat(48 * 5)}${'1'.repeat(48 * 2)}`;

afterAll(endKilledJobScenario);

describe('a dayparting job across a killed server', () => {
  it('confirms the rows in flight at TikTok after SIGKILL and sends each grid once', async () => {
    const scenario = await startKilledJobScenario(US);
    const live = (await scenario.emulator.control.state(US)).adgroups
      .filter((g) => !g.deleted)
      .slice(0, 3)
      .map((g) => g.adgroup_id);
    const plan = await scenario.plan({
      level: 'adgroup',
      entityIds: live,
      operation: { kind: 'dayparting', change: { type: 'set', dayparting: WEEKENDS } },
    });
    expect(plan.summary.ok, JSON.stringify(plan.rows)).toBe(live.length);
    expect(plan.rows.every((row) => row.before === ALL_HOURS)).toBe(true);

    const job = await applyAndKillMidJob(scenario, plan.planId, 'adgroup/update/', live.length);
    expect(job.resumedAt).not.toBeNull();
    expect(job.counts).toMatchObject({ done: live.length, failed: 0, conflict: 0, unknown: 0 });
    expect(job.rows.map((row) => row.message)).toEqual(
      live.map(() => expect.stringContaining('confirmed at TikTok')),
    );

    const state = await scenario.emulator.control.state(US);
    for (const id of live) {
      const group = state.adgroups.find((g) => g.adgroup_id === id);
      expect(canonicalDayparting(group?.dayparting)).toBe(WEEKENDS);
    }
    const writes = await scenario.emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.count).toBe(live.length);
  }, 120_000);
});

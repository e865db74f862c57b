import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { type CompanionProcess, startCompanionProcess } from '../helpers/companion-process';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { killServerProcesses } from '../helpers/server-process';

/**
 * An end-time job whose server is killed (SIGKILL) while its calls are at TikTok: on the
 * next start the journal's old and new ends tell what each in-flight row became (TikTok
 * shows the new end: done), and no end is moved twice.
 */

const US = '7252569388304511798';
const DAY_MS = 86_400_000;
let emulator: TestEmulator | null = null;
let companion: CompanionProcess | null = null;

afterAll(async () => {
  killServerProcesses();
  await emulator?.close();
  await companion?.removeData();
});

const parse = (value: unknown) => Date.parse(`${String(value).replace(' ', 'T')}Z`);

describe('an end-time job across a killed server', () => {
  it('confirms the rows in flight at TikTok after SIGKILL and moves each end once', async () => {
    emulator = await startTestEmulator();
    await emulator.control.reset();
    const scheduled = (await emulator.control.state(US)).adgroups.filter(
      (g) => !g.deleted && g.schedule_type === 'SCHEDULE_START_END',
    );
    expect(scheduled.length).toBeGreaterThanOrEqual(3);
    const oldEnds = new Map(scheduled.map((g) => [g.adgroup_id, parse(g.schedule_end_time)]));

    companion = await startCompanionProcess(emulator.url);
    const { api } = companion;
    let server = companion.server;
    const token = await emulator.control.mintToken([US]);
    await api('POST', '/api/connections/import', { accessToken: token });

    const plan = await api<Plan>('POST', `/api/ad-accounts/${US}/bulk-edits/plans`, {
      level: 'adgroup',
      entityIds: [...oldEnds.keys()],
      operation: { kind: 'schedule', change: { type: 'shift_end', days: 5 } },
    });
    expect(plan.summary.ok, JSON.stringify(plan.rows)).toBe(scheduled.length);

    // Every call is held at TikTok long enough for the kill to land while all are in flight.
    await emulator.control.clearCalls();
    await emulator.control.fault({ path: 'adgroup/update/', count: 1_000, delay_ms: 1_500 });
    const job = await api<Job>('POST', `/api/bulk-edits/plans/${plan.planId}/apply`);
    await expect
      .poll(
        async () =>
          (await emulator?.control.calls({ path: 'adgroup/update/' }))?.by_path['adgroup/update/']
            ?.count ?? 0,
        { timeout: 15_000, interval: 25 },
      )
      .toBe(scheduled.length);
    server.child.kill('SIGKILL');
    await server.exited;

    // TikTok answers the calls it holds after their caller is gone; start again once it has.
    const { control } = emulator;
    await expect
      .poll(() => control.unanswered('adgroup/update/'), { timeout: 15_000, interval: 50 })
      .toBe(0);
    await emulator.control.clearFaults();
    server = await companion.restart();
    let finished: Job | null = null;
    await expect
      .poll(
        async () => {
          finished = await api<Job>('GET', `/api/bulk-edits/jobs/${job.jobId}`);
          return finished.status;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe('finished');
    const result = finished as unknown as Job;
    expect(result.resumedAt).not.toBeNull();
    expect(result.counts).toMatchObject({
      done: scheduled.length,
      failed: 0,
      conflict: 0,
      unknown: 0,
    });
    expect(result.rows.every((row) => row.message?.includes('confirmed at TikTok'))).toBe(true);

    const state = await emulator.control.state(US);
    for (const [id, end] of oldEnds) {
      const now = state.adgroups.find((g) => g.adgroup_id === id);
      expect(parse(now?.schedule_end_time) - end).toBe(5 * DAY_MS);
    }
    const writes = await emulator.control.calls({ path: 'adgroup/update/' });
    expect(writes.by_path['adgroup/update/']?.count).toBe(scheduled.length);
  }, 120_000);
});

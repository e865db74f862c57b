import { expect } from 'vitest';
import type { Job, Plan } from '../../companion-server/src/contract/bulk-edits';
import { type CompanionProcess, startCompanionProcess } from './companion-process';
import { startTestEmulator, type TestEmulator } from './emulator';
import { killServerProcesses } from './server-process';

/**
 * A bulk-edit job whose companion server is killed (SIGKILL) while its calls are at TikTok,
 * then started again on the same data: the scaffolding the restart tests share. The emulator
 * runs in the test, so that it outlives the server and holds the calls long enough.
 */

export interface KilledJobScenario {
  emulator: TestEmulator;
  companion: CompanionProcess;
  /** Preview an edit as the bootstrap admin. */
  plan(body: Record<string, unknown>): Promise<Plan>;
}

let running: { emulator: TestEmulator | null; companion: CompanionProcess | null } = {
  emulator: null,
  companion: null,
};

/** A fresh emulator and companion process with a token for `advertiserId` imported. */
export async function startKilledJobScenario(advertiserId: string): Promise<KilledJobScenario> {
  const emulator = await startTestEmulator();
  running.emulator = emulator;
  await emulator.control.reset();
  const companion = await startCompanionProcess(emulator.url);
  running.companion = companion;
  const token = await emulator.control.mintToken([advertiserId]);
  await companion.api('POST', '/api/connections/import', { accessToken: token });
  return {
    emulator,
    companion,
    plan: (body) =>
      companion.api<Plan>('POST', `/api/ad-accounts/${advertiserId}/bulk-edits/plans`, body),
  };
}

/** For afterAll: stop what the scenario started and delete the server's data. */
export async function endKilledJobScenario(): Promise<void> {
  killServerProcesses();
  await running.emulator?.close();
  await running.companion?.removeData();
  running = { emulator: null, companion: null };
}

/**
 * Apply the plan with every call to `path` held at TikTok, kill the server once
 * `inFlight` calls have arrived, start it again when TikTok has answered them, and wait
 * for the resumed job to finish. Returns the finished job. While the test polls, the
 * limiter lets the job hold 3 calls in flight (rate-limiter.ts, `lowerInFlight`): with more
 * rows than that, the first would be answered before the rest are sent.
 */
export async function applyAndKillMidJob(
  scenario: KilledJobScenario,
  planId: string,
  path: string,
  inFlight: number,
): Promise<Job> {
  const { emulator, companion } = scenario;
  await emulator.control.clearCalls();
  await emulator.control.fault({ path, count: 1_000, delay_ms: 1_500 });
  const job = await companion.api<Job>('POST', `/api/bulk-edits/plans/${planId}/apply`);
  await expect
    .poll(async () => (await emulator.control.calls({ path })).by_path[path]?.count ?? 0, {
      timeout: 15_000,
      interval: 25,
    })
    .toBe(inFlight);
  companion.server.child.kill('SIGKILL');
  await companion.server.exited;

  await expect
    .poll(() => emulator.control.unanswered(path), { timeout: 15_000, interval: 50 })
    .toBe(0);
  await emulator.control.clearFaults();
  await companion.restart();
  let finished: Job | null = null;
  await expect
    .poll(
      async () => {
        finished = await companion.api<Job>('GET', `/api/bulk-edits/jobs/${job.jobId}`);
        return finished.status;
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe('finished');
  return finished as unknown as Job;
}

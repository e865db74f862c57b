import { type ChildProcess, spawn } from 'node:child_process';

/**
 * The emulator in a process of its own, as TikTok would be, for the benchmarks: its work
 * then never counts against the process being measured. `env` adds emulator settings
 * (EMULATOR_TIER, EMULATOR_LARGE_ACCOUNT_ADGROUPS, …); it listens on a free port.
 */
export function startEmulatorProcess(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'companion-server/emulator/main.ts'],
      {
        env: { ...process.env, EMULATOR_PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], child });
    });
    child.once('exit', (code) =>
      reject(new Error(`The emulator exited (${code}) before listening.`)),
    );
  });
}

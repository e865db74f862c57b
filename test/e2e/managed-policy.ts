import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Chromium under a managed policy of the test's own. On Linux, Chromium reads managed
 * policy only from /etc/chromium/policies/managed/ (the path is built in; no switch or
 * environment variable moves it). As root, the browser gets a private mount namespace in
 * which a temporary folder is mounted over /etc/chromium: the policy is seen by that
 * browser alone, and nothing on the machine changes. Where namespaces are not allowed
 * (a container without CAP_SYS_ADMIN), the policy file goes into the system folder
 * instead — which then affects every Chromium on the machine until `close()` removes it,
 * so `close()` must run whatever happens (afterAll, finally).
 */
export interface ManagedChromium {
  /** What to launch (Playwright's executablePath). */
  executablePath: string;
  /** Where the policy was written, for failure messages. */
  policyFile: string;
  close(): Promise<void>;
}

const SYSTEM_POLICY_ROOT = '/etc/chromium';
const POLICY_FILE = 'bayme-e2e-policy.json';

export async function chromiumWithPolicy(
  chromium: string,
  policy: Record<string, unknown>,
): Promise<ManagedChromium> {
  const policyJson = `${JSON.stringify(policy, null, 2)}\n`;
  const scratch = await mkdtemp(join(tmpdir(), 'bayme-e2e-policy-'));
  // Chromium's other files in /etc/chromium (initial preferences) stay as they are.
  const root = join(scratch, 'etc-chromium');
  await cp(SYSTEM_POLICY_ROOT, root, { recursive: true }).catch(() => mkdir(root));
  const privateFile = join(root, 'policies', 'managed', POLICY_FILE);
  await mkdir(dirname(privateFile), { recursive: true });
  await writeFile(privateFile, policyJson);

  if (canMountPrivately(root)) {
    const wrapper = join(scratch, 'chromium-with-policy.sh');
    await writeFile(
      wrapper,
      `#!/bin/sh
# ${chromium} with its own /etc/chromium (the test's policy), in a mount namespace of its own.
export CHROMIUM='${chromium}'
exec unshare --mount --propagation private -- \\
  /bin/sh -c 'mount --bind "$0" ${SYSTEM_POLICY_ROOT} && exec "$CHROMIUM" "$@"' '${root}' "$@"
`,
    );
    await chmod(wrapper, 0o755);
    return {
      executablePath: wrapper,
      policyFile: privateFile,
      close: () => rm(scratch, { recursive: true, force: true }),
    };
  }

  const systemFile = join(SYSTEM_POLICY_ROOT, 'policies', 'managed', POLICY_FILE);
  const created = await mkdirRecording(dirname(systemFile));
  await writeFile(systemFile, policyJson);
  return {
    executablePath: chromium,
    policyFile: systemFile,
    async close() {
      await rm(systemFile, { force: true });
      // Only the folders this test made, deepest first, and only if nothing else is in them.
      for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Whether this process may give a child its own mount of `root` over /etc/chromium. */
function canMountPrivately(root: string): boolean {
  const probe = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      `mount --bind "$0" ${SYSTEM_POLICY_ROOT}`,
      root,
    ],
    { stdio: 'ignore' },
  );
  return probe.status === 0;
}

/** mkdir -p that returns the folders it created, outermost first. */
async function mkdirRecording(dir: string): Promise<string[]> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return [];
  const created: string[] = [];
  for (let at = dir; at.startsWith(first); at = dirname(at)) created.unshift(at);
  return created;
}

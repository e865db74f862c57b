import { fileURLToPath } from 'node:url';

/**
 * The replica's browser app, bundled with esbuild (React included: the page must work with no
 * network) on the first request and kept in memory for the life of the process.
 */

const ENTRY = fileURLToPath(new URL('./client/main.tsx', import.meta.url));

let bundle: Promise<string> | undefined;

export function clientBundle(): Promise<string> {
  bundle ??= build().catch((error: unknown) => {
    // Forget a failed build, so that the next request tries again instead of failing forever.
    bundle = undefined;
    throw error;
  });
  return bundle;
}

async function build(): Promise<string> {
  // Imported on demand: the emulator also runs inside the companion server, which never serves
  // the replica and should not load a bundler for it.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the Ads Manager replica.');
  return output.text;
}

import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Test projects:
 * - unit: pure tests beside the server's code (`*.test.ts` under companion-server/).
 * - extension: the extension's modules and components, with WXT's fake browser in happy-dom.
 * - e2e: the built extension in Debian's Chromium against the real server (test/e2e/).
 * - integration: over real HTTP on loopback: the emulator's conformance to TikTok's rules,
 *   and the Marketing API client against the emulator (test/).
 * CI adds a JSON report (VITEST_JSON_REPORT) from which .ci/run prints its summary line.
 */
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    reporters: jsonReport ? ['default', ['json', { outputFile: jsonReport }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['companion-server/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [WxtVitest()],
        // The build defines this from COMPANION_URL (wxt.config.ts); tests use the default.
        define: { __COMPANION_URL__: JSON.stringify('http://127.0.0.1:8787') },
        test: {
          name: 'extension',
          include: ['extension/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          // One browser and one server at a time: they share the ports the build was made for.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - unit: pure tests beside the code (`*.test.ts` under companion-server/ and extension/).
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
          include: ['companion-server/**/*.test.ts', 'extension/**/*.test.ts'],
          environment: 'node',
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

/**
 * Browser tests (test/e2e, DESIGN.md "Testing"): the built extension in Debian's Chromium on the
 * consoles' real hostnames. One file at a time (each launches its own browser; the machine has
 * two cores), long timeouts, and a globalSetup that builds the extension and the replicas once.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // In CI, also a JSON report; .ci/run sums it with the unit report for its closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-e2e-results.json' }]] : ['default'],
  },
});

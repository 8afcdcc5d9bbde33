import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts', 'components/**/*.test.tsx'],
    // The browser tests run on their own: npm run test:e2e (vitest.e2e.config.ts).
    exclude: [...configDefaults.exclude, 'test/e2e/**'],
    environment: 'node',
    testTimeout: 30_000,
    // In CI, also a JSON report, from which .ci/run prints its closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.{js,ts}'],
    exclude: ['**/node_modules/**', 'artifacts/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own mock on a free port; two cores run two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'artifacts/vitest-results.json' },
  },
});

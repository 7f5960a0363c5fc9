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
    // bench/contract.mjs: each file's CPU time (its fork and the children it waited for)
    setupFiles: process.env.CONTRACT_CPU_REPORT ? ['../bench/lib/cpu-per-file.setup.mjs'] : [],
    reporters: ['default', 'json'],
    outputFile: { json: 'artifacts/vitest-results.json' },
  },
});

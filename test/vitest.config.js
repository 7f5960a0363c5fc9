import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';

// The other-language client sweeps: their cost is javac, go, pytest and the vendor's Python SDK, and grows
// with the spec's operations; `npm test` runs both projects, bench/contract.mjs measures each.
const CLIENTS = ['generators/**/*.test.{js,ts}', 'sdk-client.test.js'];
const EXCLUDE = ['**/node_modules/**', 'artifacts/**'];

// The files that take longest, longest first: started first, they do not leave one core idle at the end.
// Used until vitest has timed a run of every file (its cache, node_modules/.vite), as on a fresh clone.
const LONGEST = [
  'generators/stock-templates.test.js', 'generators/java.test.js', 'generators/python.test.js', 'sdk-client.test.js',
  'docs.test.js', 'mock-differential.test.js', 'breaking-changes.test.js', 'fuzz.test.js', 'docs-console.test.js',
  'validate-examples.test.js', 'postman.test.js', 'mock.test.js',
];
class LongestFirst extends BaseSequencer {
  async sort(files) {
    const sorted = await super.sort(files);
    const key = (f) => relative(this.ctx.config.root, f.moduleId).split('\\').join('/');
    if (sorted.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${key(f)}`)?.duration)) return sorted;
    const rank = (f) => { const i = LONGEST.indexOf(key(f)); return i < 0 ? LONGEST.length : i; };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own mock on a free port; two cores run two files at a time.
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    // bench/contract.mjs: each file's CPU time (its worker's and the children it waited for, while it ran)
    setupFiles: process.env.CONTRACT_CPU_REPORT ? [createRequire(import.meta.url).resolve('@modelarts-openapi/testkit/cpu-per-file.setup')] : [],
    reporters: ['default', 'json'],
    outputFile: { json: 'artifacts/vitest-results.json' },
    projects: [
      // isolate: false — a worker runs its files one after the other in one process, so the workspace packages
      // are imported (and JIT-compiled) once per worker, not once per file: ~15 % less CPU. The files keep no
      // global state (no stubbed globals, env or module mocks; each stops what it starts in afterAll).
      { extends: true, test: { name: 'contract', isolate: false, include: ['**/*.test.{js,ts}'], exclude: [...EXCLUDE, ...CLIENTS] } },
      { extends: true, test: { name: 'clients', include: CLIENTS, exclude: EXCLUDE } },
    ],
  },
});

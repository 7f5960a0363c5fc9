#!/usr/bin/env node
// Prints one plain closing line for the whole contract suite ("N passed, N failed, N skipped") from the
// results vitest wrote, since turbo's own summary counts tasks, not tests.
import fs from 'node:fs';
import { readArgs } from '@modelarts-openapi/spec/cli';

const usage = 'usage: node scripts/test-summary.mjs   (the end of npm test)\n  prints "N passed, N failed, N skipped" from test/artifacts/vitest-results.json; exit 1 on a failure or no tests';
readArgs('test-summary', usage);

const file = new URL('../test/artifacts/vitest-results.json', import.meta.url);
if (!fs.existsSync(file)) {
  console.error('test-summary: no test results found (test/artifacts/vitest-results.json)');
  process.exit(1);
}
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
process.exit(r.numFailedTests > 0 || r.numTotalTests === 0 ? 1 : 0);

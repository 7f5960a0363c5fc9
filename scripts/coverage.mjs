#!/usr/bin/env node
// Coverage report: per area (tag) of the bundled spec, how many operations (and how many inferred),
// named examples (request/response, seed samples among them) and contract-test cases exist, with the
// results of the last test run (test/artifacts/vitest-results.json, written by `npm test`).
// Usage: npm run coverage [-- --json]
import fs from 'node:fs';
import { readArgs } from '@modelarts-openapi/spec/cli';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { examples, loadSpec, operations } from '@modelarts-openapi/spec';

const usage = 'usage: npm run coverage [-- --json]   (node scripts/coverage.mjs)\n  per area (tag): operations, inferred ones, named examples, seed samples, and tests with the last run\'s results\n  --json      print the figures as JSON\n  -h, --help  this text';
const { values: args } = readArgs('coverage', usage, { options: { json: { type: 'boolean' } } });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const spec = loadSpec();
const results = path.join(root, 'test/artifacts/vitest-results.json');
const tests = [];
if (fs.existsSync(results)) {
  const run = JSON.parse(fs.readFileSync(results, 'utf8'));
  for (const file of run.testResults || []) for (const t of file.assertionResults || []) tests.push({ name: t.fullName || t.title, status: t.status });
}

const areas = new Map();
const area = (tag) => {
  if (!areas.has(tag)) areas.set(tag, { operations: 0, inferred: 0, requestExamples: 0, responseExamples: 0, seedSamples: 0, tests: 0, passed: 0, failed: 0 });
  return areas.get(tag);
};
const ops = operations(spec);
const opArea = new Map();
for (const o of ops) {
  const a = area(o.op.tags?.[0] ?? '(untagged)');
  opArea.set(o.id, a);
  a.operations++;
  if (o.op['x-inferred']) a.inferred++;
}
for (const e of examples(spec)) {
  const a = opArea.get(e.operation.id);
  if (e.direction === 'request') a.requestExamples++;
  else a.responseExamples++;
  if (e.example['x-seed-sample']) a.seedSamples++;
}
// A test belongs to an operation when its name contains the operationId as a word.
const idPattern = new RegExp(`\\b(${ops.map((o) => o.id).sort((x, y) => y.length - x.length).join('|')})\\b`);
for (const t of tests) {
  const m = t.name.match(idPattern);
  if (!m) continue;
  const a = opArea.get(m[1]);
  a.tests++;
  if (t.status === 'passed') a.passed++;
  else if (t.status === 'failed') a.failed++;
}

if (args.json) {
  console.log(JSON.stringify(Object.fromEntries(areas), null, 2));
  process.exit(0);
}
const cols = ['operations', 'inferred', 'requestExamples', 'responseExamples', 'seedSamples', 'tests', 'passed', 'failed'];
const head = ['area', 'ops', 'inferred', 'req ex', 'resp ex', 'seed', 'tests', 'passed', 'failed'];
const rows = [...areas].sort(([a], [b]) => a.localeCompare(b)).map(([name, a]) => [name, ...cols.map((c) => String(a[c]))]);
const total = ['total', ...cols.map((c) => String([...areas.values()].reduce((n, a) => n + a[c], 0)))];
const widths = head.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log(line(total));
if (!tests.length) console.log('\n(no test results yet: run `npm test` to fill the test columns)');
const untested = ops.filter((o) => !tests.some((t) => new RegExp(`\\b${o.id}\\b`).test(t.name)));
if (tests.length && untested.length) console.log(`\noperations without a test: ${untested.map((o) => o.id).join(', ')}`);

#!/usr/bin/env node
// Contract-suite benchmark: the wall time of the whole vitest suite (test/, `vitest run`) on a built tree,
// with per-file times from vitest's JSON report. It runs in a copy of the working tree — the one the
// pipeline benchmark built (`--tree DIR`, as `npm run bench` does) or a fresh copy built here first (not
// timed) — so the working tree's test artifacts and caches are not touched.
//
//   node bench/contract.mjs [--tree DIR] [--no-write]
//
// Goal (issue 7): the contract suite runs in ≤ 30 s on 2 cores.
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { isMain, makeTempTree, runBounded, seconds } from './lib/temp-tree.mjs';
import { dateLine, machineLine, table, writeFigures, writeSection } from './lib/results-md.mjs';

const SUITE_TIMEOUT_MS = 300_000;
const BUILD_TIMEOUT_MS = 300_000;
const GOAL_S = 30;

async function main() {
  const USAGE = `usage: node bench/contract.mjs [--tree DIR] [--no-write]
  Wall time of the whole vitest suite on a built copy of the working tree (goal: <= ${GOAL_S} s on 2 cores).
  --tree DIR   use this built copy (as npm run bench does) instead of copying and building one
  --no-write   print the figures only (no bench/RESULTS.md / bench/out update)
  -h, --help   this text`;
  let args;
  try {
    ({ values: args } = parseArgs({ options: { tree: { type: 'string' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    console.error(`contract: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const write = !args['no-write'];
  const given = args.tree !== undefined ? path.resolve(args.tree) : undefined;
  const started = new Date();
  let tree;
  let dir = given;
  if (!dir) {
    tree = makeTempTree({ prefix: 'modelarts-bench-contract-' });
    dir = tree.dir;
    console.log('contract: building a copy of the working tree first (turbo run build, not timed)');
    const b = await runBounded(path.join(dir, 'node_modules/.bin/turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: dir, timeoutMs: BUILD_TIMEOUT_MS });
    if (b.code !== 0) { tree.remove(); throw new Error(`build of the copy failed (exit ${b.code}${b.timedOut ? ', timed out' : ''}):\n${b.out.slice(-4000)}`); }
  }
  try {
    const report = path.join(dir, 'test/artifacts/bench-vitest.json');
    fs.rmSync(report, { force: true });
    console.log(`contract: vitest run in ${path.join(dir, 'test')} (bounded ${SUITE_TIMEOUT_MS / 1000} s)`);
    const r = await runBounded(path.join(dir, 'node_modules/.bin/vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: path.join(dir, 'test'), timeoutMs: SUITE_TIMEOUT_MS, cpu: true });
    const json = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : undefined;
    const files = (json?.testResults || []).map((f) => ({
      file: path.relative(path.join(dir, 'test'), f.name),
      ms: f.endTime - f.startTime,
      tests: f.assertionResults.length,
      failed: f.assertionResults.filter((a) => a.status === 'failed').length,
      status: f.status,
    })).sort((a, b) => b.ms - a.ms);
    const wallS = r.ms / 1000;
    const totals = json ? { tests: json.numTotalTests, passed: json.numPassedTests, failed: json.numFailedTests, files: json.numTotalTestSuites } : undefined;
    const status = r.timedOut ? `killed after ${SUITE_TIMEOUT_MS / 1000} s` : r.code === 0 ? 'all passed' : `exit ${r.code}${totals ? `, ${totals.failed} failed` : ''}`;
    console.log(`contract: ${seconds(r.ms)} s wall, ${totals ? `${totals.tests} tests in ${files.length} files, ${totals.failed} failed` : 'no JSON report'} (goal ≤ ${GOAL_S} s: ${wallS <= GOAL_S ? 'met' : 'NOT met'})`);
    if (r.code !== 0) console.log(r.out.split('\n').filter((l) => /FAIL|×|Error/.test(l)).slice(0, 20).join('\n'));
    if (!write) return;

    const figures = [{ label: `contract suite wall time (vitest run, ${totals ? `${totals.tests} tests, ` : ''}${status})`, value: Number(wallS.toFixed(1)), unit: 's', goal: `≤ ${GOAL_S} s`, ok: wallS <= GOAL_S && r.code === 0 }];
    if (r.cpuMs) figures.push({ label: 'contract suite CPU time (user + sys, all processes)', value: Number((r.cpuMs / 1000).toFixed(1)), unit: 's' });
    const command = `node bench/contract.mjs${given ? ' --tree <the pipeline benchmark\'s built copy>' : ''}`;
    writeFigures('contract', { command, figures, extra: { totals, files, exitCode: r.code } });
    writeSection('contract', `## Contract suite

- **Machine:** ${machineLine()}
- **Date:** ${dateLine(started)}
- **Command:** \`${command}\` (part of \`npm run bench\`): \`vitest run\` in \`test/\` of a built copy of the working tree
  (vitest's own config: forks pool, 2 workers).

${table(['figure', 'value', 'goal', 'status'], figures.map((f) => [f.label, `${f.value} ${f.unit}`, f.goal ?? '—', f.goal ? (f.ok ? 'met' : '**not met**') : '—']))}

Time per test file (files run two at a time, so they add up to more than the wall time):

${table(['file', 'tests', 'failed', 's'], files.map((f) => [f.file, f.tests, f.failed, seconds(f.ms)]))}
`);
    console.log('contract: bench/RESULTS.md and bench/out/contract.json updated');
  } finally {
    tree?.remove();
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => { console.error(`contract: ${e.message}`); process.exit(1); });
}

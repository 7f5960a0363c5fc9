#!/usr/bin/env node
// Contract-suite benchmark: the wall time of the whole vitest suite (test/, `vitest run`) on a built tree,
// with per-file times from vitest's JSON report. It runs in a copy of the working tree — the one the
// pipeline benchmark built (`--tree DIR`, as `npm run bench` does) or a fresh copy built here first (not
// timed) — so the working tree's test artifacts and caches are not touched.
//
//   node bench/contract.mjs [--tree DIR] [--no-write]
//
// Goal (issue 7): the contract suite runs in ≤ 30 s on 2 cores.
import fs from 'node:fs';
import path from 'node:path';
import { benchEnv, isMain, makeTempTree, runBounded, seconds } from './lib/temp-tree.mjs';
import { dateLine, machineLine, table, writeFigures, writeSection } from './lib/results-md.mjs';

const SUITE_TIMEOUT_MS = 300_000;
const BUILD_TIMEOUT_MS = 300_000;
const GOAL_S = 30;

async function main() {
  const args = process.argv.slice(2);
  const write = !args.includes('--no-write');
  const given = args.includes('--tree') ? path.resolve(args[args.indexOf('--tree') + 1]) : undefined;
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
    const cpuReport = path.join(dir, 'test/artifacts/bench-cpu.jsonl');
    fs.rmSync(report, { force: true });
    fs.rmSync(cpuReport, { force: true });
    console.log(`contract: vitest run in ${path.join(dir, 'test')} (bounded ${SUITE_TIMEOUT_MS / 1000} s)`);
    const r = await runBounded(path.join(dir, 'node_modules/.bin/vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: path.join(dir, 'test'), timeoutMs: SUITE_TIMEOUT_MS, cpu: true, env: { ...benchEnv(), CONTRACT_CPU_REPORT: cpuReport } });
    // Per file: the CPU time of its fork and of the processes it waited for (bench/lib/cpu-per-file.setup.mjs).
    const cpuByFile = new Map(fs.existsSync(cpuReport) ? fs.readFileSync(cpuReport, 'utf8').trim().split('\n').filter(Boolean)
      .map((l) => JSON.parse(l)).map((c) => [c.file, c.selfMs + c.childrenMs]) : []);
    const json = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : undefined;
    const files = (json?.testResults || []).map((f) => ({
      file: path.relative(path.join(dir, 'test'), f.name),
      ms: f.endTime - f.startTime,
      cpuMs: cpuByFile.get(f.name),
      tests: f.assertionResults.length,
      failed: f.assertionResults.filter((a) => a.status === 'failed').length,
      status: f.status,
    })).sort((a, b) => b.ms - a.ms);
    const wallS = r.ms / 1000;
    const totals = json ? { tests: json.numTotalTests, passed: json.numPassedTests, failed: json.numFailedTests, files: json.numTotalTestSuites } : undefined;
    const status = r.timedOut ? `killed after ${SUITE_TIMEOUT_MS / 1000} s` : r.code === 0 ? 'all passed' : `exit ${r.code}${totals ? `, ${totals.failed} failed` : ''}`;
    console.log(`contract: ${seconds(r.ms)} s wall, ${totals ? `${totals.tests} tests in ${files.length} files, ${totals.failed} failed` : 'no JSON report'} (goal ≤ ${GOAL_S} s: ${wallS <= GOAL_S ? 'met' : 'NOT met'})`);
    if (r.cpuMs) console.log(`contract: ${seconds(r.cpuMs)} s CPU (user + sys, all processes)`);
    for (const f of files) console.log(`  ${f.file.padEnd(44)} ${String(f.tests).padStart(5)} tests ${seconds(f.ms).padStart(7)} s wall ${f.cpuMs === undefined ? '      ?' : seconds(f.cpuMs).padStart(7)} s CPU${f.failed ? `  ${f.failed} failed` : ''}`);
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

Time per test file (files run two at a time, so wall times add up to more than the suite's; CPU is the file's
fork and the processes it waited for — javac, go, pytest, Chromium, Prism —, user + sys):

${table(['file', 'tests', 'failed', 'wall s', 'CPU s'], files.map((f) => [f.file, f.tests, f.failed, seconds(f.ms), f.cpuMs === undefined ? '—' : seconds(f.cpuMs)]))}
`);
    console.log('contract: bench/RESULTS.md and bench/out/contract.json updated');
  } finally {
    tree?.remove();
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => { console.error(`contract: ${e.message}`); process.exit(1); });
}

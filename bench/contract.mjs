#!/usr/bin/env node
// Contract-suite benchmark: the wall and CPU time of the vitest suite (test/) on a built tree, per vitest
// project — `contract` (the spec, mock, TypeScript client, docs, Postman: the goal below) and `clients`
// (the Python, Go and Java client sweeps, the stock-template compile, the TypeScript drift check and the
// vendor's Python SDK: javac, go, pytest, the generator JVM) — each run on its own, with per-file times
// from vitest's JSON report and per-file CPU from @modelarts-openapi/testkit/cpu-per-file.setup. It runs in a copy of
// the working tree — the one the pipeline benchmark built (`--tree DIR`, as `npm run bench` does) or a
// fresh copy built here first (not timed) — so the working tree's test artifacts and caches are not touched.
//
//   node bench/contract.mjs [--tree DIR] [--project contract|clients] [--no-write]
//
// Goal (issues 7 and 20): the contract project runs in ≤ 30 s on 2 cores.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { benchEnv, isMain, makeTempTree, runBounded, seconds } from './lib/temp-tree.mjs';
import { dateLine, machineLine, table, writeFigures, writeSection } from './lib/results-md.mjs';

const USAGE = `usage: node bench/contract.mjs [--tree DIR] [--project contract|clients] [--no-write]

  --tree DIR     run in DIR, an already built copy (default: copy the working tree and build it, not timed)
  --project P    only this vitest project (default: contract, then clients)
  --no-write     print the figures; leave bench/RESULTS.md and bench/out/ alone
  -h, --help     this text`;

const PROJECTS = {
  contract: { timeoutMs: 450_000, goalS: 30 },
  clients: { timeoutMs: 600_000 },
};
const BUILD_TIMEOUT_MS = 300_000;

/** One `vitest run --project NAME` in DIR/test: wall, CPU (all processes) and per-file wall/CPU. */
async function runProject(dir, name) {
  const { timeoutMs, goalS } = PROJECTS[name];
  const report = path.join(dir, `test/artifacts/bench-vitest-${name}.json`);
  const cpuReport = path.join(dir, `test/artifacts/bench-cpu-${name}.jsonl`);
  fs.rmSync(report, { force: true });
  fs.rmSync(cpuReport, { force: true });
  console.log(`contract: vitest run --project ${name} in ${path.join(dir, 'test')} (bounded ${timeoutMs / 1000} s)`);
  const r = await runBounded(path.join(dir, 'node_modules/.bin/vitest'), ['run', '--project', name, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], { cwd: path.join(dir, 'test'), timeoutMs, cpu: true, env: { ...benchEnv(), CONTRACT_CPU_REPORT: cpuReport } });
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
  }));
  // Killed before vitest wrote its report: the files that finished, from the CPU report.
  if (!json) for (const [name, cpuMs] of cpuByFile) files.push({ file: path.relative(path.join(dir, 'test'), name), ms: NaN, cpuMs, tests: 0, failed: 0, status: 'finished' });
  files.sort((a, b) => (b.cpuMs ?? b.ms) - (a.cpuMs ?? a.ms));
  const totals = json ? { tests: json.numTotalTests, passed: json.numPassedTests, failed: json.numFailedTests, files: json.numTotalTestSuites } : undefined;
  const status = r.timedOut ? `killed after ${timeoutMs / 1000} s` : r.code === 0 ? 'all passed' : `exit ${r.code}${totals ? `, ${totals.failed} failed` : ''}`;
  const wallS = r.ms / 1000;
  console.log(`contract: ${name}: ${seconds(r.ms)} s wall${r.cpuMs ? `, ${seconds(r.cpuMs)} s CPU` : ''}, ${totals ? `${totals.tests} tests in ${files.length} files, ${totals.failed} failed` : 'no JSON report'}${goalS ? ` (goal ≤ ${goalS} s: ${wallS <= goalS ? 'met' : 'NOT met'})` : ''}`);
  for (const f of files) console.log(`  ${f.file.padEnd(44)} ${String(f.tests).padStart(5)} tests ${seconds(f.ms).padStart(7)} s wall ${f.cpuMs === undefined ? '      ?' : seconds(f.cpuMs).padStart(7)} s CPU${f.failed ? `  ${f.failed} failed` : ''}`);
  if (r.code !== 0) console.log(r.out.split('\n').filter((l) => /FAIL|×|Error/.test(l)).slice(0, 20).join('\n'));
  return { name, wallS, cpuS: r.cpuMs ? r.cpuMs / 1000 : undefined, code: r.code, status, totals, files, goalS };
}

async function main() {
  const { values: args } = readArgs('contract', USAGE, {
    options: { tree: { type: 'string' }, project: { type: 'string' }, 'no-write': { type: 'boolean' } },
    check: (args) => {
      if (args.project !== undefined && !PROJECTS[args.project]) throw new Error(`--project: unknown project "${args.project}" (${Object.keys(PROJECTS).join(', ')})`);
    },
  });
  const write = !args['no-write'];
  const given = args.tree !== undefined ? path.resolve(args.tree) : undefined;
  const only = args.project;
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
    const runs = [];
    for (const name of only ? [only] : Object.keys(PROJECTS)) runs.push(await runProject(dir, name));
    if (!write) return;

    const figures = runs.flatMap((p) => [
      { label: `${p.name} project wall time (vitest run --project ${p.name}, ${p.totals ? `${p.totals.tests} tests, ` : ''}${p.status})`, value: Number(p.wallS.toFixed(1)), unit: 's', ...(p.goalS ? { goal: `≤ ${p.goalS} s`, ok: p.wallS <= p.goalS && p.code === 0 } : {}) },
      ...(p.cpuS ? [{ label: `${p.name} project CPU time (user + sys, all processes)`, value: Number(p.cpuS.toFixed(1)), unit: 's' }] : []),
    ]);
    const command = `node bench/contract.mjs${given ? ' --tree <the pipeline benchmark\'s built copy>' : ''}${only ? ` --project ${only}` : ''}`;
    writeFigures('contract', { command, figures, extra: Object.fromEntries(runs.map((p) => [p.name, { totals: p.totals, files: p.files, exitCode: p.code }])) });
    writeSection('contract', `## Contract suite

- **Machine:** ${machineLine()}
- **Date:** ${dateLine(started)}
- **Command:** \`${command}\` (part of \`npm run bench\`): \`vitest run --project <name>\` in \`test/\` of a built copy of the
  working tree, one project after the other (vitest's own config: forks pool, 2 workers, longest files first;
  \`contract\` without per-file isolation).
  \`contract\` is the spec, mock, TypeScript client, docs and Postman; \`clients\` the other-language client sweeps, the
  stock-template compile, the TypeScript drift check and the vendor's Python SDK. \`npm test\` runs both.

${table(['figure', 'value', 'goal', 'status'], figures.map((f) => [f.label, `${f.value} ${f.unit}`, f.goal ?? '—', f.goal ? (f.ok ? 'met' : '**not met**') : '—']))}

Time per test file (files run two at a time, so wall times add up to more than the project's; CPU is what the
file's worker process and the processes it waited for — javac, go, pytest, Prism, Chromium's browser process —
used while the file ran, user + sys; like the project figure it misses processes nobody waits for, such as
Chromium's renderers, several seconds per page):

${table(['project', 'file', 'tests', 'failed', 'wall s', 'CPU s'], runs.flatMap((p) => p.files.map((f) => [p.name, f.file, f.tests, f.failed, seconds(f.ms), f.cpuMs === undefined ? '—' : seconds(f.cpuMs)])))}
`);
    console.log('contract: bench/RESULTS.md and bench/out/contract.json updated');
  } finally {
    tree?.remove();
  }
}

if (isMain(import.meta.url)) {
  main().catch((e) => { console.error(`contract: ${e.message}`); process.exit(1); });
}

#!/usr/bin/env node
// `npm run bench`: every benchmark of bench/, one after the other, each bounded in time, then the
// summary table at the top of bench/RESULTS.md.
//
//   pipeline  clean build + no-op rebuild in a copy of the working tree (bench/pipeline.mjs)
//   scale     the same on a 10× synthetic spec, against the pipeline's 1× of this run (bench/scale.mjs)
//   contract  the vitest suite on the copy the pipeline built, per project: contract, clients (bench/contract.mjs)
//   signer, bundle-size, soak, docs-render: bench/<name>.{mjs,js,cjs,sh} when present (written by the
//             issues that own them), run from the repo root on the working tree (built first with
//             `turbo run build`, cached). A missing one is reported as missing.
//
//   npm run bench [-- --only pipeline,contract] [-- --skip scale]
//
// A benchmark that wants a row in the summary table writes bench/out/<name>.json as
//   { "figures": [{ "label": "...", "value": 1.2, "unit": "ms", "goal": "≤ 5 ms", "ok": true }] }
// (see bench/lib/results-md.mjs); otherwise its row shows its exit status and last output line.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchEnv, isMain, repoRoot, runBounded, seconds } from './lib/temp-tree.mjs';
import { dateLine, machineLine, orderSections, outDir, table, writeSection } from './lib/results-md.mjs';

const MIN = 60_000;
// Arguments for the other issues' scripts: record their figures (--write where the script only writes
// RESULTS.md when asked) and keep the whole run near 10 minutes (the soak is capped at 40 s per target
// here; `npm run bench:soak` runs it in full). A script not listed gets --write if its source documents it.
const EXTERNAL = [
  { name: 'signer', what: 'AK/SK request signer', args: ['--write'] },
  { name: 'bundle-size', what: 'client bundle size', args: ['--write'] },
  { name: 'soak', what: 'mock: engine vs bare Node server vs Prism, start-up, soak', args: ['--max-seconds', '40'], timeoutMs: 5 * MIN },
  { name: 'docs-render', what: 'docs render' },
];
const EXTERNAL_TIMEOUT_MS = 3 * MIN;

function findScript(name) {
  for (const ext of ['mjs', 'js', 'cjs', 'sh']) {
    const f = path.join(repoRoot, 'bench', `${name}.${ext}`);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

const readOut = (name) => {
  const f = path.join(outDir, `${name}.json`);
  try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return undefined; }
};

async function runStep(step) {
  fs.rmSync(path.join(outDir, `${step.name}.json`), { force: true }); // no stale figures
  const cmd = step.file.endsWith('.sh') ? 'bash' : process.execPath;
  console.log(`\nbench: ── ${step.name} (${path.relative(repoRoot, step.file)} ${step.args.join(' ')}; bounded ${step.timeoutMs / 1000} s)`);
  const r = await runBounded(cmd, [step.file, ...step.args], { cwd: repoRoot, timeoutMs: step.timeoutMs, env: benchEnv(), echo: true });
  const lastLine = r.out.trim().split('\n').filter(Boolean).pop() ?? '';
  console.log(`bench: ${step.name} ${r.timedOut ? 'KILLED' : r.code === 0 ? 'finished' : `FAILED (exit ${r.code})`} in ${seconds(r.ms)} s`);
  return { ...step, code: r.code, ms: r.ms, timedOut: r.timedOut, lastLine, record: readOut(step.name) };
}

const USAGE = `usage: node bench/run-all.mjs [--only NAME,…] [--skip NAME,…]   (npm run bench [-- …])
  Every benchmark, one after the other, each bounded in time, then the summary table in bench/RESULTS.md.
  Names: pipeline, scale, contract, signer, bundle-size, soak, docs-render.
  --only NAMES  run only these (comma-separated)
  --skip NAMES  run all but these
  -h, --help    this text`;

async function main() {
  const { values } = readArgs('bench', USAGE, { options: { only: { type: 'string' }, skip: { type: 'string' } } });
  const list = (v) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));
  const o = { only: list(values.only), skip: list(values.skip) ?? [] };
  const wanted = (name) => (!o.only || o.only.includes(name)) && !o.skip.includes(name);
  const started = new Date();
  const t0 = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  const treeFile = path.join(os.tmpdir(), `modelarts-bench-tree-${process.pid}`);
  const results = [];
  let keptTree;
  try {
    if (wanted('pipeline')) {
      const r = await runStep({ name: 'pipeline', file: path.join(repoRoot, 'bench/pipeline.mjs'), args: wanted('contract') ? ['--keep-tree', treeFile] : [], timeoutMs: 8 * MIN });
      results.push(r);
      if (fs.existsSync(treeFile)) { keptTree = fs.readFileSync(treeFile, 'utf8').trim(); fs.rmSync(treeFile); }
    }
    if (wanted('scale')) {
      const baseline = path.join(outDir, 'pipeline.json');
      results.push(await runStep({ name: 'scale', file: path.join(repoRoot, 'bench/scale.mjs'), args: fs.existsSync(baseline) ? ['--baseline', baseline] : [], timeoutMs: 10 * MIN }));
    }
    if (wanted('contract')) {
      results.push(await runStep({ name: 'contract', file: path.join(repoRoot, 'bench/contract.mjs'), args: keptTree ? ['--tree', keptTree] : [], timeoutMs: 18 * MIN }));
    }
  } finally {
    if (keptTree) fs.rmSync(keptTree, { recursive: true, force: true });
  }

  const externals = EXTERNAL.filter((e) => wanted(e.name)).map((e) => ({ ...e, file: findScript(e.name) }));
  if (externals.some((e) => e.file)) {
    console.log('\nbench: ── building the working tree for the other benchmarks (turbo run build, cached)');
    const b = await runBounded(path.join(repoRoot, 'node_modules/.bin/turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: repoRoot, timeoutMs: 6 * MIN, echo: true });
    if (b.code !== 0) console.log(`bench: the working-tree build failed (exit ${b.code}); the benchmarks below may fail with it`);
  }
  for (const e of externals) {
    if (!e.file) {
      console.log(`\nbench: ── ${e.name}: MISSING (no bench/${e.name}.{mjs,js,cjs,sh})`);
      results.push({ ...e, missing: true });
      continue;
    }
    const args = e.args ?? (fs.readFileSync(e.file, 'utf8').includes('--write') ? ['--write'] : []);
    results.push(await runStep({ ...e, args, timeoutMs: Number(process.env.BENCH_EXTERNAL_TIMEOUT_MS) || e.timeoutMs || EXTERNAL_TIMEOUT_MS }));
  }

  // Summary table: every figure a benchmark reported, else its status. Benchmarks left out of this run
  // (--only/--skip) keep the figures of their last run, marked with its date.
  const rows = [];
  const all = ['pipeline', 'scale', 'contract', ...EXTERNAL.map((e) => e.name)];
  for (const name of all.filter((n) => !results.some((r) => r.name === n))) {
    const record = readOut(name);
    const file = name === 'pipeline' || name === 'scale' || name === 'contract' ? path.join(repoRoot, 'bench', `${name}.mjs`) : findScript(name);
    if (record?.figures?.length) results.push({ name, file, record, earlier: record.date, code: 0, ms: 0, lastLine: '' });
  }
  results.sort((a, b) => all.indexOf(a.name) - all.indexOf(b.name));
  for (const r of results) {
    const label = r.file ? `[${r.name}](${path.relative(path.join(repoRoot, 'bench'), r.file)})` : r.name;
    if (r.missing) { rows.push([label, `missing: no bench/${r.name}.* (${r.what})`, '—', '—', '—']); continue; }
    const status = r.earlier ? `from an earlier run (${dateLine(new Date(r.earlier))})` : r.timedOut ? `**killed** after ${r.timeoutMs / 1000} s` : r.code === 0 ? 'ran' : `**failed** (exit ${r.code})`;
    const figures = r.record?.figures || [];
    if (!figures.length) rows.push([label, r.code === 0 ? `see its section (${r.lastLine.slice(0, 120)})` : r.lastLine.slice(0, 160), '—', '—', `${status}, ${seconds(r.ms)} s`]);
    for (const f of figures) rows.push([label, f.label, `${f.value}${f.unit ? ` ${f.unit}` : ''}`, f.goal ?? '—', `${f.goal ? (f.ok ? 'met' : '**not met**') : status}${f.goal && r.earlier ? `; ${status}` : ''}`]);
  }
  const failed = results.filter((r) => !r.missing && r.code !== 0);
  const missing = results.filter((r) => r.missing);
  writeSection('summary', `## Summary (\`npm run bench\`)

- **Machine:** ${machineLine()}
- **Date:** ${dateLine(started)}
- **Command:** \`npm run bench\` (\`node bench/run-all.mjs\`), ${seconds(Date.now() - t0)} s in all (${results.filter((r) => r.ms).map((r) => `${r.name} ${seconds(r.ms)} s`).join(', ')}).

${table(['benchmark', 'figure', 'value', 'goal', 'status'], rows)}
${missing.length ? `\nMissing: ${missing.map((m) => `\`bench/${m.name}.*\``).join(', ')} (not written yet).` : ''}${failed.length ? `\nFailed: ${failed.map((f) => `${f.name} (exit ${f.code}${f.timedOut ? ', killed' : ''})`).join(', ')}: see the output of \`npm run bench\`.` : ''}
`);
  orderSections(['summary', 'pipeline', 'scale', 'contract', ...EXTERNAL.map((e) => e.name)]);
  console.log(`\nbench: done in ${seconds(Date.now() - t0)} s; bench/RESULTS.md updated${missing.length ? `; missing: ${missing.map((m) => m.name).join(', ')}` : ''}${failed.length ? `; FAILED: ${failed.map((f) => f.name).join(', ')}` : ''}`);
  if (failed.length) process.exitCode = 1;
}

if (isMain(import.meta.url)) {
  main().catch((e) => { console.error(`bench: ${e.stack || e.message}`); process.exit(1); });
}

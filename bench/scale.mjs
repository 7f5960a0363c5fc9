#!/usr/bin/env node
// Scale benchmark: the pipeline benchmark's clean build on a synthetic spec with N× the operations,
// made from ours by cloning every operation under new paths (`/v1/{project_id}/clone2/...`, operationId
// `...Clone2`, files spec/paths/<area>/<operationId>Clone2.yaml), so every stage — lint, bundle, generate, compile, docs —
// sees N× the operations. The 1× figure comes from the same run (the pipeline benchmark's record when
// `npm run bench` passes it, otherwise measured here), so the ratio compares like with like.
//
//   node bench/scale.mjs [--factors 10] [--baseline bench/out/pipeline.json] [--no-write]
//
// Goal (issue 7): cost grows linearly or better, i.e. time(N×) / time(1×) ≤ N.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { METHODS } from '@modelarts-openapi/spec';
import { measurePipeline } from './pipeline.mjs';
import { isMain, seconds } from './lib/temp-tree.mjs';
import { dateLine, machineLine, table, writeFigures, writeSection } from './lib/results-md.mjs';

/** Grows the spec source in `dir` to `factor`× its operations. Returns the number of operation files written. */
export function growSpec(dir, factor) {
  const specDir = path.join(dir, 'spec');
  const rootFile = path.join(specDir, 'openapi.yaml');
  const root = YAML.parse(fs.readFileSync(rootFile, 'utf8'));
  const original = Object.entries(root.paths || {});
  let written = 0;
  for (let k = 2; k <= factor; k += 1) {
    // Each clone set gets its own copy of the shared responses and of the examples they reference:
    // Spectral 6.16.3 misreports an example file once about 100 operations reach it through the same
    // response file ("value.value property must exist"), which the real spec would also hit near 100
    // operations. Copies keep every file under that count, so the synthetic spec lints like ours.
    const sharedDirs = [['components/responses', `components/responses-clone${k}`], ['examples/common', `examples/common-clone${k}`]];
    const retarget = (text) => sharedDirs.reduce((t, [from, to]) => t.split(`/${from}/`).join(`/${to}/`), text);
    for (const [from, to] of sharedDirs) {
      const src = path.join(specDir, from);
      if (!fs.existsSync(src)) continue;
      fs.mkdirSync(path.join(specDir, to), { recursive: true });
      for (const f of fs.readdirSync(src)) fs.writeFileSync(path.join(specDir, to, f), retarget(fs.readFileSync(path.join(src, f), 'utf8')));
    }
    for (const [p, item] of original) {
      const m = p.match(/^(\/v\d+(?:\.\d+)?)(\/\{project_id\})?(.*)$/);
      const np = m ? `${m[1]}${m[2] ?? ''}/clone${k}${m[3]}` : `/clone${k}${p}`;
      const next = {};
      for (const [key, value] of Object.entries(item)) {
        if (!METHODS.includes(key) || !value || typeof value.$ref !== 'string') { next[key] = value; continue; }
        const src = path.join(specDir, value.$ref);
        const text = fs.readFileSync(src, 'utf8');
        const id = YAML.parse(text).operationId;
        const newId = `${id}Clone${k}`;
        // The clone keeps its tag, so it stays in its area's folder (the source lint checks that), and at
        // the same depth as the original, so its relative $refs still resolve.
        const rel = `paths/${path.basename(path.dirname(src))}/${newId}.yaml`;
        fs.writeFileSync(path.join(specDir, rel), retarget(text).replace(new RegExp(`^operationId:\\s*${id}\\s*$`, 'm'), `operationId: ${newId}`));
        next[key] = { $ref: rel };
        written += 1;
      }
      root.paths[np] = next;
    }
  }
  fs.writeFileSync(rootFile, YAML.stringify(root, { lineWidth: 0 }));
  return written;
}

const USAGE = `usage: node bench/scale.mjs [--factors 10] [--baseline bench/out/pipeline.json] [--no-write]
  The pipeline benchmark's clean build on a synthetic spec with N× the operations (goal: time(N×)/time(1×) <= N).
  --factors N,…    the multiples to measure (integers >= 2, default 10)
  --baseline FILE  the 1× record of the pipeline benchmark (else measured here)
  --no-write       print the figures only
  -h, --help       this text`;

async function main() {
  const { values } = readArgs('scale', USAGE, {
    options: { factors: { type: 'string', default: '10' }, baseline: { type: 'string' }, 'no-write': { type: 'boolean' } },
    check: (v) => {
      if (!v.factors.split(',').map(Number).every((n) => Number.isInteger(n) && n >= 2)) throw new Error(`--factors takes integers >= 2, not "${v.factors}"`);
    },
  });
  const o = { factors: values.factors.split(',').map(Number), baseline: values.baseline, write: !values['no-write'] };
  const started = new Date();
  let base;
  if (o.baseline && fs.existsSync(o.baseline)) {
    const rec = JSON.parse(fs.readFileSync(o.baseline, 'utf8'));
    base = { ms: rec.clean.ms, cpuMs: rec.clean.cpuMs, operations: rec.operations, tasks: rec.clean.summary?.tasks || [], source: `${path.relative(process.cwd(), o.baseline)} (same run)` };
    console.log(`scale: 1× from ${o.baseline}: ${seconds(base.ms)} s wall, ${seconds(base.cpuMs ?? 0)} s CPU, ${base.operations} operations`);
  }
  if (!base?.cpuMs) {
    console.log('scale: measuring the 1× clean build');
    const r = await measurePipeline({ prefix: 'modelarts-bench-scale1-', noopRuns: 0 });
    base = { ms: r.clean.ms, cpuMs: r.clean.cpuMs, operations: r.operations, tasks: r.clean.summary?.tasks || [], source: 'measured here' };
    console.log(`scale: 1×: ${seconds(base.ms)} s wall, ${seconds(base.cpuMs)} s CPU, ${base.operations} operations`);
  }
  const points = [];
  for (const factor of o.factors) {
    console.log(`scale: ${factor}×: cloning every operation ${factor - 1} times, then a clean build (bounded 400 s)`);
    const r = await measurePipeline({ prefix: `modelarts-bench-scale${factor}-`, noopRuns: 2, cleanTimeoutMs: 400_000, transform: (dir) => growSpec(dir, factor) });
    // The cost figure is CPU time (user + sys of every process of the build): wall time on a shared
    // machine moves with whatever else runs; the wall-time ratio is reported next to it.
    const cpuRatio = r.clean.cpuMs / base.cpuMs;
    const wallRatio = r.clean.ms / base.ms;
    // The second rebuild: the first one may re-run a task whose inputs another task writes (see pipeline).
    points.push({ factor, ms: r.clean.ms, cpuMs: r.clean.cpuMs, operations: r.operations, cpuRatio, wallRatio, noopMs: r.noops[r.noops.length - 1]?.ms, firstNoopMs: r.noops[0]?.ms, tasks: r.clean.summary?.tasks || [] });
    console.log(`scale: ${factor}×: ${r.operations} operations, clean build ${seconds(r.clean.cpuMs)} s CPU = ${cpuRatio.toFixed(2)}× the 1× build (goal ≤ ${factor}×: ${cpuRatio <= factor ? 'met' : 'NOT met'}); wall ${seconds(r.clean.ms)} s = ${wallRatio.toFixed(2)}×`);
  }
  if (!o.write) return;

  const figures = points.flatMap((p) => [
    { label: `clean build CPU time at ${p.factor}× operations / at 1× (${p.operations} vs ${base.operations} operations)`, value: Number(p.cpuRatio.toFixed(2)), unit: '×', goal: `≤ ${p.factor}× (linear or better)`, ok: p.cpuRatio <= p.factor },
    { label: `clean build wall time at ${p.factor}× / at 1×`, value: Number(p.wallRatio.toFixed(2)), unit: '×' },
  ]);
  const command = `node bench/scale.mjs --factors ${o.factors.join(',')}${o.baseline ? ` --baseline ${path.relative(process.cwd(), o.baseline)}` : ''}`;
  writeFigures('scale', { command, figures, extra: { base, points } });
  // Fixed cost and cost per operation (CPU) from the two ends: a straight line through 1× and the largest N×.
  const last = points[points.length - 1];
  const perOp = (last.cpuMs - base.cpuMs) / (last.operations - base.operations);
  const fixed = base.cpuMs - perOp * base.operations;
  const ids = [...new Set([...base.tasks.map((t) => t.id), ...points.flatMap((p) => p.tasks.map((t) => t.id))])];
  const taskMs = (tasks, id) => tasks.find((t) => t.id === id)?.ms;
  const taskRows = ids.map((id) => {
    const b = taskMs(base.tasks, id);
    const cells = points.map((p) => { const v = taskMs(p.tasks, id); return v === undefined ? '—' : `${seconds(v)} s${b ? ` (${(v / b).toFixed(1)}×)` : ''}`; });
    return [id, b === undefined ? '—' : `${seconds(b)} s`, ...cells];
  });
  writeSection('scale', `## Scale: the pipeline on ${o.factors.map((f) => `${f}×`).join(', ')} the operations

- **Machine:** ${machineLine()}
- **Date:** ${dateLine(started)}
- **Command:** \`${command}\` (part of \`npm run bench\`): the pipeline benchmark's clean build on a copy whose spec
  has every operation cloned under new paths (\`/v1/{project_id}/cloneK/…\`, operationId \`…CloneK\`), shared
  components unchanged. 1× baseline: ${base.source}. Cost = CPU time (user + sys of every process of the build, from
  bash's \`times\`), which other load on the machine barely moves; wall time is shown beside it.

${table(['spec', 'operations', 'CPU', 'CPU vs 1×', 'goal', 'wall', 'wall vs 1×', 'no-op rebuild (1st, 2nd)'], [
    ['1× (ours)', base.operations, `${seconds(base.cpuMs)} s`, '1.00×', '—', `${seconds(base.ms)} s`, '1.00×', '—'],
    ...points.map((p) => [`${p.factor}× (synthetic)`, p.operations, `${seconds(p.cpuMs)} s`, `${p.cpuRatio.toFixed(2)}×`, `≤ ${p.factor}× ${p.cpuRatio <= p.factor ? '(met)' : '(**not met**)'}`, `${seconds(p.ms)} s`, `${p.wallRatio.toFixed(2)}×`, p.noopMs ? `${seconds(p.firstNoopMs)} s, ${seconds(p.noopMs)} s` : '—']),
  ])}

Cost model (CPU) from these points: about ${seconds(Math.max(fixed, 0))} s fixed + ${perOp.toFixed(0)} ms per operation.

Wall time per turbo task (tasks overlap on 2 cores, and other load on the machine shows here):

${table(['task', '1×', ...points.map((p) => `${p.factor}×`)], taskRows)}
`);
  console.log('scale: bench/RESULTS.md and bench/out/scale.json updated');
}

if (isMain(import.meta.url)) {
  main().catch((e) => { console.error(`scale: ${e.message}`); process.exit(1); });
}

#!/usr/bin/env node
// How the other-language clients' generate + build + test grows with the spec: a synthetic bundle with
// every operation cloned `factor` times (new paths `/cloneK/...`, operationIds `...CloneK`, and every
// component schema cloned as `<Name>CloneK`, so the models grow too) goes through the same steps as the
// build and tests — one batch generation, each language's build, each language's test runner on a plan of
// every operation against the mock serving that bundle. Prints the seconds of each step.
//
//   node generators/scale.mjs [--factor 5] [--langs python,go,java] [--m2 <dir>]
//   --m2: a Maven local repository for the run (an empty directory measures a cold ~/.m2)
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { startMock } from '@modelarts-openapi/mock';
import { operations } from '@modelarts-openapi/spec';
import { buildClient, buildRoot, bundleJson, GLOBAL_PROPERTIES, LANGS, loadConfig, testClient } from './lib/index.mjs';
import { planCall } from './lib/plan.mjs';
import { generateBatch } from '@modelarts-openapi/tooling/openapi-generator';

const usage = `usage: node generators/scale.mjs [--factor 5] [--langs ${LANGS.join(',')}] [--m2 <dir>]
  Generate + build + test of the other-language clients on a bundle with every operation cloned N times.
  --factor N    the multiple (integer >= 1, default 5)
  --langs L,…   languages (default all: ${LANGS.join(', ')})
  --m2 DIR      a Maven local repository for the run (an empty directory measures a cold ~/.m2)
  -h, --help    this text`;
const { values: args } = readArgs('scale', usage, {
  options: { factor: { type: 'string', default: '5' }, langs: { type: 'string', default: LANGS.join(',') }, m2: { type: 'string' } },
  check: (args) => {
    if (!/^[1-9]\d*$/.test(args.factor)) throw new Error(`--factor must be a positive integer, not "${args.factor}"`);
    const bad = args.langs.split(',').filter((l) => !LANGS.includes(l));
    if (bad.length) throw new Error(`--langs: unknown language ${bad.join(', ')}`);
  },
});
const factor = Number(args.factor);
const langs = args.langs.split(',');
if (args.m2) process.env.MAVEN_OPTS = `${process.env.MAVEN_OPTS ?? ''} -Dmaven.repo.local=${path.resolve(args.m2)}`.trim();

/** The bundle with every operation and schema cloned (factor - 1) more times. */
export function scaleBundle(spec, n) {
  const out = structuredClone(spec);
  const names = Object.keys(spec.components.schemas);
  for (let k = 2; k <= n; k += 1) {
    const rename = (v) => JSON.parse(JSON.stringify(v).replace(/"#\/components\/schemas\/([^"]+)"/g, (_m, s) => `"#/components/schemas/${s}Clone${k}"`));
    for (const name of names) out.components.schemas[`${name}Clone${k}`] = rename(spec.components.schemas[name]);
    for (const [p, item] of Object.entries(spec.paths)) {
      const copy = rename(item);
      for (const op of Object.values(copy)) if (op && op.operationId) op.operationId += `Clone${k}`;
      out.paths[p.replace(/^(\/v\d)\//, `$1/clone${k}/`)] = copy;
    }
  }
  return out;
}

const seconds = (t) => Number(((Date.now() - t) / 1000).toFixed(1));
const dir = path.join(buildRoot, '.scale');
fs.mkdirSync(dir, { recursive: true });
const spec = scaleBundle(JSON.parse(fs.readFileSync(bundleJson, 'utf8')), factor);
const input = path.join(dir, 'openapi.json');
fs.writeFileSync(input, JSON.stringify(spec));
const ops = operations(spec);
const figures = { factor, operations: ops.length, schemas: Object.keys(spec.components.schemas).length };
console.log(`scale: ${ops.length} operations, ${figures.schemas} schemas`);

let t = Date.now();
generateBatch(langs.map((l) => ({ ...loadConfig(l), inputSpec: input, outputDir: path.join(dir, l), globalProperties: GLOBAL_PROPERTIES })));
figures.generate = seconds(t);
console.log(`scale: generated ${langs.join(', ')} in ${figures.generate} s`);

const mock = await startMock({ spec: input });
try {
  const calls = ops.map((o) => planCall(spec, o)).map((p) => ({ ...p.call, expect: { ok: true, status: p.expected.status } }));
  for (const lang of langs) {
    t = Date.now();
    await buildClient(lang, { dir: path.join(dir, lang), log: (s) => console.log(`scale: ${s}`) });
    figures[`${lang}Build`] = seconds(t);
    t = Date.now();
    const r = await testClient(lang, { baseUrl: mock.url, token: 'scale', calls }, { dir: path.join(dir, lang) });
    figures[`${lang}Test`] = seconds(t);
    const failed = r.results.filter((x) => !x.ok).length;
    console.log(`scale: ${lang}: built in ${figures[`${lang}Build`]} s, ${calls.length} calls in ${figures[`${lang}Test`]} s (exit ${r.exitCode}, ${failed} failed)`);
  }
} finally {
  await mock.stop();
}
console.log(JSON.stringify(figures));

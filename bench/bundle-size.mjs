#!/usr/bin/env node
// Minified esbuild bundle of a program that calls one ModelArts operation (listTrainingJobs) with AK/SK
// auth: with @modelarts-openapi/client, and the same program with @huaweicloud/huaweicloud-sdk-core
// (HcClient + BasicCredentials, which is what the vendor's generated ModelArts client runs on).
//
//   node bench/bundle-size.mjs [--write] [--no-run]
//
// Needs the client built (npm run build -w @modelarts-openapi/client) and the bundled spec. Each bundle
// is then run once against the Prism mock, to show it really works. --write records the table in
// bench/RESULTS.md. Bundles land in bench/out/bundle-size/ (not committed).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readArgs } from '@modelarts-openapi/spec/cli';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { dateLine, machineLine, writeFigures, writeSection } from './lib/results-md.mjs';

const USAGE = `usage: node bench/bundle-size.mjs [--write] [--no-run]
  Minified esbuild bundles of one listTrainingJobs call: @modelarts-openapi/client vs the vendor's SDK core.
  --write    record the table in bench/RESULTS.md
  --no-run   do not run each bundle against the mock
  -h, --help this text`;
const { values: args } = readArgs('bundle-size', USAGE, { options: { write: { type: 'boolean' }, 'no-run': { type: 'boolean' } } });

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out', 'bundle-size');
fs.mkdirSync(out, { recursive: true });

const programs = {
  'client-createClient': `// @modelarts-openapi/client, the convenient way: every API on one object.
import { createClient } from '@modelarts-openapi/client';
const client = createClient({
  endpoint: process.env.MODELARTS_ENDPOINT,
  credentials: { ak: process.env.HUAWEICLOUD_SDK_AK, sk: process.env.HUAWEICLOUD_SDK_SK },
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
});
const page = await client.trainingJobsV1.listTrainingJobs({ perPage: 10 });
console.log(page.job_total_count);
`,
  'client-one-api': `// @modelarts-openapi/client, one API class (bundlers drop the others).
import { createApi, TrainingJobsV1Api } from '@modelarts-openapi/client';
const jobs = createApi(TrainingJobsV1Api, {
  endpoint: process.env.MODELARTS_ENDPOINT,
  credentials: { ak: process.env.HUAWEICLOUD_SDK_AK, sk: process.env.HUAWEICLOUD_SDK_SK },
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
});
const page = await jobs.listTrainingJobs({ perPage: 10 });
console.log(page.job_total_count);
`,
  'vendor-core': `// The same call with @huaweicloud/huaweicloud-sdk-core, as the vendor's generated clients make it.
// (Deep imports, as the vendor's generated service packages do: the package root exports credentials only.)
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
const credentials = new BasicCredentials()
  .withAk(process.env.HUAWEICLOUD_SDK_AK)
  .withSk(process.env.HUAWEICLOUD_SDK_SK)
  .withProjectId(process.env.HUAWEICLOUD_SDK_PROJECT_ID);
const client = new ClientBuilder((hcClient) => hcClient)
  .withCredential(credentials)
  .withEndpoint(process.env.MODELARTS_ENDPOINT ?? 'https://modelarts.cn-north-4.myhuaweicloud.com')
  .build();
const page = await client.sendRequest({
  method: 'GET',
  url: '/v1/{project_id}/training-jobs',
  contentType: 'application/json',
  headers: {},
  pathParams: {},
  queryParams: { per_page: 10 },
});
console.log(page.job_total_count);
`,
};

const results = [];
for (const [name, source] of Object.entries(programs)) {
  const entry = path.join(out, `${name}.entry.mjs`);
  fs.writeFileSync(entry, source);
  for (const platform of name.startsWith('vendor') ? ['node'] : ['node', 'browser']) {
    const outfile = path.join(out, `${name}.${platform}.min.mjs`);
    const r = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform,
      target: platform === 'node' ? 'node20' : 'es2022',
      outfile,
      logLevel: 'silent',
      // CommonJS dependencies of the vendor package call require(); give the ESM bundle one.
      banner: platform === 'node' ? { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" } : undefined,
      metafile: true,
    });
    const bytes = fs.statSync(outfile).size;
    const gzip = zlib.gzipSync(fs.readFileSync(outfile), { level: 9 }).length;
    const inputs = Object.keys(r.metafile.inputs);
    const packages = new Set(inputs.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1]).filter(Boolean));
    results.push({ name, platform, outfile, bytes, gzip, modules: inputs.length, packages: [...packages].sort(), warnings: r.warnings.length });
  }
}

// Run each node bundle once against the mock (proves the programs are real and equivalent).
const run = !args['no-run'];
if (run) {
  const { startMock } = await import('@modelarts-openapi/mock');
  const mock = await startMock();
  try {
    for (const r of results.filter((x) => x.platform === 'node')) {
      const { stdout } = await promisify(execFile)(process.execPath, [r.outfile], {
        env: { ...process.env, MODELARTS_ENDPOINT: mock.url, HUAWEICLOUD_SDK_AK: 'HPUABENCHACCESSKEY00', HUAWEICLOUD_SDK_SK: 'benchSecretKey0123456789abcdefghijklmnop', HUAWEICLOUD_SDK_PROJECT_ID: '2ac3f11b4f47402b8d6e7fc6f7a1b2c3' },
        timeout: 30_000,
      });
      r.ran = stdout.trim().split('\n').pop();
    }
  } finally {
    await mock.stop();
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const vendor = results.find((r) => r.name === 'vendor-core');
const table = [
  '| program | platform | minified | gzip | vs vendor (minified) | npm packages bundled | ran against the mock |',
  '|---|---|---:|---:|---:|---|---|',
  ...results.map((r) => `| ${r.name} | ${r.platform} | ${kb(r.bytes)} | ${kb(r.gzip)} | ${r === vendor ? '100 %' : `${((100 * r.bytes) / vendor.bytes).toFixed(1)} %`} | ${r.packages.length ? r.packages.join(', ') : '(none)'} | ${r.ran === undefined ? (r.platform === 'browser' ? 'n/a (browser)' : 'not run') : `printed ${r.ran}`} |`),
];
console.log(table.join('\n'));
const oneApi = results.find((r) => r.name === 'client-one-api' && r.platform === 'node');
const all = results.find((r) => r.name === 'client-createClient' && r.platform === 'node');
console.log(`\ngoal ≤10 % of the vendor bundle for a one-operation program: ${oneApi.bytes <= 0.1 * vendor.bytes ? 'met' : 'NOT met'} (${((100 * oneApi.bytes) / vendor.bytes).toFixed(1)} %); createClient(): ${((100 * all.bytes) / vendor.bytes).toFixed(1)} %`);

if (args.write) {
  const command = 'node bench/bundle-size.mjs --write';
  writeSection('bundle-size', [
    '## Client: bundle size of a program that calls one operation with AK/SK',
    '',
    `- **Machine:** ${machineLine()}`,
    `- **Date:** ${dateLine()}`,
    `- **Command:** \`${command}\` (\`npm run bench:bundle-size\`): esbuild ${esbuild.version}, \`--bundle --minify --format=esm\`,`,
    '  target node20 / es2022; the programs are in the script (`client-one-api`: `createApi(TrainingJobsV1Api, …)`, the other APIs tree-shaken;',
    '  `client-createClient`: `createClient()`, every API of the spec; `vendor-core`: HcClient + BasicCredentials of',
    '  `@huaweicloud/huaweicloud-sdk-core`, as the vendor\'s generated ModelArts client uses it). Each node bundle then ran',
    '  once against the Prism mock.',
    `- **Goal:** ≤10 % of the vendor bundle — ${oneApi.bytes <= 0.1 * vendor.bytes ? '**met**' : '**not met**'} for a program calling one operation (\`client-one-api\`, ${((100 * oneApi.bytes) / vendor.bytes).toFixed(1)} %); \`createClient()\` bundles every API of the spec (${((100 * all.bytes) / vendor.bytes).toFixed(1)} %, grows with the spec).`,
    '',
    ...table,
  ].join('\n'));
  writeFigures('bundle-size', {
    command,
    figures: [
      { label: 'one-operation program (client-one-api) / vendor, minified', value: Number(((100 * oneApi.bytes) / vendor.bytes).toFixed(1)), unit: '%', goal: '≤ 10 %', ok: oneApi.bytes <= 0.1 * vendor.bytes },
      { label: 'createClient() program (every API) / vendor, minified', value: Number(((100 * all.bytes) / vendor.bytes).toFixed(1)), unit: '%' },
      { label: 'client-one-api minified (gzip)', value: Number((oneApi.bytes / 1024).toFixed(1)), unit: `KiB (${(oneApi.gzip / 1024).toFixed(1)} KiB gzip)` },
    ],
  });
  console.log('recorded in bench/RESULTS.md (section bundle-size) and bench/out/bundle-size.json');
}

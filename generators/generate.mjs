#!/usr/bin/env node
// Generates the other-language clients from packages/spec/dist/openapi.json into generators/build/<lang>
// with the pinned OpenAPI Generator and generators/<lang>/config.yaml, then builds each with its own
// ecosystem's tools (pip into a virtualenv, Go modules, Maven). turbo caches the result (`build`).
//
//   node generators/generate.mjs python            one language: generate + build
//   node generators/generate.mjs all               every language of generators/lib/index.mjs
//   node generators/generate.mjs all --no-build    generate only
//   node generators/generate.mjs typescript        the TypeScript client (packages/client's own script)
// A language whose toolchain is missing is generated but not built, with a message naming the tool;
// under CI=true that is an error.
import { spawnSync } from 'node:child_process';
import { readArgs } from '@modelarts-openapi/spec/cli';
import path from 'node:path';
import { buildClient, generateClients, LANGS, repoRoot, toolchainProblems } from './lib/index.mjs';

const usage = `usage: node generators/generate.mjs <${[...LANGS, 'typescript'].join('|')}|all>... [--no-build]
  Generates each named client into generators/build/<lang> and builds it with its own tools.
  --no-build  generate only
  -h, --help  this text`;
const { values: flags, positionals: names } = readArgs('generators', usage, {
  options: { 'no-build': { type: 'boolean' } },
  allowPositionals: true,
  check: (_, positionals) => {
    if (!positionals.length) throw new Error('name a language or all');
  },
});
const langs = [...new Set(names.flatMap((n) => (n === 'all' ? LANGS : [n])))];
const bad = langs.filter((l) => !LANGS.includes(l) && l !== 'typescript');
if (bad.length) {
  console.error(`unknown language ${bad.join(', ')}\n${usage}`);
  process.exit(2);
}

const ci = process.env.CI === 'true';
const log = (s) => console.log(`generators: ${s}`);
const started = Date.now();
try {
  if (langs.includes('typescript')) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages/client/scripts/generate.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`packages/client/scripts/generate.mjs failed (exit ${r.status})`);
  }
  const others = langs.filter((l) => l !== 'typescript');
  if (others.length) generateClients(others, { log });
  // The builds run side by side: pip and the Go module download wait on the network while javac computes.
  await Promise.all((flags['no-build'] ? [] : others).map(async (lang) => {
    const problems = toolchainProblems(lang);
    if (problems.length) {
      const message = `${lang}: not built, missing ${problems.join('; ')}`;
      if (ci) throw new Error(`${message} (CI=true: every toolchain is required)`);
      log(message);
      return;
    }
    await buildClient(lang, { log });
  }));
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`generators: ${e.message}`);
  process.exit(1);
}

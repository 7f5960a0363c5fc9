#!/usr/bin/env node
// Generates the other-language clients from packages/spec/dist/openapi.json into generators/build/<lang>
// with the pinned offline OpenAPI Generator jar and generators/<lang>.yaml.
//
//   node generators/generate.mjs python            one language (always regenerates)
//   node generators/generate.mjs python go java    several
//   node generators/generate.mjs all               every generators/<lang>.yaml
//   node generators/generate.mjs all --if-changed  skip languages whose inputs did not change (build)
//   node generators/generate.mjs typescript        the TypeScript client (packages/client's own script)
//   ... --compile                                  also compile each client and its driver (toolchains needed)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildClient, generateClient, LANGS, repoRoot } from './lib/index.mjs';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const names = args.filter((a) => !a.startsWith('--'));
const unknownFlags = [...flags].filter((f) => !['--if-changed', '--compile'].includes(f));
const usage = `usage: node generators/generate.mjs <${[...LANGS, 'typescript'].join('|')}|all>... [--if-changed] [--compile]`;
if (!names.length || unknownFlags.length) {
  console.error(unknownFlags.length ? `unknown option ${unknownFlags.join(' ')}\n${usage}` : usage);
  process.exit(2);
}
const langs = [...new Set(names.flatMap((n) => (n === 'all' ? LANGS : [n])))];
const bad = langs.filter((l) => !LANGS.includes(l) && l !== 'typescript');
if (bad.length) {
  console.error(`unknown language ${bad.join(', ')}\n${usage}`);
  process.exit(2);
}

const log = (s) => console.log(`generators: ${s}`);
const started = Date.now();
try {
  for (const [i, lang] of langs.entries()) {
    log(`[${i + 1}/${langs.length}] ${lang}`);
    if (lang === 'typescript') {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'packages/client/scripts/generate.mjs')], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`packages/client/scripts/generate.mjs failed (exit ${r.status})`);
      continue;
    }
    const options = { force: !flags.has('--if-changed'), log };
    if (flags.has('--compile')) {
      const c = await buildClient(lang, options);
      if (c.generated.cached) log(`${lang}: ${path.relative(repoRoot, c.dir)} is up to date`);
      if (c.compiled.cached) log(`${lang}: compiled client is up to date`);
    } else {
      const r = generateClient(lang, options);
      if (r.cached) log(`${lang}: ${path.relative(repoRoot, r.dir)} is up to date`);
    }
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`generators: ${e.message}`);
  process.exit(1);
}

#!/usr/bin/env node
// Writes this version's section of CHANGELOG.md from the breaking-change tool's diff
// (@modelarts-openapi/tooling/breaking-changes: openapi-diff + api-smart-diff) between the last release tag (v*) —
// or --base REF — and the working tree's spec. With no earlier release, the section lists every
// operation as added. A section for the same version is replaced; older sections are kept.
//
//   node scripts/changelog.mjs [--base REF] [--check]
//   --check: exit 1 when CHANGELOG.md has no section for the current version.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { bundleSpec, compareSpecs, comparedWithNothing, lastReleaseTag, renderMarkdown, specAtRef } from '@modelarts-openapi/tooling/breaking-changes';
import { pkgDir, readPkg, repoRoot, specVersion } from './spec-version.mjs';

const file = path.join(pkgDir, 'CHANGELOG.md');
const TITLE = '# Changelog of @modelarts-openapi/client\n\nThe client follows the spec: its version is the spec\'s `info.version`, and each section below is\ngenerated from the diff of the spec against the previous release (`npm run changelog -w @modelarts-openapi/client`).\nBreaking changes need a major version step (for 0.x, a minor step).\n';

const usage = 'usage: node scripts/changelog.mjs [--base REF] [--check]   (npm run changelog)\n  writes this version\'s CHANGELOG.md section from the spec\'s diff against the last release tag (v*)\n  --base REF  compare against REF instead\n  --check     exit 1 when CHANGELOG.md has no section for the current version\n  -h, --help  this text';
const { values: args } = readArgs('changelog', usage, { options: { base: { type: 'string' }, check: { type: 'boolean' } } });
const version = readPkg().version;
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : TITLE;
const heading = new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm');

if (args.check) {
  if (!heading.test(current)) {
    console.error(`CHANGELOG.md has no section for ${version}: run "npm run changelog -w @modelarts-openapi/client"`);
    process.exit(1);
  }
  console.log(`CHANGELOG.md has a section for ${version}`);
  process.exit(0);
}

if (version !== specVersion()) {
  console.error(`package.json version ${version} is not the spec's info.version ${specVersion()}: run "npm run version:sync -w @modelarts-openapi/client" first`);
  process.exit(1);
}
const ref = args.base ?? lastReleaseTag(repoRoot);
const head = bundleSpec(path.join(repoRoot, 'spec/openapi.yaml'));
let result;
let baseLabel;
if (ref) {
  const r = specAtRef(ref, repoRoot);
  if (r.missing) throw new Error(r.missing);
  baseLabel = r.label;
  result = await compareSpecs(r.spec, head);
} else {
  result = comparedWithNothing(head);
}
const section = renderMarkdown(result, { version, date: new Date().toISOString().slice(0, 10), baseLabel });

// Replace this version's section (up to the next "## "), or insert it above the newest one.
let text = current.startsWith('# ') ? current : `${TITLE}\n${current}`;
const start = text.search(heading);
if (start >= 0) {
  const rest = text.slice(start + 3);
  const next = rest.search(/^## /m);
  text = `${text.slice(0, start)}${section.trimEnd()}\n\n${next >= 0 ? rest.slice(next) : ''}`;
} else {
  const first = text.search(/^## /m);
  text = first >= 0 ? `${text.slice(0, first)}${section.trimEnd()}\n\n${text.slice(first)}` : `${text.trimEnd()}\n\n${section.trimEnd()}\n`;
}
fs.writeFileSync(file, `${text.trimEnd()}\n`);
console.log(`client: CHANGELOG.md section ${version} written (${ref ? `against ${baseLabel}` : 'first release'}: ${result.added.length} operations added, ${result.breaking.length} breaking findings)`);

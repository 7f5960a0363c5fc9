#!/usr/bin/env node
// Runs before `npm pack` / `npm publish`: refuses to pack a client whose version is not the spec's
// info.version, that has no compiled dist/, or whose CHANGELOG has no section for this version.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { pkgDir, readPkg, specVersion } from './spec-version.mjs';

const usage = 'usage: node scripts/prepack.mjs   (npm pack / npm publish run it)\n  exit 1 unless version = the spec\'s info.version, dist/ is built and CHANGELOG.md has this version\'s section';
readArgs('client prepack', usage);

const problems = [];
const pkg = readPkg();
const want = specVersion();
if (pkg.version !== want) problems.push(`version ${pkg.version} is not the spec's info.version ${want} (npm run version:sync -w @modelarts-openapi/client)`);
for (const f of ['dist/index.js', 'dist/index.d.ts']) if (!fs.existsSync(path.join(pkgDir, f))) problems.push(`${f} is missing (npx turbo run build --filter=@modelarts-openapi/client)`);
const changelog = path.join(pkgDir, 'CHANGELOG.md');
if (!fs.existsSync(changelog) || !new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm').test(fs.readFileSync(changelog, 'utf8'))) {
  problems.push(`CHANGELOG.md has no "## ${pkg.version}" section (npm run changelog -w @modelarts-openapi/client)`);
}
if (problems.length) {
  console.error(`client prepack:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`client prepack: ${pkg.name}@${pkg.version} ready`);

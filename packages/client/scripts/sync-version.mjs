#!/usr/bin/env node
// Sets packages/client/package.json "version" to the spec's info.version (`--check`: only compare,
// exit 1 when they differ). Run after bumping info.version in spec/openapi.yaml.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import { pkgJsonPath, readPkg, specVersion } from './spec-version.mjs';

const usage = 'usage: node scripts/sync-version.mjs [--check]   (npm run version:sync)\n  sets package.json "version" to the spec\'s info.version\n  --check     only compare; exit 1 when they differ\n  -h, --help  this text';
const { values: args } = readArgs('client', usage, { options: { check: { type: 'boolean' } } });

const want = specVersion();
const pkg = readPkg();
if (pkg.version === want) {
  console.log(`client: version ${want} matches the spec's info.version`);
} else if (args.check) {
  console.error(`client: package.json version ${pkg.version} differs from the spec's info.version ${want}: run "npm run version:sync -w @modelarts-openapi/client"`);
  process.exit(1);
} else {
  const text = fs.readFileSync(pkgJsonPath, 'utf8');
  fs.writeFileSync(pkgJsonPath, text.replace(/("version"\s*:\s*")[^"]*(")/, `$1${want}$2`));
  console.log(`client: version ${pkg.version} -> ${want} (the spec's info.version)`);
}

// Bundles the hand-written spec (spec/openapi.yaml and every file it references) into the single
// artefact everything else reads: dist/openapi.yaml and dist/openapi.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const usage = 'usage: node src/bundle.js   (npm run build -w @modelarts-openapi/spec)\n  bundles spec/openapi.yaml and every file it references into dist/openapi.yaml and dist/openapi.json';
try {
  if (parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }).values.help) {
    console.log(usage);
    process.exit(0);
  }
} catch (e) {
  console.error(`bundle: ${e.message}\n${usage}`);
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const specDir = path.resolve(pkg, '../../spec');
const dist = path.join(pkg, 'dist');
// Build into a fresh folder and swap it in at the end, so readers never see a half-written bundle.
const staging = fs.mkdtempSync(path.join(pkg, '.dist-'));

const redocly = path.resolve(pkg, '../../node_modules/.bin/redocly');
console.log('bundle: spec/openapi.yaml -> packages/spec/dist/openapi.{yaml,json}');
execFileSync(redocly, ['bundle', 'modelarts', '--config', path.join(specDir, 'redocly.yaml'), '--output', path.join(staging, 'openapi.yaml')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const doc = YAML.parse(fs.readFileSync(path.join(staging, 'openapi.yaml'), 'utf8'));
fs.writeFileSync(path.join(staging, 'openapi.json'), JSON.stringify(doc, null, 2) + '\n');
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
const ops = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).filter((k) => /^(get|put|post|delete|patch|head|options)$/.test(k)).length, 0);
console.log(`bundle: ${Object.keys(doc.paths).length} paths, ${ops} operations, ${Object.keys(doc.components.schemas || {}).length} schemas`);

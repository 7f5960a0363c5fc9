// Bundles the hand-written spec (spec/openapi.yaml and every file it references) into the single
// artefact everything else reads: dist/openapi.yaml and dist/openapi.json.
import fs from 'node:fs';
import path from 'node:path';
import { readArgs } from './cli.js';
import { fileURLToPath } from 'node:url';
import { operations } from './index.js';
import { bundleSource } from './source.js';

const usage = 'usage: node src/bundle.js   (npm run build -w @modelarts-openapi/spec)\n  bundles spec/openapi.yaml and every file it references into dist/openapi.yaml and dist/openapi.json';
readArgs('bundle', usage);

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const specDir = path.resolve(pkg, '../../spec');
const dist = path.join(pkg, 'dist');
// Build into a fresh folder and swap it in at the end, so readers never see a half-written bundle.
const staging = fs.mkdtempSync(path.join(pkg, '.dist-'));

console.log('bundle: spec/openapi.yaml -> packages/spec/dist/openapi.{yaml,json}');
let doc;
try {
  // Example files are named per operation folder (examples/<area>/<operation>/created.yaml), so Redocly
  // renames their hoisted components (created-2, …): expected, and invisible (operations keep their example
  // keys). Any other renamed component would change a name users see (a client class): an error here.
  doc = bundleSource(path.join(specDir, 'openapi.yaml'), { output: path.join(staging, 'openapi.yaml'), log: (t) => process.stderr.write(t), renamingConflicts: 'off' });
  const renamed = Object.entries(doc.components || {}).filter(([section]) => section !== 'examples')
    .flatMap(([section, entries]) => Object.keys(entries).filter((name) => /-\d+$/.test(name)).map((name) => `components/${section}/${name}`));
  if (renamed.length) throw new Error(`two different files define each of ${renamed.join(', ')} (Redocly renamed the second): give them distinct names`);
} catch (e) {
  fs.rmSync(staging, { recursive: true, force: true });
  console.error(`bundle: ${e.message}`);
  process.exit(1);
}
fs.writeFileSync(path.join(staging, 'openapi.json'), JSON.stringify(doc, null, 2) + '\n');
const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(staging, dist);
fs.rmSync(old, { recursive: true, force: true });
console.log(`bundle: ${Object.keys(doc.paths).length} paths, ${operations(doc).length} operations, ${Object.keys(doc.components.schemas || {}).length} schemas`);

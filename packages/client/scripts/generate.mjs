// Generates the typescript-fetch transport from the bundled spec into src/generated (build output, not
// committed) with the pinned OpenAPI Generator and its stock templates. `importFileExtension: .js` makes
// the relative imports valid Node ESM once compiled.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath } from '@modelarts-openapi/spec';
import { JS_KEYWORDS } from '@modelarts-openapi/spec/naming';
import { generate } from '@modelarts-openapi/tooling/openapi-generator';

if (process.argv.includes('--help')) {
  console.log('usage: node scripts/generate.mjs\n  writes src/generated from packages/spec/dist/openapi.json (typescript-fetch, stock templates)');
  process.exit(0);
}

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(pkg, 'src/generated');
const input = bundlePath;

/** The generator options of the client (also used by test/generators/stock-templates.test.js). */
export const OPTIONS = {
  supportsES6: true,
  importFileExtension: '.js',
  modelPropertyNaming: 'original',
  enumPropertyNaming: 'original',
  prefixParameterInterfaces: false,
  withInterfaces: false,
};

// Wire names that are JavaScript keywords (the Kubernetes paging field and parameter `continue`) are legal
// as property names, but the generator renames them (`_continue`) unless mapped to themselves; keeping them
// makes models and request parameters carry the wire name, like every other field.
function wireKeywords(doc) {
  const found = new Set();
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.properties && typeof n.properties === 'object') for (const k of Object.keys(n.properties)) if (JS_KEYWORDS.has(k)) found.add(k);
    if (typeof n.name === 'string' && typeof n.in === 'string' && JS_KEYWORDS.has(n.name)) found.add(n.name);
    Object.values(n).forEach(walk);
  };
  walk(doc);
  return [...found].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log('client: generating typescript-fetch from packages/spec/dist/openapi.json');
  const keywords = wireKeywords(JSON.parse(fs.readFileSync(input, 'utf8')));
  generate({
    generator: 'typescript-fetch', input, output: out, additionalProperties: OPTIONS, globalProperties: { apiDocs: false, modelDocs: false },
    extraArgs: keywords.length ? ['--reserved-words-mappings', keywords.map((k) => `${k}=${k}`).join(',')] : [],
  });

  // Only the TypeScript sources are kept; the generator's README/docs/.openapi-generator bookkeeping is noise.
  for (const extra of ['.openapi-generator', '.openapi-generator-ignore', 'README.md', 'docs', 'package.json', 'tsconfig.json', '.gitignore', '.npmignore']) {
    fs.rmSync(path.join(out, extra), { recursive: true, force: true });
  }

  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const files = walk(out).filter((f) => f.endsWith('.ts'));
  const models = files.filter((f) => f.includes(`${path.sep}models${path.sep}`) && !f.endsWith('index.ts'));
  const apis = files.filter((f) => f.includes(`${path.sep}apis${path.sep}`) && !f.endsWith('index.ts')).length;
  // Every model must be a named schema of the bundle: an inline schema would become an invented name
  // (e.g. ListFoo200Response) that changes whenever the spec is reorganised.
  const spec = JSON.parse(fs.readFileSync(input, 'utf8'));
  const named = new Set(Object.keys(spec.components?.schemas || {}));
  const anonymous = models.map((f) => path.basename(f, '.ts')).filter((m) => !named.has(m));
  if (anonymous.length) throw new Error(`the spec produced anonymous models (inline schemas): ${anonymous.join(', ')}`);
  console.log(`client: ${apis} API classes, ${models.length} models`);
}

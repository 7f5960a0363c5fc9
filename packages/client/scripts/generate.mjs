// Generates the typescript-fetch transport from the bundled spec into src/generated (build output, not
// committed), then makes its relative imports valid Node ESM: the generator writes extension-less
// specifiers (`./runtime`, `../models`), which Node's ESM loader rejects once compiled.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, repoRoot } from '../../../scripts/openapi-generator.mjs';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(pkg, 'src/generated');
const input = path.join(repoRoot, 'packages/spec/dist/openapi.json');

// Wire names that are JavaScript keywords (the Kubernetes paging field and parameter `continue`) are legal
// as property names, but the generator renames them (`_continue`) unless mapped to themselves; keeping them
// makes models and request parameters carry the wire name, like every other field.
const JS_KEYWORDS = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new',
  'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield']);
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
const keywords = wireKeywords(JSON.parse(fs.readFileSync(input, 'utf8')));

console.log('client: generating typescript-fetch from packages/spec/dist/openapi.json');
generate({
  generator: 'typescript-fetch',
  input,
  output: out,
  templateDir: path.join(pkg, 'templates'),
  additionalProperties: {
    supportsES6: true,
    typescriptThreePlus: true,
    modelPropertyNaming: 'original',
    enumPropertyNaming: 'original',
    prefixParameterInterfaces: false,
    withInterfaces: false,
  },
  extraArgs: keywords.length ? ['--reserved-words-mappings', keywords.map((k) => `${k}=${k}`).join(',')] : [],
});

// Only the TypeScript sources are kept; the generator's README/.openapi-generator bookkeeping is noise.
for (const extra of ['.openapi-generator', '.openapi-generator-ignore', 'README.md', 'package.json', 'tsconfig.json', '.gitignore', '.npmignore']) {
  fs.rmSync(path.join(out, extra), { recursive: true, force: true });
}

export function fixSpecifiers(file) {
  const dir = path.dirname(file);
  const src = fs.readFileSync(file, 'utf8');
  const fixed = src.replace(/(from\s+['"])(\.{1,2}(?:\/[^'"]*)?)(['"])/g, (m, pre, spec, post) => {
    if (/\.(js|json)$/.test(spec)) return m;
    const abs = path.resolve(dir, spec);
    if (fs.existsSync(`${abs}.ts`)) return `${pre}${spec}.js${post}`;
    if (fs.existsSync(path.join(abs, 'index.ts'))) return `${pre}${spec.replace(/\/$/, '')}/index.js${post}`;
    throw new Error(`cannot resolve import "${spec}" in ${path.relative(pkg, file)}`);
  });
  if (fixed !== src) fs.writeFileSync(file, fixed);
}

const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
const files = walk(out).filter((f) => f.endsWith('.ts'));
files.forEach(fixSpecifiers);
const models = files.filter((f) => f.includes(`${path.sep}models${path.sep}`)).length - 1;
const apis = files.filter((f) => f.includes(`${path.sep}apis${path.sep}`)).length - 1;
const anonymous = files.filter((f) => /\/(InlineObject|InlineResponse)\w*\.ts$/.test(f));
if (anonymous.length) throw new Error(`the spec produced anonymous models: ${anonymous.map((f) => path.basename(f)).join(', ')}`);
console.log(`client: ${apis} API classes, ${models} models`);

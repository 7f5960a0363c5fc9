// Copies of the spec's source tree for tests that bundle a changed source (Redocly, the breaking-change
// check in git mode): only the files the kept paths reach, not all ~1,600 of the tree.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const externalRefs = (node, out = []) => {
  if (Array.isArray(node)) for (const v of node) externalRefs(v, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(v)) out.push(v.split('#')[0]);
      else externalRefs(v, out);
    }
  }
  return out;
};

/**
 * Copies `specDir` (a source tree: openapi.yaml with its redocly.yaml) to `dest`, its root's paths table cut
 * to `paths`, with every file the root reaches by $ref, transitively: what Redocly reads to bundle it.
 * @returns {string[]} the copied files, relative to `dest`
 * @throws {Error} naming a path the root lacks, or a $ref that leaves `specDir` or names a missing file
 */
export function copySourceCut(specDir, dest, paths) {
  const from = path.resolve(specDir);
  const rootDoc = YAML.parse(fs.readFileSync(path.join(from, 'openapi.yaml'), 'utf8'));
  const missing = paths.filter((p) => !rootDoc.paths?.[p]);
  if (missing.length) throw new Error(`copySourceCut: ${from}/openapi.yaml has no path ${missing.join(', ')}`);
  rootDoc.paths = Object.fromEntries(paths.map((p) => [p, rootDoc.paths[p]]));
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, 'openapi.yaml'), YAML.stringify(rootDoc));
  const copied = ['openapi.yaml'];
  if (fs.existsSync(path.join(from, 'redocly.yaml'))) {
    fs.copyFileSync(path.join(from, 'redocly.yaml'), path.join(dest, 'redocly.yaml'));
    copied.push('redocly.yaml');
  }
  const seen = new Set();
  const queue = externalRefs(rootDoc).map((r) => path.resolve(from, r));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const rel = path.relative(from, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`copySourceCut: a $ref leaves ${from}: ${file}`);
    if (!fs.existsSync(file)) throw new Error(`copySourceCut: a $ref names a missing file: ${rel}`);
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(file, path.join(dest, rel));
    copied.push(rel.split(path.sep).join('/'));
    if (/\.(ya?ml|json)$/i.test(file)) {
      const text = fs.readFileSync(file, 'utf8');
      const doc = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
      for (const r of externalRefs(doc)) queue.push(path.resolve(path.dirname(file), r));
    }
  }
  return copied;
}

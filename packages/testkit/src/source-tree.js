// Copies of the spec's source tree for tests that bundle a changed source (Redocly, the breaking-change
// check in git mode): only the files the kept paths reach, not all ~1,600 of the tree.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { checkRefs } from '@modelarts-openapi/spec/validate-examples';

/**
 * Copies `specDir` (a source tree: openapi.yaml with its redocly.yaml) to `dest`, its root's paths table cut
 * to `paths`, with every file the cut root reaches by $ref, transitively: what Redocly reads to bundle it.
 * @returns {string[]} the copied files, relative to `dest`
 * @throws {Error} naming a path the root lacks, or a $ref problem as checkRefs reports it
 */
export function copySourceCut(specDir, dest, paths) {
  const from = fs.realpathSync(specDir);
  const rootFile = path.join(from, 'openapi.yaml');
  const rootDoc = YAML.parse(fs.readFileSync(rootFile, 'utf8'));
  const missing = paths.filter((p) => !rootDoc.paths?.[p]);
  if (missing.length) throw new Error(`copySourceCut: ${rootFile} has no path ${missing.join(', ')}`);
  rootDoc.paths = Object.fromEntries(paths.map((p) => [p, rootDoc.paths[p]]));
  const reached = checkRefs(rootFile, { rootDoc }).filter((f) => f !== rootFile);
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, 'openapi.yaml'), YAML.stringify(rootDoc));
  const copied = ['openapi.yaml'];
  for (const file of [path.join(from, 'redocly.yaml'), ...reached]) {
    if (!fs.existsSync(file)) continue;
    const rel = path.relative(from, file);
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(file, path.join(dest, rel));
    copied.push(rel.split(path.sep).join('/'));
  }
  return copied;
}

// One name per area: the source lint (spec/.spectral-source.yaml, rule operation-in-area-folder) puts each
// operation file in paths/<slug of its tag>/. Runs the real ruleset on a small split source with one
// misplaced file and one inline operation; the examples folders follow the operation folders.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { areaSlug } from '@modelarts-openapi/spec-source/rules/operationInAreaFolder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const spectral = path.join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'area-folders-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const operation = (id, tag) => [
  `operationId: ${id}`,
  `tags: [${tag}]`,
  'responses:',
  "  '200': { description: ok }",
].join('\n');

function writeSpec(dir) {
  const files = {
    'ruleset.yaml': `extends: [${JSON.stringify(path.join(root, 'spec/.spectral-source.yaml'))}]`,
    'openapi.yaml': [
      'openapi: 3.0.3',
      'info: { title: Areas, version: 1.0.0 }',
      'tags: [{ name: Things }, { name: AI engines (v1) }]',
      'paths:',
      '  /things: { get: { $ref: paths/things/listThings.yaml } }',
      '  /things/{thing_id}: { get: { $ref: paths/things-v2/getThing.yaml } }',
      '  /engines: { get: { $ref: paths/ai-engines-v1/listEngines.yaml } }',
      '  /inline:',
      '    get:',
      '      operationId: listInline',
      '      tags: [AI engines (v1)]',
      "      responses: { '200': { description: ok } }",
    ].join('\n'),
    'paths/things/listThings.yaml': operation('listThings', 'Things'),
    'paths/things-v2/getThing.yaml': operation('getThing', 'Things'),
    'paths/ai-engines-v1/listEngines.yaml': operation('listEngines', 'AI engines (v1)'),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), `${text}\n`);
  }
}

describe('operation files sit in the folder named by their tag', () => {
  it('slugs tags in kebab case', () => {
    expect(['Training jobs (v1)', 'AI engines', 'OS configuration', 'Real-time services', 'Models & inference'].map(areaSlug))
      .toEqual(['training-jobs-v1', 'ai-engines', 'os-configuration', 'real-time-services', 'models-inference']);
  });

  it('reports a misplaced file and an inline operation, naming the file, the tag and the expected folder', () => {
    const dir = path.join(tmp, 'spec');
    writeSpec(dir);
    const run = spawnSync(process.execPath, [spectral, 'lint', 'openapi.yaml', '--ruleset', 'ruleset.yaml', '--format', 'json', '--quiet'], { cwd: dir, encoding: 'utf8' });
    if (run.error) throw run.error;
    const start = run.stdout.indexOf('[');
    if (start < 0) throw new Error(`spectral printed no JSON (exit ${run.status}): ${run.stderr}${run.stdout}`);
    const found = JSON.parse(run.stdout.slice(start)).filter((r) => r.code === 'operation-in-area-folder');
    expect(found.map((r) => `${path.relative(dir, r.source)}: ${r.message}`).sort()).toEqual([
      'openapi.yaml: openapi.yaml (inline) has tag "AI engines (v1)", so it belongs in paths/ai-engines-v1/ (the tag\'s kebab-case slug)',
      'paths/things-v2/getThing.yaml: paths/things-v2/getThing.yaml has tag "Things", so it belongs in paths/things/ (the tag\'s kebab-case slug)',
    ]);
    expect(run.status).not.toBe(0);
  });

  it('names the examples folders as the operation folders (the lint checks those)', () => {
    const spec = path.join(root, 'spec');
    const areas = new Set(fs.readdirSync(path.join(spec, 'paths')));
    const stray = fs.readdirSync(path.join(spec, 'examples')).filter((d) => d !== 'common' && !areas.has(d));
    expect(stray, 'examples/<area>/ folders with no paths/<area>/').toEqual([]);
  });
});

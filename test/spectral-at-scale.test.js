// Spectral on a split source of 150 operations that all reach one shared response file (and, through it,
// a shared schema and example). Unpatched, @stoplight/json-ref-resolver 3.1.6 stops following a shared
// file's own `$ref`s after 100 referrers (stoplightio/spectral#2790): false example errors for the later
// operations and their real problems go unreported. patches/@stoplight+json-ref-resolver+3.1.6.patch
// (applied by the root postinstall) makes its depth guard count the real chain of files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const spectral = path.join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-at-scale-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OPERATIONS = 150;
const UNPATCHED = 'false or missing reports: is patches/@stoplight+json-ref-resolver+3.1.6.patch applied (npm run patch-deps)?';
const op = (i) => `getThing${String(i).padStart(3, '0')}`;

/**
 * Writes a split-source spec: openapi.yaml → paths/<op>.yaml (one per operation) → the shared
 * responses/Problem.yaml → schemas/Problem.yaml + examples/problem.yaml, and each operation's own 200
 * response → the shared schemas/Thing.yaml → schemas/Owner.yaml, with the operation's own example file,
 * and → the shared responses/Tree.yaml → schemas/Node.yaml ⇄ schemas/Leaf.yaml (a cycle).
 * `problemCode` is the shared example's `code` (the schema wants an integer); `badOwnerIn` lists the
 * operations whose own example carries a string where Owner.yaml (reached only through the shared
 * Thing.yaml) wants an integer.
 */
function writeSpec(dir, { problemCode, badOwnerIn }) {
  const files = {
    'ruleset.yaml': [
      'extends: [[spectral:oas, off]]',
      'rules:',
      '  oas3-valid-media-example: error',
      '  oas3-valid-schema-example: error',
      '  oas3-examples-value-or-externalValue: error',
      '  oas3-unused-component: error',
    ].join('\n'),
    'components/responses/Problem.yaml': [
      'description: A problem.',
      'content:',
      '  application/json:',
      '    schema: { $ref: ../schemas/Problem.yaml }',
      '    examples:',
      '      problem: { $ref: ../../examples/problem.yaml }',
    ].join('\n'),
    'components/schemas/Problem.yaml': [
      'type: object',
      'required: [code]',
      'properties:',
      '  code: { type: integer }',
    ].join('\n'),
    'components/schemas/Thing.yaml': [
      'type: object',
      'required: [owner]',
      'properties:',
      '  owner: { $ref: ./Owner.yaml }',
    ].join('\n'),
    'components/schemas/Owner.yaml': [
      'type: object',
      'required: [id]',
      'properties:',
      '  id: { type: integer }',
    ].join('\n'),
    // A cycle across files (Node → Leaf → Node), also reached by every operation: the resolver must
    // still stop at it. (Spectral does not check examples against a schema with a cycle, so it has none.)
    'components/responses/Tree.yaml': [
      'description: A tree.',
      'content:',
      '  application/json:',
      '    schema: { $ref: ../schemas/Node.yaml }',
    ].join('\n'),
    'components/schemas/Node.yaml': [
      'type: object',
      'properties:',
      '  leaves: { type: array, items: { $ref: ./Leaf.yaml } }',
    ].join('\n'),
    'components/schemas/Leaf.yaml': [
      'type: object',
      'properties:',
      '  parent: { $ref: ./Node.yaml }',
    ].join('\n'),
    'examples/problem.yaml': `summary: A problem.\nvalue: { code: ${JSON.stringify(problemCode)} }`,
  };
  const paths = [];
  for (let i = 1; i <= OPERATIONS; i += 1) {
    const id = op(i);
    const ownerId = badOwnerIn.includes(i) ? '"seven"' : String(i);
    files[`examples/${id}.yaml`] = `summary: Thing ${i}.\nvalue: { owner: { id: ${ownerId} } }`;
    files[`paths/${id}.yaml`] = [
      `operationId: ${id}`,
      'responses:',
      "  '200':",
      '    description: The thing.',
      '    content:',
      '      application/json:',
      '        schema: { $ref: ../components/schemas/Thing.yaml }',
      '        examples:',
      `          thing: { $ref: ../examples/${id}.yaml }`,
      "  '400': { $ref: ../components/responses/Problem.yaml }",
      "  '409': { $ref: ../components/responses/Tree.yaml }",
    ].join('\n');
    paths.push(`  /things${i}:`, `    get: { $ref: paths/${id}.yaml }`);
  }
  files['openapi.yaml'] = [
    'openapi: 3.0.3',
    'info: { title: Spectral at scale, version: 1.0.0 }',
    'paths:',
    ...paths,
  ].join('\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), `${text}\n`);
  }
}

/** Spectral's findings on the source as `code file#path` strings, sorted. */
function lint(dir) {
  const run = spawnSync(
    process.execPath,
    [spectral, 'lint', 'openapi.yaml', '--ruleset', 'ruleset.yaml', '--format', 'json', '--quiet'],
    { cwd: dir, encoding: 'utf8' },
  );
  if (run.error) throw run.error;
  const start = run.stdout.indexOf('[');
  if (start < 0) throw new Error(`spectral printed no JSON (exit ${run.status}): ${run.stderr}${run.stdout}`);
  return JSON.parse(run.stdout.slice(start))
    .map((r) => `${r.code} ${path.relative(dir, r.source)}#/${r.path.join('/')}`)
    .sort();
}

describe(`Spectral on a split source with ${OPERATIONS} operations sharing one response file`, () => {
  it('reports nothing when every example is valid', () => {
    const dir = path.join(tmp, 'valid');
    writeSpec(dir, { problemCode: 400, badOwnerIn: [] });
    expect(lint(dir), UNPATCHED).toEqual([]);
  });

  it('reports exactly the planted problems, the last operation included', () => {
    const dir = path.join(tmp, 'planted');
    writeSpec(dir, { problemCode: 'bad-request', badOwnerIn: [1, OPERATIONS] });
    const found = lint(dir);
    // The shared example's bad code once, in its own file; each bad owner id once, in its operation's
    // example (seen only with Owner.yaml resolved through the shared Thing.yaml).
    const owner = (i) => `oas3-valid-media-example examples/${op(i)}.yaml#/value/owner/id`;
    expect(found, UNPATCHED).toEqual([owner(1), owner(OPERATIONS), 'oas3-valid-media-example examples/problem.yaml#/value/code'].sort());
  });
});

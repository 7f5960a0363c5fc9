// `npm run validate-examples` (packages/spec/src/validate-examples-cli.js): every problem kind of its
// taxonomy is detected on a deliberately broken copy of the bundle, with operation, status, example name
// and JSON pointer; the CLI prints a report grouped by operation (or JSON), exits 1 on problems and 0 on
// the repository's own spec, and reads a multi-file source tree (naming the example's file).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createValidator, deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { EXAMPLE_KINDS, validateExamples } from '@modelarts-openapi/spec/validate-examples';
import { cutToPaths } from '@modelarts-openapi/testkit';
import { bodyMutations } from '@modelarts-openapi/testkit/mutations';
import { copySourceCut } from '@modelarts-openapi/testkit/source-tree';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cli = path.join(root, 'packages/spec/src/validate-examples-cli.js');
const spec = loadSpec();
const validator = createValidator(spec);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-examples-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const op = (id) => operations(spec).find((o) => o.id === id);
const listJobs = op('listTrainingJobs');
const createJob = op('createTrainingJob');
const mediaOf = (copy, o, status) => {
  const item = copy.paths[o.path][o.method];
  const holder = status ? deref(copy, item.responses[status]) : deref(copy, item.requestBody);
  return Object.values(holder.content)[0];
};
// validateExamples costs seconds on the whole bundle, so each break is shown on a copy cut down to the
// path of the operation it breaks; the whole bundle is checked once, unbroken.
const cutTo = (o) => cutToPaths(spec, [o.path]);
/** A copy of the bundle (cut to the operation's path) where one named example is replaced by an inline one. */
function withExample(o, status, name, example, mutate) {
  const copy = cutTo(o);
  const media = mediaOf(copy, o, status);
  media.examples = { ...media.examples, [name]: example };
  mutate?.(copy, media);
  return copy;
}
const firstExample = (o, status) => {
  const [name, ref] = Object.entries(mediaOf(spec, o, status).examples)[0];
  return { name, value: deref(spec, ref).value, example: deref(spec, ref) };
};
const run = (args) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('the taxonomy', () => {
  it('names every kind the issue asks for', () => {
    expect(Object.values(EXAMPLE_KINDS)).toEqual(expect.arrayContaining([
      'missing required property', 'additional property', 'wrong type', 'enum violation', 'out of range/length/pattern',
      'readOnly property in a request', 'example for an undeclared status', 'operation without an example',
    ]));
  });
  it('the unbroken bundle has no problems, so every problem below comes from its break', () => {
    const result = validateExamples(spec);
    expect(result.problems).toEqual([]);
    expect(result.checked).toBeGreaterThan(0);
    expect(result.operations).toBe(operations(spec).length);
  });
});

describe('each kind is detected on a broken copy', () => {
  const req = firstExample(createJob);
  const res = firstExample(listJobs, '200');
  const expectProblem = (copy, expected) => {
    const { problems } = validateExamples(copy);
    expect(problems).toContainEqual(expect.objectContaining(expected));
    return problems;
  };

  it('missing required property', () => {
    const required = deref(spec, mediaOf(spec, createJob).schema).required[0];
    const value = structuredClone(req.value);
    delete value[required];
    expectProblem(withExample(createJob, undefined, req.name, { value }), {
      operation: 'createTrainingJob', direction: 'request', example: req.name, pointer: `/${required}`, kind: 'required', kindText: 'missing required property' });
  });

  it('additional property', () => {
    expectProblem(withExample(createJob, undefined, req.name, { value: { ...req.value, jobname: 'typo' } }), {
      operation: 'createTrainingJob', direction: 'request', example: req.name, pointer: '/jobname', kind: 'additionalProperty' });
  });

  // Wrong type, enum and range breaks come from the fuzzer's body mutations of the example values, so
  // they follow the schemas as they grow; enums are looked for in every operation.
  for (const kind of ['wrongType', 'enum', 'range']) {
    const expectedKind = { wrongType: 'type', enum: 'enum', range: 'range' }[kind];
    it(`${EXAMPLE_KINDS[expectedKind]} (${kind})`, () => {
      const candidates = [];
      for (const o of [createJob, listJobs, ...operations(spec)]) {
        for (const status of [undefined, ...Object.keys(o.op.responses).filter((s) => /^2/.test(s))]) {
          const media = (() => { try { return mediaOf(spec, o, status); } catch { return undefined; } })();
          const first = media?.examples && Object.entries(media.examples)[0];
          if (!first) continue;
          const m = bodyMutations(spec, media.schema, deref(spec, first[1]).value).find((x) => x.kind === kind && x.pointer !== '/'
            && validator.validate(media.schema, x.body, status ? 'response' : 'request').some((p) => p.kind === expectedKind && p.pointer === x.pointer));
          if (m) candidates.push({ o, status, name: first[0], m });
        }
        if (candidates.length) break;
      }
      expect(candidates.length, `no ${kind} break possible anywhere in the spec`).toBeGreaterThan(0);
      const { o, status, name, m } = candidates[0];
      expectProblem(withExample(o, status, name, { value: m.body }), {
        operation: o.id, direction: status ? 'response' : 'request', status, example: name, pointer: m.pointer, kind: expectedKind });
    });
  }

  it('readOnly property in a request (and not in a response)', () => {
    const copy = withExample(createJob, undefined, req.name, { value: { ...req.value, server_id: 'x' } }, (c, media) => {
      deref(c, media.schema).properties.server_id = { type: 'string', readOnly: true };
    });
    expectProblem(copy, { operation: 'createTrainingJob', direction: 'request', example: req.name, pointer: '/server_id', kind: 'readOnly' });
    expect(validateExamples(copy).problems.filter((p) => p.direction === 'response')).toEqual([]);
  });

  it('example for an undeclared status: x-status names a status the operation does not declare', () => {
    expectProblem(withExample(listJobs, '200', res.name, { ...res.example, 'x-status': 299 }), {
      operation: 'listTrainingJobs', direction: 'response', status: '200', example: res.name, pointer: '/', kind: 'undeclaredStatus', claimed: '299', via: 'x-status' });
  });

  it('example for an undeclared status: the seed sample file name names another declared status', () => {
    const problems = expectProblem(withExample(listJobs, '200', res.name, { ...res.example, 'x-seed-sample': 'listTrainingJobs.response.404.json' }), {
      operation: 'listTrainingJobs', status: '200', example: res.name, kind: 'undeclaredStatus', claimed: '404' });
    expect(problems.find((p) => p.kind === 'undeclaredStatus').message).toMatch(/filed under 200; move it to the 404 response/);
  });

  it('example for an undeclared status: a failure sample (status "error") filed under a 2xx', () => {
    expectProblem(withExample(listJobs, '200', res.name, { ...res.example, 'x-seed-sample': 'listTrainingJobs.response.error.json' }), {
      operation: 'listTrainingJobs', status: '200', example: res.name, kind: 'undeclaredStatus', claimed: 'error' });
  });

  it('example for an undeclared status: a value shaped like another status\'s body', () => {
    const failure = firstExample(listJobs, '400');
    expectProblem(withExample(listJobs, '200', 'looksLikeAnError', { value: failure.value }), {
      operation: 'listTrainingJobs', status: '200', example: 'looksLikeAnError', kind: 'undeclaredStatus', claimed: '400', via: 'value' });
    // ...while a real success body under 200 is not flagged (checked by the clean bundle above) and an
    // example that states its status is judged by that statement, not by its shape.
    const stated = validateExamples(withExample(listJobs, '200', 'looksLikeAnError', { value: failure.value, 'x-status': 200 })).problems;
    expect(stated.filter((p) => p.kind === 'undeclaredStatus')).toEqual([]);
  });

  it('operation without an example: request body and 2xx body', () => {
    const copy = cutTo(createJob); // listTrainingJobs shares its path
    delete mediaOf(copy, createJob).examples;
    delete mediaOf(copy, listJobs, '200').examples;
    const { problems } = validateExamples(copy);
    expect(problems).toContainEqual(expect.objectContaining({ operation: 'createTrainingJob', direction: 'request', kind: 'missingExample', kindText: 'operation without an example' }));
    expect(problems).toContainEqual(expect.objectContaining({ operation: 'listTrainingJobs', direction: 'response', status: '200', kind: 'missingExample' }));
  });

  it('warns (without failing) when the mock\'s default answer would not be the seed sample', () => {
    const copy = cutTo(listJobs);
    const media = mediaOf(copy, listJobs, '200');
    media.examples = { unseeded: { value: res.value }, ...media.examples };
    const result = validateExamples(copy);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toContainEqual(expect.objectContaining({ operation: 'listTrainingJobs', status: '200', example: 'unseeded', kind: 'defaultNotSeed' }));
  });
});

describe('the command', () => {
  it('passes on the repository\'s spec (source tree)', () => {
    const r = run(['--spec', 'spec/openapi.yaml']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ok: \d+ examples in \d+ operations, no problems/m);
    expect(r.code, r.out).toBe(0);
  }, 120_000); // the one run on the whole source: Redocly bundles every operation first

  it('reports a broken copy grouped by operation, exits 1, and prints the same problems as JSON', () => {
    const copy = cutTo(createJob); // listTrainingJobs shares its path
    const m = mediaOf(copy, createJob);
    m.examples = { ...m.examples, broken: { value: { ...req().value, jobname: 'typo' } } };
    delete mediaOf(copy, listJobs, '200').examples;
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(copy));

    const text = run(['--spec', file]);
    expect(text.code).toBe(1);
    const lines = text.out.split('\n');
    const head = lines.findIndex((l) => l.startsWith('createTrainingJob  POST /v1/{project_id}/training-jobs'));
    expect(head).toBeGreaterThan(-1);
    expect(lines[head + 1]).toMatch(/^ {2}request "broken" {2}\/jobname {2}additional property: /);
    expect(text.out).toMatch(/^listTrainingJobs {2}GET \/v1\/\{project_id\}\/training-jobs\n {2}response 200 {2}\/ {2}operation without an example: /m);
    expect(text.out).toMatch(/^2 problem\(s\) in 2 operation\(s\): 1 additional property, 1 operation without an example;/m);

    const json = run(['--spec', file, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.counts).toEqual({ additionalProperty: 1, missingExample: 1 });
    expect(report.problems).toEqual(validateExamples(copy).problems);
    expect(report.problems.find((p) => p.kind === 'additionalProperty')).toEqual(expect.objectContaining({ operation: 'createTrainingJob', method: 'post', path: '/v1/{project_id}/training-jobs', direction: 'request', example: 'broken', pointer: '/jobname', kind: 'additionalProperty', location: expect.stringMatching(/^#\/paths\//) }));
  });

  it('--warnings-as-errors turns warnings into a failure', () => {
    const copy = cutTo(listJobs);
    const media = mediaOf(copy, listJobs, '200');
    media.examples = { unseeded: { value: firstExample(listJobs, '200').value }, ...media.examples };
    const file = path.join(tmp, 'warn.json');
    fs.writeFileSync(file, JSON.stringify(copy));
    expect(run(['--spec', file]).code).toBe(0);
    const strict = run(['--spec', file, '--warnings-as-errors']);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/warning: response 200 "unseeded" .* not the seed sample/);
  });

  it('reads a copy of the source tree and names the file of each problem (status claimed by its directory)', () => {
    const src = path.join(tmp, 'spec');
    // Its paths table cut to listTrainingJobs' path (and the files it reaches), so that Redocly bundles one path, not the whole API.
    copySourceCut(path.join(root, 'spec'), src, [listJobs.path]);
    // Move listTrainingJobs' 200 example into a directory named 404: it now claims that status.
    const opFile = path.join(src, 'paths/training-jobs-v1/listTrainingJobs.yaml');
    const doc = YAML.parse(fs.readFileSync(opFile, 'utf8'));
    const ref = Object.values(doc.responses['200'].content['application/json'].examples)[0].$ref;
    const exFile = path.resolve(path.dirname(opFile), ref);
    const moved = path.join(path.dirname(exFile), '404', path.basename(exFile));
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(exFile, moved);
    const example = YAML.parse(fs.readFileSync(moved, 'utf8'));
    delete example['x-seed-sample']; // its seed name would claim 200 first
    fs.writeFileSync(moved, YAML.stringify(example));
    Object.values(doc.responses['200'].content['application/json'].examples)[0].$ref = path.relative(path.dirname(opFile), moved);
    fs.writeFileSync(opFile, YAML.stringify(doc));

    const r = spawnSync(process.execPath, [cli, '--spec', 'openapi.yaml', '--json'], { cwd: src, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.problems).toEqual([expect.objectContaining({
      operation: 'listTrainingJobs', status: '200', kind: 'undeclaredStatus', claimed: '404', via: 'directory 404/',
      file: path.relative(src, moved) })]);
  });

  it('exits 2 when the spec cannot be read', () => {
    const r = run(['--spec', path.join(tmp, 'missing.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist/);
  });
});

function req() {
  const [name, ref] = Object.entries(mediaOf(spec, createJob).examples)[0];
  return { name, value: deref(spec, ref).value };
}

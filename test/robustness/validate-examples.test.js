// validate-examples on a broken or hostile description: one line and exit 2, never a stack trace, never
// a fetch, never a file from outside the spec's folder in its output.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { binPath } from '@modelarts-openapi/testkit';

const cli = binPath('@modelarts-openapi/spec', 'modelarts-validate-examples');
const SECRET = 'outside-the-tree-secret-line: do not print me';

let dir;
let outside;
let server;
let fetched = 0;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 've-robust-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 've-outside-'));
  // Not YAML: a parser error quoting it would print it.
  fs.writeFileSync(path.join(outside, 'secret.yaml'), `${SECRET}\n  : [unbalanced\n`);
  fs.writeFileSync(path.join(outside, 'schema.yaml'), 'type: object\n');
  server = http.createServer((req, res) => {
    fetched++;
    res.end('type: object\n');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

/** A one-operation description whose 200 schema is `schema`, plus `components`, written as a tree. */
function tree(name, schema, { components = {}, files = {} } = {}) {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  for (const [f, content] of Object.entries(files)) fs.writeFileSync(path.join(root, f), typeof content === 'string' ? content : YAML.stringify(content));
  const doc = {
    openapi: '3.0.3',
    info: { title: name, version: '1' },
    paths: { '/a': { get: { operationId: 'getA', responses: { 200: { description: 'ok', content: { 'application/json': { schema, examples: { ok: { value: {} } } } } } } } } },
    components,
  };
  const file = path.join(root, 'openapi.yaml');
  fs.writeFileSync(file, YAML.stringify(doc));
  return file;
}

// Asynchronous: the remote-ref server runs in this process and must answer while the CLI runs.
const run = (file, ...flags) => new Promise((resolve) => {
  const child = spawn(process.execPath, [cli, '--spec', file, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  child.on('close', (code) => resolve({ code, out, err }));
});

describe('validate-examples refuses, in one line with exit 2', () => {
  const cases = {
    'a circle of bare $refs': () => tree('alias-cycle', { $ref: '#/components/schemas/A' }, { components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } } }),
    'a $ref to itself': () => tree('self', { $ref: '#/components/schemas/A' }, { components: { schemas: { A: { $ref: '#/components/schemas/A' } } } }),
    'an unresolved local $ref': () => tree('unresolved', { $ref: '#/components/schemas/Missing' }),
    'an unresolved pointer in another file': () => tree('unresolved-file-pointer', { $ref: 'other.yaml#/nope' }, { files: { 'other.yaml': { type: 'object' } } }),
    'a missing file': () => tree('missing-file', { $ref: 'nowhere.yaml' }),
    'a circle across files': () => tree('file-cycle', { $ref: 'a.yaml' }, { files: { 'a.yaml': { $ref: 'b.yaml' }, 'b.yaml': { $ref: 'a.yaml' } } }),
    'a file outside the spec folder': () => tree('outside', { $ref: path.relative(path.join(dir, 'outside'), path.join(outside, 'secret.yaml')) }),
    'an absolute path outside the spec folder': () => tree('absolute', { $ref: path.join(outside, 'schema.yaml') }),
    'a symlink out of the spec folder': () => {
      const file = tree('symlink', { $ref: 'link.yaml' });
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(path.dirname(file), 'link.yaml'));
      return file;
    },
    'a remote http $ref': () => tree('remote', { $ref: `http://127.0.0.1:${server.address().port}/schema.yaml` }),
    'a file: URL': () => tree('file-url', { $ref: `file://${path.join(outside, 'secret.yaml')}` }),
    'an unparsable file': () => tree('unparsable', { $ref: 'broken.yaml' }, { files: { 'broken.yaml': 'a: [unbalanced\n' } }),
    'a spec that is a folder': () => dir,
  };

  it.each(Object.keys(cases))('%s', async (label) => {
    const before = fetched;
    const r = await run(cases[label]());
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^validate-examples: /);
    expect(r.err).not.toMatch(/\n\s+at |Error:/);
    expect(r.err + r.out).not.toContain(SECRET);
    expect(fetched).toBe(before);
  });

  it('--allow-external-refs and --allow-remote-refs let such refs through', async () => {
    const external = await run(tree('external-ok', { $ref: path.join(outside, 'schema.yaml') }), '--allow-external-refs');
    expect(external.code, external.err).toBe(0);
    const before = fetched;
    const remote = await run(tree('remote-ok', { $ref: `http://127.0.0.1:${server.address().port}/schema.yaml` }), '--allow-remote-refs');
    expect(remote.code, remote.err).toBe(0);
    expect(fetched).toBeGreaterThan(before);
  });

  it('--help documents both flags', () => {
    const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/--allow-remote-refs/);
    expect(r.stdout).toMatch(/--allow-external-refs/);
  });
});

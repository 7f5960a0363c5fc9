// The spec against the official SDKs' facts (../shared/reference/modelarts-sdk/operations.json): no SDK
// field missing, no type conflict, nothing required that the SDK sends as optional, unless DECISIONS.md
// decides it. The comparison itself is tested on small fixtures, so the check cannot pass by accident.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '@modelarts-openapi/spec';
import { compareWithSdk, defaultFactsPath, formatDriftReport, repoRoot } from '@modelarts-openapi/spec/sdk-drift';
import { binPath } from '@modelarts-openapi/testkit';

const cli = binPath('@modelarts-openapi/spec', 'modelarts-sdk-drift');
const factsFile = defaultFactsPath();
const haveFacts = fs.existsSync(factsFile);

describe('the spec against the SDK facts', () => {
  it('has the SDK facts (required under CI)', () => {
    if (!haveFacts && process.env.CI !== 'true') {
      console.warn(`sdk-drift: ${factsFile} not found; the comparison with the SDK is skipped locally`);
      return;
    }
    expect(haveFacts, `${factsFile} must exist under CI`).toBe(true);
  });

  it.runIf(haveFacts)('has no undecided difference on any operation both have', () => {
    const facts = JSON.parse(fs.readFileSync(factsFile, 'utf8'));
    const decisions = fs.readFileSync(path.join(repoRoot, 'spec/DECISIONS.md'), 'utf8');
    const result = compareWithSdk(loadSpec(), facts, { decisions });
    console.log(formatDriftReport(result).split('\n').pop());
    expect(result.sharedOperations).toBeGreaterThan(0);
    expect(result.differences, formatDriftReport(result)).toEqual([]);
  });
});

// A two-operation spec and SDK: one shared operation with a missing field, a type conflict, a falsely
// required field and a decided difference; one SDK operation the spec lacks.
const fixtureSpec = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/v1/{project_id}/things/{thing_id}': {
      put: {
        operationId: 'updateThing',
        parameters: [
          { name: 'project_id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'verbose', in: 'query', required: true, schema: { type: 'boolean' } },
        ],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          size: { type: 'integer' },
          spec: { $ref: '#/components/schemas/ThingSpec' },
          count: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
        },
      },
      ThingSpec: { type: 'object', properties: { mode: { type: 'string' } } },
    },
  },
};
fixtureSpec.paths['/v1/{project_id}/things/{thing_id}'].put.parameters[1].name = 'thing_id';
const fixtureFacts = {
  operations: [
    {
      operation: 'updateThing', method: 'PUT', path: '/v1/{project_id}/things/{id}', area: 'things', response_kind: 'object',
      parameters: [
        { name: 'project_id', in: 'path', type: 'string', required: true, sdk_auto_filled: true },
        { name: 'id', in: 'path', type: 'string', required: true },
        { name: 'verbose', in: 'query', type: 'boolean', required: false },
        { name: 'limit', in: 'query', type: 'integer', required: false },
      ],
      request_body: { $model: 'Thing' },
      response_body: { $model: 'Thing' },
      response_headers: [],
    },
    { operation: 'listThings', method: 'GET', path: '/v1/{project_id}/things', area: 'things', parameters: [], response_kind: 'empty', response_headers: [] },
  ],
  models: {
    Thing: {
      type: 'object',
      required: [],
      properties: {
        name: { type: 'string' },
        size: { type: 'string' },
        count: { type: 'integer' },
        spec: { $model: 'ThingSpec' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    ThingSpec: { type: 'object', properties: { mode: { type: 'string' }, replicas: { type: 'array', items: { $model: 'ThingSpec' } } } },
  },
};
const at = (r, kind) => r.differences.filter((d) => d.kind === kind).map((d) => `${d.operation} ${d.location}`).sort();

describe('sdk-drift on fixtures', () => {
  it('reports missing fields at every level, with operation and JSON path', () => {
    const r = compareWithSdk(fixtureSpec, fixtureFacts);
    expect(at(r, 'missing')).toEqual([
      'updateThing request.body.labels',
      'updateThing request.body.spec.replicas',
      'updateThing request.query.limit',
      'updateThing response[200].body.labels',
      'updateThing response[200].body.spec.replicas',
    ]);
  });

  it('counts a key of a string map in the spec as present, unless the map takes another type', () => {
    const sdkModel = { type: 'object', properties: { 'os.modelarts/name': { type: 'string' }, replicas: { type: 'integer' } } };
    const facts = { operations: [{ operation: 'showPool', method: 'GET', path: '/v1/{project_id}/pools/{name}', parameters: [], response_body: { type: 'object', properties: { labels: sdkModel } } }], models: {} };
    const mapOf = (type) => ({
      openapi: '3.0.3',
      paths: { '/v1/{project_id}/pools/{name}': { get: { operationId: 'showPool', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type } } } } } } } } } } },
    });
    expect(at(compareWithSdk(mapOf('string'), facts), 'type')).toEqual(['showPool response[200].body.labels.replicas']);
    expect(at(compareWithSdk(mapOf('string'), facts), 'missing')).toEqual([]);
    expect(at(compareWithSdk({ ...mapOf('string'), paths: { '/v1/{project_id}/pools/{name}': { get: { operationId: 'showPool', responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { labels: { type: 'object' } } } } } } } } } } }, facts), 'missing')).toEqual(['showPool response[200].body.labels.replicas', "showPool response[200].body.labels['os.modelarts/name']"]);
  });

  it('reports a type conflict, accepts a union containing the SDK type', () => {
    const r = compareWithSdk(fixtureSpec, fixtureFacts);
    expect(at(r, 'type')).toEqual(['updateThing request.body.size', 'updateThing response[200].body.size']);
    expect(r.differences.find((d) => d.kind === 'type')).toMatchObject({ sdk: 'string', spec: 'integer' });
  });

  it('reports a field the spec requires but the SDK sends as optional (body and parameters)', () => {
    const r = compareWithSdk(fixtureSpec, fixtureFacts);
    expect(at(r, 'required')).toEqual(['updateThing request.body.name', 'updateThing request.query.verbose']);
  });

  it('matches path parameters by position, not by placeholder name', () => {
    const r = compareWithSdk(fixtureSpec, fixtureFacts);
    expect(r.differences.some((d) => d.field === 'id')).toBe(false);
  });

  it('does not report a difference DECISIONS.md decides for that operation', () => {
    const decisions = [
      '## Things', '',
      '- **updateThing: size** — the SDK types `size` as a string; the pages say integer.',
      '- **createWidget: labels** — another operation: its `labels` decision does not carry over.',
      '- `updateThing request.query.limit` is left out on purpose.',
      '- **updateThing nesting** — `spec.replicas` is recursive.',
    ].join('\n');
    const r = compareWithSdk(fixtureSpec, fixtureFacts, { decisions });
    expect(at(r, 'type')).toEqual([]);
    expect(at(r, 'missing')).toEqual(['updateThing request.body.labels', 'updateThing response[200].body.labels']);
    expect(r.decided.map((d) => d.location)).toContain('request.query.limit');
  });

  it('lists SDK operations the spec lacks in the summary, without failing on them', () => {
    const r = compareWithSdk(fixtureSpec, fixtureFacts);
    expect(r.sharedOperations).toBe(1);
    expect(r.sdkOnly.map((o) => o.sdkOperation)).toEqual(['listThings']);
    expect(r.differences.some((d) => d.operation === 'listThings')).toBe(false);
    expect(formatDriftReport(r)).toMatch(/1 SDK operations not in the spec/);
  });

  it('the CLI prints each difference and exits 1; --help documents the flags', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-drift-'));
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(fixtureSpec));
    fs.writeFileSync(path.join(dir, 'facts.json'), JSON.stringify(fixtureFacts));
    fs.writeFileSync(path.join(dir, 'D.md'), '');
    const run = spawnSync(process.execPath, [cli, '--spec', path.join(dir, 'spec.json'), '--sdk', path.join(dir, 'facts.json'), '--decisions', path.join(dir, 'D.md')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('updateThing request.body.spec.replicas (array)');
    expect(run.stdout).toContain('updateThing request.body.size: sdk string, spec integer');
    const missing = spawnSync(process.execPath, [cli, '--sdk', path.join(dir, 'none.json')], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(missing.status).toBe(2);
    expect(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' })).toMatch(/--sdk <file>[\s\S]*--decisions <file>/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

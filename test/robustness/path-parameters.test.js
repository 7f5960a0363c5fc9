// OWASP API4 on the request side: every path parameter of the spec is bounded, and the Spectral rule that
// keeps it so (spec/rules/pathParameterConstrained.js) catches each way of leaving one open.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deref, loadSpec, operations } from '@modelarts-openapi/spec';
import rule from '@modelarts-openapi/spec-source/rules/pathParameterConstrained.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const spec = loadSpec();
const check = (param) => rule(param, {}, { path: ['x'] }).map((r) => r.message);

describe('path parameters of the bundle', () => {
  const params = operations(spec).flatMap((o) => o.parameters.filter((p) => p.in === 'path').map((p) => ({ o, p })));

  it('every one passes the rule', () => {
    expect(params.length).toBeGreaterThan(0);
    expect(params.flatMap(({ o, p }) => check(p).map((m) => `${o.id}: ${m}`))).toEqual([]);
  });

  it('no string one accepts a value that changes the URL, or more than its maxLength', () => {
    const open = [];
    for (const { o, p } of params) {
      const s = deref(spec, p.schema);
      if (s.type !== 'string' && s.type !== undefined) continue;
      const re = s.pattern ? new RegExp(s.pattern, 'u') : undefined;
      const accepts = (v) => (s.enum ? s.enum.includes(v) : (!re || re.test(v)) && v.length <= (s.maxLength ?? Infinity) && v.length >= (s.minLength ?? 0));
      for (const v of ['a/b', 'a?b', 'a#b', 'a\\b', 'a\u0000b', 'a%2Fb', 'x'.repeat((s.maxLength ?? 1e6) + 1)]) if (accepts(v)) open.push(`${o.id} ${p.name} accepts ${JSON.stringify(v.slice(0, 20))}`);
    }
    expect(open).toEqual([]);
  });
});

describe('the path-parameter-constrained rule', () => {
  const cases = {
    'a string without maxLength': [{ type: 'string', pattern: '^[a-z]+$' }, /without maxLength/],
    'a string without pattern, enum or format': [{ type: 'string', maxLength: 10 }, /without a pattern, enum or format/],
    'an unanchored pattern': [{ type: 'string', maxLength: 10, pattern: '[a-z]+' }, /not anchored/],
    'a pattern that lets / through': [{ type: 'string', maxLength: 10, pattern: '^.+$' }, /accepts "a\/b"/],
    'a pattern that lets % through': [{ type: 'string', maxLength: 10, pattern: '^[A-Za-z%0-9]+$' }, /accepts "a%2Fb"/],
    'a raw quote in a pattern': [{ type: 'string', maxLength: 10, pattern: "^[a-z']+$" }, /raw quote/],
    'an invalid pattern': [{ type: 'string', maxLength: 10, pattern: '^[a-z+$' }, /not a valid regular expression/],
    'an integer without format or maximum': [{ type: 'integer', minimum: 1 }, /integer without a format/],
    'an object': [{ type: 'object' }, /cannot be bounded/],
    'no schema': [undefined, /has no schema/],
  };
  it.each(Object.keys(cases))('flags %s, naming the parameter', (label) => {
    const [schema, message] = cases[label];
    const messages = check({ name: 'thing_id', in: 'path', required: true, schema });
    expect(messages.join('\n')).toMatch(message);
    expect(messages.join('\n')).toMatch(/path parameter "thing_id"/);
  });
  it.each([
    [{ type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }],
    [{ type: 'string', enum: ['a', 'b'] }],
    [{ type: 'string', format: 'uuid', maxLength: 36 }],
    [{ type: 'integer', format: 'int64', minimum: 1 }],
  ])('accepts %j', (schema) => {
    expect(check({ name: 'x', in: 'path', schema })).toEqual([]);
  });
  it('ignores query and header parameters', () => {
    expect(check({ name: 'x', in: 'query', schema: { type: 'string' } })).toEqual([]);
  });

  it('runs in Spectral on path-level and operation-level parameters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'path-rule-'));
    try {
      const file = path.join(dir, 'openapi.json');
      const loose = { name: 'loose_id', in: 'path', required: true, schema: { type: 'string' } };
      fs.writeFileSync(file, JSON.stringify({
        openapi: '3.0.3', info: { title: 't', version: '1' },
        paths: {
          '/a/{loose_id}': { parameters: [loose], get: { operationId: 'getA', responses: { 200: { description: 'ok' } } } },
          '/b/{other_id}': { get: { operationId: 'getB', parameters: [{ ...loose, name: 'other_id' }], responses: { 200: { description: 'ok' } } } },
        },
      }));
      const ruleset = path.join(dir, 'ruleset.yaml');
      fs.writeFileSync(ruleset, `extends: [${JSON.stringify(path.join(repo, 'spec/.spectral.yaml'))}]\n`);
      let out = '';
      try {
        execFileSync(process.execPath, [path.join(repo, 'node_modules/@stoplight/spectral-cli/dist/index.js'), 'lint', file, '--ruleset', ruleset, '--format', 'json', '--quiet'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        out = e.stdout;
      }
      const hits = JSON.parse(out).filter((r) => r.code === 'path-parameter-constrained').map((r) => r.message);
      expect(hits.some((m) => m.includes('"loose_id"'))).toBe(true);
      expect(hits.some((m) => m.includes('"other_id"'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

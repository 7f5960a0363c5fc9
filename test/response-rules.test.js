// The response lint rules (spec/rules/responseLenient.js) find what they should on a small bundle, name the
// schema and the property, and pass the real bundle.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '@modelarts-openapi/spec';
import responseLenient from '@modelarts-openapi/spec-source/rules/responseLenient.js';

const bundle = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingList' } } } } },
      },
      post: {
        operationId: 'createThing',
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateThing' } } } },
        responses: { 201: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
  },
  components: {
    schemas: {
      ThingList: { type: 'object', nullable: true, properties: { items: { type: 'array', nullable: true, items: { $ref: '#/components/schemas/Thing' } } } },
      Thing: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string' },
          state: { type: 'string', enum: ['ON', 'OFF'] },
          size: { type: 'integer', nullable: true },
          owner: { $ref: '#/components/schemas/Owner' },
        },
      },
      Owner: { type: 'object', nullable: true, properties: { name: { type: 'string', nullable: true } } },
      // Request-only: closed, with an enum and non-nullable optional properties, and never reported.
      CreateThing: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: ['ON'] } } },
    },
  },
};
const run = (check, doc = bundle) => responseLenient(doc, { check });

describe('response lint rules', () => {
  it('flag additionalProperties: false reachable from a response, not in request-only schemas', () => {
    const r = run('closed');
    expect(r.map((x) => x.path.join('/'))).toEqual(['components/schemas/Thing/additionalProperties']);
    expect(r[0].message).toMatch(/schema Thing is used in a response \(listThings 200\)/);
  });

  it('flag an enum in a response schema', () => {
    const r = run('enum');
    expect(r.map((x) => x.path.join('/'))).toEqual(['components/schemas/Thing/properties/state/enum']);
    expect(r[0].message).toMatch(/x-known-values/);
  });

  it('flag optional scalar properties without nullable, naming schema and property; required ones are fine', () => {
    const r = run('optional');
    expect(r.map((x) => x.message)).toEqual([expect.stringMatching(/schema Thing: optional string property "state"/)]);
  });

  it('flag a named object schema used in a response that is not nullable', () => {
    const r = run('named-nullable');
    expect(r.map((x) => x.path.join('/'))).toEqual(['components/schemas/Thing']);
  });

  it('pass the real bundle', () => {
    const spec = loadSpec();
    for (const check of ['closed', 'enum', 'optional', 'named-nullable']) expect(run(check, spec), check).toEqual([]);
  });
});

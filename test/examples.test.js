// (1) Every named example of the bundled spec validates against its schema (OpenAPI 3.0 semantics:
// nullable, readOnly in requests, writeOnly in responses), and (2) the validator really rejects broken
// values, with the right kind for each.
import { describe, expect, it } from 'vitest';
import { createValidator, examples, loadSpec } from '@modelarts-openapi/spec';

const spec = loadSpec();
const validator = createValidator(spec);
const all = examples(spec);

describe('named examples', () => {
  it('the spec has examples', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  it.each(all.map((e) => [`${e.operation.id} ${e.direction} ${e.status ?? ''} ${e.name}`, e]))('%s validates', (_label, e) => {
    expect(validator.validate(e.schema, e.value, e.direction)).toEqual([]);
  });
});

describe('the validator rejects broken values', () => {
  const createJob = all.find((e) => e.operation.id === 'createTrainingJob' && e.direction === 'request');
  const listJobs = all.find((e) => e.operation.id === 'listTrainingJobs' && e.status === '200');

  it('reports a missing required property with its pointer', () => {
    const broken = structuredClone(createJob.value);
    delete broken.config.spec_id;
    expect(validator.validate(createJob.schema, broken, 'request')).toContainEqual(expect.objectContaining({ kind: 'required', pointer: '/config/spec_id' }));
  });
  it('reports an additional property in a strict request schema', () => {
    const broken = { ...structuredClone(createJob.value), jobname: 'typo' };
    expect(validator.validate(createJob.schema, broken, 'request')).toContainEqual(expect.objectContaining({ kind: 'additionalProperty', pointer: '/jobname' }));
  });
  it('reports a wrong type', () => {
    const broken = structuredClone(listJobs.value);
    broken.jobs[0].job_id = 'ten';
    expect(validator.validate(listJobs.schema, broken, 'response')).toContainEqual(expect.objectContaining({ kind: 'type', pointer: '/jobs/0/job_id' }));
  });
  it('reports a length/pattern violation', () => {
    const broken = structuredClone(createJob.value);
    broken.job_name = 'not a valid name!';
    expect(validator.validate(createJob.schema, broken, 'request')).toContainEqual(expect.objectContaining({ kind: 'range', pointer: '/job_name' }));
  });
  it('accepts extra fields in responses (the live service sends more than documented)', () => {
    const extended = { ...structuredClone(listJobs.value), undocumented_field: 1 };
    expect(validator.validate(listJobs.schema, extended, 'response')).toEqual([]);
  });
  it('reports an enum violation and a readOnly property sent in a request', () => {
    const schema = { type: 'object', properties: { order: { type: 'string', enum: ['asc', 'desc'] }, id: { type: 'string', readOnly: true } } };
    const problems = validator.validate(schema, { order: 'up', id: 'x' }, 'request');
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'enum', pointer: '/order' }));
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'readOnly', pointer: '/id' }));
    expect(validator.validate(schema, { order: 'asc', id: 'x' }, 'response')).toEqual([]);
  });
  it('honours nullable', () => {
    const schema = { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, nullable: true }, name: { type: 'string' } } };
    expect(validator.validate(schema, { tags: null }, 'response')).toEqual([]);
    expect(validator.validate(schema, { name: null }, 'response')).toContainEqual(expect.objectContaining({ kind: 'type', pointer: '/name' }));
  });
});

describe('validators of one process share compiled checks by content', () => {
  const doc = () => ({ components: { schemas: { Thing: { type: 'object', properties: { a: { type: 'string' } } } } } });
  const thing = { $ref: '#/components/schemas/Thing' };

  it('a validator built after the document changed in place checks the change; the first keeps what it was given', () => {
    const d = doc();
    const before = createValidator(d);
    expect(before.validate(thing, { a: 'x' }, 'request')).toEqual([]);
    d.components.schemas.Thing.properties.a.type = 'integer';
    const after = createValidator(d);
    expect(after.validate(thing, { a: 'x' }, 'request')).toContainEqual(expect.objectContaining({ kind: 'type', pointer: '/a' }));
    expect(after.validate(thing, { a: 1 }, 'request')).toEqual([]);
    // the first validator's all-errors checks are compiled only now, from its document as it was
    expect(before.validate(thing, { a: 1 }, 'request')).toContainEqual(expect.objectContaining({ kind: 'type', pointer: '/a' }));
    expect(before.validate(thing, { a: 'x' }, 'request')).toEqual([]);
  });

  it('a second validator of equal content gives the same results', () => {
    const one = createValidator(doc());
    const two = createValidator(doc());
    for (const value of [{ a: 'x' }, { a: 1 }, { a: null }, 'no object']) expect(two.validate(thing, value, 'response')).toEqual(one.validate(thing, value, 'response'));
  });
});

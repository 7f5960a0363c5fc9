// The generated TypeScript client round-trips every operation against the mock: each call is built
// from the spec's parameter and body examples, and the decoded result must equal the operation's
// first 2xx example (so a field the schema forgot would be dropped by the client and fail here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as clientModule from '@modelarts-openapi/client';

const { createClient } = clientModule;
import { startMock } from '@modelarts-openapi/mock';
import { deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { normalise, parameterValue, requestExample, sentParameters, successStatuses, tsParamName, TOKEN } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
let mock;
let client;
let prefer;
beforeAll(async () => {
  mock = await startMock();
  client = createClient({
    endpoint: mock.url,
    token: TOKEN,
    middleware: [{ pre: async (ctx) => ( prefer ? { url: ctx.url, init: { ...ctx.init, headers: { ...Object.fromEntries(new Headers(ctx.init.headers)), Prefer: prefer } } } : undefined) }],
  });
});
afterAll(async () => { await mock?.stop(); });

const withoutNulls = (v) => JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x)));

function apiFor(operationId) {
  for (const [key, api] of Object.entries(client)) {
    if (key !== 'configuration' && typeof api[`${operationId}Raw`] === 'function') return api;
  }
  throw new Error(`no generated API method ${operationId}Raw`);
}

/**
 * The decoded value written back in wire form by the client's own generated `<Model>ToJSON` (which restores
 * wire names the generator had to change, such as `event-categories` or `provider:network_type`).
 */
function toWire(value, schema) {
  if (!schema || value === null || value === undefined) return value;
  if (schema.$ref) {
    const toJson = clientModule[`${schema.$ref.split('/').pop()}ToJSON`];
    return typeof toJson === 'function' ? toJson(value) : value;
  }
  if (schema.type === 'array' && Array.isArray(value)) return value.map((v) => toWire(v, schema.items));
  return value;
}

function firstSuccessExample(operation) {
  for (const status of successStatuses(operation)) {
    const response = deref(spec, operation.op.responses[status]);
    const media = response.content && Object.values(response.content)[0];
    const first = media?.examples && Object.entries(media.examples)[0];
    return { status, name: first?.[0], value: first ? deref(spec, first[1]).value : undefined, schema: media?.schema };
  }
  return undefined;
}

describe('the TypeScript client round-trips every operation', () => {
  it('every operation has a generated method', () => {
    for (const o of ops) expect(() => apiFor(o.id), o.id).not.toThrow();
  });
  it.each(ops.map((o) => [o.id, o]))('%s', async (_id, o) => {
    const params = {};
    for (const p of sentParameters(spec, o)) params[tsParamName(p.name)] = parameterValue(spec, p);
    const body = requestExample(spec, o);
    if (body) params.body = body.value;
    const expected = firstSuccessExample(o);
    prefer = expected.name ? `code=${expected.status}, example=${expected.name}` : `code=${expected.status}`;
    const api = apiFor(o.id);
    const response = await api[`${o.id}Raw`](params);
    expect(response.raw.status).toBe(Number(expected.status));
    if (expected.value === undefined) return;
    const value = await response.value();
    // A raw download (application/octet-stream, e.g. createInferApiKey) arrives as a Blob of the example's bytes.
    if (value instanceof Blob) return expect(await value.text()).toBe(expected.value);
    // typescript-fetch decodes `null` as `undefined` (its runtime's exists() treats both as absent), so
    // null-valued fields are compared as absent.
    expect(withoutNulls(normalise(toWire(value, expected.schema)))).toEqual(withoutNulls(normalise(expected.value)));
  });
  it('a 4xx surfaces as a rejected call carrying the error body', async () => {
    const o = ops.find((x) => x.id === 'listTrainingJobs');
    prefer = 'code=400';
    const err = await apiFor(o.id).listTrainingJobsRaw({ projectId: 'p1' }).then(() => undefined, (e) => e);
    prefer = undefined;
    expect(err).toBeDefined();
    const res = err.response ?? err;
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(expect.objectContaining({ is_success: false, error_code: expect.any(String) }));
  });
});

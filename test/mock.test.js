// The Prism mock serves every named example of every operation on request, and refuses bad input with
// a 4xx error body: missing auth, a missing required body field, a wrong type, an enum violation and an
// invalid path parameter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '@modelarts-openapi/mock';
import { deref, examples, isJsonMediaType, loadSpec, operations } from '@modelarts-openapi/spec';
import { buildUrl, headerParameters, normalise, requestBodyMedia, requestExample, TOKEN } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
let mock;
beforeAll(async () => { mock = await startMock(); });
afterAll(async () => { await mock?.stop(); });

async function call(operation, { prefer, token = TOKEN, body, url, contentType } = {}) {
  const headers = { ...headerParameters(spec, operation) };
  if (token) headers['X-Auth-Token'] = token;
  if (prefer) headers.Prefer = prefer;
  const rb = requestBodyMedia(spec, operation);
  let payload;
  if (body !== undefined) payload = typeof body === 'string' ? body : JSON.stringify(body);
  else if (rb) {
    const ex = requestExample(spec, operation);
    if (ex) payload = JSON.stringify(ex.value);
  }
  if (payload !== undefined) headers['Content-Type'] = contentType ?? rb?.type ?? 'application/json';
  const res = await fetch(`${mock.url}${url ?? buildUrl(spec, operation)}`, { method: operation.method.toUpperCase(), headers, body: payload });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}

const expectErrorBody = (r) => {
  expect(r.status, r.text).toBeGreaterThanOrEqual(400);
  expect(r.status, r.text).toBeLessThan(500);
  // ModelArts answers {error_code: "ModelArts.…", …}; IAM (createIamToken) answers Keystone-style
  // {error: {code: 400, message, title}}.
  const code = r.json?.error_code ?? r.json?.error?.code;
  expect(['string', 'number'], `error body of ${r.status}: ${r.text}`).toContain(typeof code);
};

describe('the mock serves every named example', () => {
  const cases = examples(spec).filter((e) => e.direction === 'response');
  it.each(cases.map((e) => [`${e.operation.id} ${e.status} ${e.name}`, e]))('%s', async (_label, e) => {
    const r = await call(e.operation, { prefer: `code=${e.status}, example=${e.name}` });
    expect(r.status).toBe(Number(e.status));
    expect(normalise(r.json)).toEqual(normalise(e.value));
  });
});

describe('the mock refuses bad input', () => {
  it.each(ops.map((o) => [o.id, o]))('%s without credentials gets 401', async (_id, o) => {
    if (o.op['x-no-auth']) return expect(o.op.security).toEqual([]);
    const r = await call(o, { token: null });
    expect(r.status).toBe(401);
    expectErrorBody(r);
  });

  const withPathParams = ops.filter((o) => o.parameters.some((p) => p.in === 'path' && deref(spec, p.schema || {}).pattern));
  it.each(withPathParams.map((o) => [o.id, o]))('%s with an invalid path parameter gets 4xx', async (_id, o) => {
    const param = o.parameters.find((p) => p.in === 'path' && deref(spec, p.schema || {}).pattern);
    const r = await call(o, { url: buildUrl(spec, o, { [param.name]: 'not valid!' }) });
    expectErrorBody(r);
  });

  const withBodies = ops.map((o) => ({ o, rb: requestBodyMedia(spec, o), ex: requestExample(spec, o) })).filter((x) => x.rb && x.ex && isJsonMediaType(x.rb.type));
  const bodySchema = (x) => deref(spec, x.rb.media.schema);
  const withRequired = withBodies.filter((x) => (bodySchema(x).required || []).length);
  it.each(withRequired.map((x) => [x.o.id, x]))('%s without a required body field gets 4xx', async (_id, x) => {
    const body = structuredClone(x.ex.value);
    delete body[bodySchema(x).required[0]];
    expectErrorBody(await call(x.o, { body }));
  });

  const typed = withBodies.map((x) => {
    const props = bodySchema(x).properties || {};
    const name = Object.keys(props).find((k) => Object.prototype.hasOwnProperty.call(x.ex.value, k) && ['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(deref(spec, props[k]).type));
    return name ? { ...x, name, type: deref(spec, props[name]).type } : undefined;
  }).filter(Boolean);
  it.each(typed.map((x) => [`${x.o.id} (${x.name})`, x]))('%s with a wrongly typed body field gets 4xx', async (_id, x) => {
    const wrong = { string: 12345, integer: 'not-a-number', number: 'not-a-number', boolean: 'yes', array: 'not-an-array', object: 'not-an-object' }[x.type];
    expectErrorBody(await call(x.o, { body: { ...structuredClone(x.ex.value), [x.name]: wrong } }));
  });

  // An enum violation: a query parameter with an enum, else a top-level body field with an enum.
  const enumCases = ops.map((o) => {
    const q = o.parameters.find((p) => p.in === 'query' && deref(spec, p.schema || {}).enum);
    if (q) return { o, where: `query ${q.name}`, url: buildUrl(spec, o, { [q.name]: 'not-in-enum' }) };
    const x = withBodies.find((w) => w.o === o);
    const props = x ? bodySchema(x).properties || {} : {};
    const name = Object.keys(props).find((k) => deref(spec, props[k]).enum);
    return name ? { o, where: `body ${name}`, body: { ...structuredClone(x.ex.value), [name]: 'not-in-enum' } } : undefined;
  }).filter(Boolean);
  it.each(enumCases.map((c) => [`${c.o.id} (${c.where})`, c]))('%s with an enum violation gets 4xx', async (_id, c) => {
    expectErrorBody(await call(c.o, { url: c.url, body: c.body }));
  });

  it('covers every kind of invalid input somewhere in the spec', () => {
    expect(withPathParams.length).toBeGreaterThan(0);
    expect(withRequired.length).toBeGreaterThan(0);
    expect(typed.length).toBeGreaterThan(0);
    expect(enumCases.length).toBeGreaterThan(0);
  });
});

// The compiled engine against Prism, the reference: every operation × every documented status × every
// named example (and the plain request, which must give Prism's default: the first example of the lowest
// 2xx) is sent to the mock in both modes (`engine: 'compiled'` and `engine: 'prism'`), and the status,
// content type and body must be the same — with the engine answering all of them itself. Invalid
// requests (the fuzz mutations of @modelarts-openapi/testkit/mutations, a bounded seeded set per operation) must be
// refused in the same way (status and error format; the explaining text is the front's in both modes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '@modelarts-openapi/mock';
import { createValidator, deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { buildUrl, headerParameters, pool, requestBodyMedia, requestExample, sendRequest, TOKEN } from '@modelarts-openapi/testkit';
import { bounded, mutationsFor, prng } from '@modelarts-openapi/testkit/mutations';

const SEED = 0xd1ff;
const INVALID_PER_OPERATION = 12;
const CONCURRENCY = 16;

const spec = loadSpec();
const ops = operations(spec);
const validator = createValidator(spec);

function validRequest(o, prefer) {
  const rb = requestBodyMedia(spec, o);
  const ex = requestExample(spec, o);
  const headers = { ...headerParameters(spec, o), 'X-Auth-Token': TOKEN };
  if (prefer) headers.Prefer = prefer;
  let body;
  if (ex) {
    headers['Content-Type'] = rb.type;
    body = JSON.stringify(ex.value);
  }
  return { method: o.method.toUpperCase(), url: buildUrl(spec, o), headers, body };
}

const valid = [];
for (const o of ops) {
  valid.push({ o, label: `${o.id} (plain)`, req: validRequest(o) });
  for (const [status, raw] of Object.entries(o.op.responses || {})) {
    if (!/^\d{3}$/.test(status)) continue;
    const media = Object.values(deref(spec, raw).content || {})[0];
    const names = Object.keys(media?.examples || {});
    if (!names.length) valid.push({ o, label: `${o.id} ${status}`, req: validRequest(o, `code=${status}`) });
    for (const name of names) valid.push({ o, label: `${o.id} ${status} ${name}`, req: validRequest(o, `code=${status}, example=${name}`) });
  }
}
const hash = (s) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
const invalid = ops.flatMap((o) => bounded(mutationsFor(spec, o, validator), INVALID_PER_OPERATION, prng(SEED ^ hash(o.id))).map((m) => ({ o, label: `${o.id} ${m.kind} ${m.where}`, req: m })));

let engine;
let prism;
beforeAll(async () => {
  [engine, prism] = await Promise.all([startMock(), startMock({ engine: 'prism' })]);
});
afterAll(async () => { await Promise.all([engine?.stop(), prism?.stop()]); });

const send = (base, r) => sendRequest(base, r, { timeoutMs: 20000 });


const shape = (v) => (v && typeof v === 'object' ? Object.keys(v).sort().join(',') : typeof v);

describe('the compiled engine answers as Prism does', () => {
  it(`every operation × documented status × named example (${valid.length} requests over ${ops.length} operations)`, async () => {
    await prism.prismReady();
    const before = engine.forwarded();
    const [a, b] = await Promise.all([pool(valid, CONCURRENCY, (c) => send(engine.url, c.req)), pool(valid, CONCURRENCY, (c) => send(prism.url, c.req))]);
    const differ = [];
    valid.forEach((c, i) => {
      const e = a[i];
      const p = b[i];
      const same = e.status === p.status && e.type === p.type && (e.json !== undefined || p.json !== undefined ? JSON.stringify(e.json) === JSON.stringify(p.json) : e.text === p.text);
      if (!same) differ.push(`${c.label}: engine ${e.status} ${e.type} ${e.text.slice(0, 120)} | prism ${p.status} ${p.type} ${p.text.slice(0, 120)}`);
    });
    expect(differ).toEqual([]);
    // All of them were answered by the engine itself, none forwarded.
    expect(engine.forwarded() - before).toBe(0);
    expect(new Set(valid.map((c) => c.o.id)).size).toBe(ops.length);
  }, 180_000);

  it(`invalid requests are refused alike (${invalid.length} mutations, at most ${INVALID_PER_OPERATION} per operation)`, async () => {
    const [a, b] = await Promise.all([pool(invalid, CONCURRENCY, (c) => send(engine.url, c.req)), pool(invalid, CONCURRENCY, (c) => send(prism.url, c.req))]);
    const differ = [];
    invalid.forEach((c, i) => {
      const e = a[i];
      const p = b[i];
      if (e.status < 400 || e.status >= 500 || e.status !== p.status || e.type !== p.type || shape(e.json) !== shape(p.json)) differ.push(`${c.label}: engine ${e.status} ${e.text.slice(0, 120)} | prism ${p.status} ${p.text.slice(0, 120)}`);
    });
    expect(differ).toEqual([]);
  }, 180_000);

  it('answers a CORS preflight as Prism does', async () => {
    const preflight = { method: 'OPTIONS', url: '/v1/p/training-jobs', headers: { Origin: 'http://page.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-auth-token,content-type' } };
    const headersOf = async (base) => {
      const r = await fetch(`${base}${preflight.url}`, preflight);
      await r.text();
      return { status: r.status, headers: Object.fromEntries([...r.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary')) };
    };
    const before = engine.forwarded();
    expect(await headersOf(engine.url)).toEqual(await headersOf(prism.url));
    expect(engine.forwarded() - before).toBe(0);
  });

  it('forwards what it does not serve to Prism (Prefer: dynamic=true, an unknown example)', async () => {
    const o = ops.find((x) => x.id === 'listTrainingJobs');
    const before = engine.forwarded();
    const dynamic = await send(engine.url, validRequest(o, 'dynamic=true'));
    expect(dynamic.status).toBe(200);
    const unknown = [await send(engine.url, validRequest(o, 'code=200, example=no-such-example')), await send(prism.url, validRequest(o, 'code=200, example=no-such-example'))];
    expect(unknown[0].status).toBe(unknown[1].status);
    expect(engine.forwarded() - before).toBe(2);
  });
});

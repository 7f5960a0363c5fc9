// Mock behaviour users rely on, checked for every operation of the bundle:
// (1) a plain request returns the operation's documented seed sample (Prism answers with the first example
//     of the lowest 2xx, so the seed sample must be listed first);
// (2) fuzzing, bounded and deterministic (fixed seed): every invalid variant of a valid request (required
//     field removed, wrong types, enum/range violations, over-long strings, malformed JSON, wrong content
//     type, invalid path parameter, missing or malformed credentials) gets a documented 4xx with an error
//     body (401 with the documented 401 body for credentials) — never a 2xx, a 5xx or a dropped connection.
//     Counts per operation are printed and written to test/artifacts/fuzz-report.json, and with
//     FUZZ_BARE_PRISM=1 what bare Prism (no validating front) would have let through: a figure, not a
//     check (no test reads it; the Prism limitations behind it are pinned in (3)), and sending every
//     mutation through Prism costs more than the rest of this file, so it is measured on request;
// (3) the Prism limitations the front exists for are pinned on a tiny spec, so a Prism upgrade that fixes
//     or changes them shows up here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '@modelarts-openapi/client';
import { startMock } from '@modelarts-openapi/mock';
import { createValidator, deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { buildUrl, headerParameters, normalise, pool, requestBodyMedia, requestExample, sendRequest, successStatuses, TOKEN } from '@modelarts-openapi/testkit';
import { bounded, MUTATION_KINDS, mutationsFor, prng } from '@modelarts-openapi/testkit/mutations';

const SEED = 0x5eed2024;
const MAX_PER_OPERATION = 60;
const CONCURRENCY = 8;
const COMPARE_BARE = process.env.FUZZ_BARE_PRISM === '1';
const here = path.dirname(fileURLToPath(import.meta.url));
const reportFile = path.join(here, 'artifacts/fuzz-report.json');

const spec = loadSpec();
const ops = operations(spec);
const validator = createValidator(spec);

const hash = (s) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
const plan = ops.map((o) => {
  const all = mutationsFor(spec, o, validator);
  return { operation: o, generated: all.length, mutations: bounded(all, MAX_PER_OPERATION, prng(SEED ^ hash(o.id))) };
});

let mock;
let bare;
beforeAll(async () => {
  [mock, bare] = await Promise.all([startMock(), COMPARE_BARE ? startMock({ validate: false }) : undefined]);
});
afterAll(async () => {
  await Promise.all([mock?.stop(), bare?.stop()]);
});

const send = (base, r) => sendRequest(base, r, { timeoutMs: 15000 });


/** Why a response to a mutation is unacceptable, or undefined when it is a documented 4xx error. */
function judge(operation, m, r) {
  if (r.status === 0) return `no response (crash or reset): ${r.text}`;
  if (r.status >= 500) return `${r.status} server error: ${r.text.slice(0, 200)}`;
  if (r.status < 400) return `${r.status} accepted an invalid request`;
  if (m.expect.length && !m.expect.includes(r.status)) return `${r.status}, expected ${m.expect.join('/')}`;
  const response = operation.op.responses?.[String(r.status)] ?? operation.op.responses?.[`${String(r.status)[0]}XX`];
  if (!response) return `${r.status} is not a status the operation declares`;
  if (!r.json || typeof r.json !== 'object') return `${r.status} without a JSON error body: ${r.text.slice(0, 200)}`;
  const media = Object.values(deref(spec, response).content || {})[0];
  const problems = media?.schema ? validator.validate(media.schema, r.json, 'response') : [];
  if (problems.length) return `${r.status} body does not match the documented error schema: ${problems.map((p) => p.message).join('; ')}`;
  if (m.kind === 'auth') {
    const first = media?.examples && Object.values(media.examples)[0];
    if (first && JSON.stringify(r.json) !== JSON.stringify(deref(spec, first).value)) return `401 body is not the documented example: ${r.text.slice(0, 200)}`;
  }
  return undefined;
}

let results;
async function fuzz() {
  if (results) return results;
  results = (async () => {
    const flat = plan.flatMap((p) => p.mutations.map((m) => ({ p, m })));
    const viaFront = await pool(flat, CONCURRENCY, ({ m }) => send(mock.url, m));
    const viaPrism = COMPARE_BARE ? await pool(flat, CONCURRENCY, ({ m }) => send(bare.url, m)) : undefined;
    const byOp = new Map(plan.map((p) => [p.operation.id, { operation: p.operation.id, method: p.operation.method.toUpperCase(), path: p.operation.path, generated: p.generated, sent: 0, '4xx': 0, '2xx': 0, '5xx': 0, other: 0, byKind: {}, statuses: {}, failures: [], prismAloneLeaks: [] }]));
    flat.forEach(({ p, m }, i) => {
      const row = byOp.get(p.operation.id);
      const r = viaFront[i];
      row.sent++;
      const cls = r.status >= 200 && r.status < 300 ? '2xx' : r.status >= 400 && r.status < 500 ? '4xx' : r.status >= 500 ? '5xx' : 'other';
      row[cls]++;
      row.byKind[m.kind] = (row.byKind[m.kind] ?? 0) + 1;
      row.statuses[r.status] = (row.statuses[r.status] ?? 0) + 1;
      const why = judge(p.operation, m, r);
      if (why) row.failures.push({ kind: m.kind, where: m.where, method: m.method, url: m.url, status: r.status, why });
      const bareWhy = viaPrism && judge(p.operation, m, viaPrism[i]);
      if (bareWhy) row.prismAloneLeaks.push({ kind: m.kind, where: m.where, status: viaPrism[i].status, why: bareWhy });
    });
    return [...byOp.values()];
  })();
  return results;
}

function printAndWrite(rows) {
  const head = ['operation', 'sent', '4xx', '2xx', '5xx', 'other', 'failed', 'bare Prism leaks'];
  const table = rows.map((r) => [r.operation, r.sent, r['4xx'], r['2xx'], r['5xx'], r.other, r.failures.length, r.prismAloneLeaks.length]);
  const total = ['TOTAL', ...[1, 2, 3, 4, 5, 6, 7].map((i) => table.reduce((n, row) => n + row[i], 0))];
  const all = [head, ...table, total];
  const widths = head.map((_, i) => Math.max(...all.map((row) => String(row[i]).length)));
  const line = (row) => row.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
  const kinds = {};
  for (const r of rows) for (const [k, n] of Object.entries(r.byKind)) kinds[k] = (kinds[k] ?? 0) + n;
  const leakKinds = {};
  for (const r of rows) for (const l of r.prismAloneLeaks) leakKinds[l.kind] = (leakKinds[l.kind] ?? 0) + 1;
  console.log([`fuzz (seed 0x${SEED.toString(16)}, at most ${MAX_PER_OPERATION} mutations per operation)`, line(head), ...table.map(line), line(total),
    `by kind: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    COMPARE_BARE ? `bare Prism would let through: ${Object.entries(leakKinds).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing'}` : 'bare Prism: not compared (FUZZ_BARE_PRISM=1 compares)'].join('\n'));
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, `${JSON.stringify({
    generatedAt: new Date().toISOString(), seed: SEED, maxPerOperation: MAX_PER_OPERATION, kinds: MUTATION_KINDS, barePrismCompared: COMPARE_BARE,
    totals: { operations: rows.length, sent: total[1], '4xx': total[2], '2xx': total[3], '5xx': total[4], other: total[5], failed: total[6], barePrismLeaks: total[7] },
    byKind: kinds, barePrismLeaksByKind: leakKinds, operations: rows,
  }, null, 2)}\n`);
}

describe('a plain request returns the documented seed sample', () => {
  // Operations with an x-seed-sample example on a 2xx: the mock's default answer must be one of them.
  const seeded = ops.map((o) => {
    const samples = [];
    for (const status of successStatuses(o)) {
      const media = Object.values(deref(spec, o.op.responses[status]).content || {})[0];
      for (const [name, ex] of Object.entries(media?.examples || {})) {
        const e = deref(spec, ex);
        if (e['x-seed-sample']) samples.push({ status, name, value: e.value });
      }
    }
    return samples.length ? { o, samples } : undefined;
  }).filter(Boolean);

  it('the spec has seed samples', () => expect(seeded.length).toBeGreaterThan(0));
  it.each(seeded.map((x) => [x.o.id, x]))('%s', async (_id, { o, samples }) => {
    const rb = requestBodyMedia(spec, o);
    const ex = requestExample(spec, o);
    const headers = { ...headerParameters(spec, o), 'X-Auth-Token': TOKEN };
    if (ex) headers['Content-Type'] = rb.type;
    const r = await send(mock.url, { url: buildUrl(spec, o), method: o.method.toUpperCase(), headers, body: ex ? JSON.stringify(ex.value) : undefined });
    const match = samples.find((s) => Number(s.status) === r.status && JSON.stringify(normalise(r.json)) === JSON.stringify(normalise(s.value)));
    expect(match, `a plain ${o.method.toUpperCase()} returned ${r.status} ${r.text.slice(0, 160)}; the seed sample(s) are ${samples.map((s) => `${s.status} "${s.name}"`).join(', ')} — list one first under the lowest 2xx`).toBeDefined();
  });
});

describe('fuzzing every operation', () => {
  // One fuzz run serves every test below; it sends thousands of requests (to the mock, and to bare Prism),
  // so it runs in a hook with a budget for the whole spec rather than inside the first test's timeout.
  let rows;
  beforeAll(async () => { rows = await fuzz(); }, 900_000);

  it('generates mutations of every kind, bounded and reproducible', () => {
    const kinds = new Set(plan.flatMap((p) => p.mutations.map((m) => m.kind)));
    for (const kind of Object.keys(MUTATION_KINDS)) expect(kinds, `no "${kind}" mutation anywhere in the spec`).toContain(kind);
    for (const p of plan) expect(p.mutations.length).toBeLessThanOrEqual(MAX_PER_OPERATION);
    const again = ops.map((o) => bounded(mutationsFor(spec, o, validator), MAX_PER_OPERATION, prng(SEED ^ hash(o.id))).map((m) => `${m.kind} ${m.where}`));
    expect(again).toEqual(plan.map((p) => p.mutations.map((m) => `${m.kind} ${m.where}`)));
  });

  it.each(plan.map((p) => [p.operation.id, p]))('%s: every invalid request gets a documented 4xx error', (id) => {
    const row = rows.find((r) => r.operation === id);
    expect(row.sent).toBeGreaterThan(0);
    expect(row.failures).toEqual([]);
  });

  it('writes the report', () => {
    printAndWrite(rows);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    expect(report.operations).toHaveLength(ops.length);
    expect(report.totals.sent).toBe(plan.reduce((n, p) => n + p.mutations.length, 0));
    expect(report.totals['2xx'] + report.totals['5xx'] + report.totals.other).toBe(0);
  });
});

describe('signed requests (SDK-HMAC-SHA256)', () => {
  const o = ops.find((x) => x.id === 'listTrainingJobs');
  const media401 = Object.values(deref(spec, o.op.responses['401']).content)[0];
  const unauthorized = deref(spec, Object.values(media401.examples)[0]).value;
  let verifying;
  beforeAll(async () => { verifying = await startMock({ credentials: { AKCONTRACT: 'contract-secret' } }); });
  afterAll(async () => { await verifying?.stop(); });
  const signed = async (base, { sk = 'contract-secret', ak = 'AKCONTRACT', tamper } = {}) => {
    const url = `${base}${buildUrl(spec, o)}`;
    const headers = await signRequest({ method: 'GET', url }, { ak, sk });
    return send('', { url: tamper ? `${url}&tampered=1` : url, method: 'GET', headers });
  };

  it('the default mock accepts any well-formed signature (it cannot know the secret key)', async () => {
    expect((await signed(mock.url, { ak: 'ANY', sk: 'any' })).status).toBe(200);
  });
  it('with credentials, a correct signature from the client\'s signRequest passes', async () => {
    expect((await signed(verifying.url)).status).toBe(200);
  });
  it.each([['a wrong secret key', { sk: 'wrong' }], ['an unknown access key', { ak: 'AKOTHER' }], ['a query changed after signing', { tamper: true }]])('with credentials, %s gets the documented 401', async (_label, variant) => {
    const r = await signed(verifying.url, variant);
    expect(r.status).toBe(401);
    expect(r.json).toEqual(unauthorized);
  });
});

// ---------------------------------------------------------------------------------------------------
// Known Prism 5.14 limitations, pinned on a tiny spec. The validating front (packages/mock/src/front.js)
// closes each of them; if a Prism upgrade changes one of these "bare" expectations, revisit the front.
describe('known Prism limitations, closed by the validating front', () => {
  const tiny = {
    openapi: '3.0.3',
    info: { title: 'tiny', version: '1' },
    security: [{ Token: [] }, { Signature: [] }],
    components: {
      securitySchemes: {
        Token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
        Signature: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'SDK-HMAC-SHA256 request signing' },
      },
      schemas: { Error: { type: 'object', required: ['error_code'], properties: { error_code: { type: 'string' }, error_msg: { type: 'string' } } } },
      responses: {
        BadRequest: { description: 'bad', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples: { bad: { value: { error_code: 'E.400', error_msg: 'bad request' } } } } } },
        Unauthorized: { description: 'no auth', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples: { unauth: { value: { error_code: 'E.401', error_msg: 'no auth' } } } } } },
      },
    },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [{ name: 'name', in: 'query', schema: { type: 'string', minLength: 1 } }],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, examples: { ok: { value: { things: [] } } } } } }, 400: { $ref: '#/components/responses/BadRequest' }, 401: { $ref: '#/components/responses/Unauthorized' } },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, examples: { ok: { value: { id: 1 } } } } } }, 400: { $ref: '#/components/responses/BadRequest' }, 401: { $ref: '#/components/responses/Unauthorized' } },
        },
      },
    },
  };
  let dir;
  let tinyBare;
  let tinyFront;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-tiny-'));
    const file = path.join(dir, 'tiny.json');
    fs.writeFileSync(file, JSON.stringify(tiny));
    [tinyBare, tinyFront] = await Promise.all([startMock({ spec: file, validate: false }), startMock({ spec: file })]);
  });
  afterAll(async () => {
    await Promise.all([tinyBare?.stop(), tinyFront?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const both = async (url, init) => Promise.all([tinyBare, tinyFront].map(async (m) => {
    const r = await fetch(`${m.url}${url}`, init);
    const text = await r.text();
    return { status: r.status, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
  }));

  it('an apiKey Authorization header is accepted whatever it holds (stoplightio/prism#484)', async () => {
    const [bareRes, frontRes] = await both('/things', { headers: { Authorization: 'not a signature' } });
    expect(bareRes.status).toBe(200);
    expect(frontRes.status).toBe(401);
    expect(frontRes.json).toEqual({ error_code: 'E.401', error_msg: 'no auth' });
  });
  it('a malformed JSON body gets an off-contract {"error": {"code": "invalid_json"}} body (stoplightio/prism#2664)', async () => {
    const init = { method: 'POST', headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' }, body: '{"name": ' };
    const [bareRes, frontRes] = await both('/things', init);
    expect(bareRes.status).toBe(400);
    expect(bareRes.json).toEqual({ error: expect.objectContaining({ code: 'invalid_json' }) });
    expect(frontRes.status).toBe(400);
    expect(frontRes.json).toEqual({ error_code: 'ModelArts.0104', error_msg: expect.stringMatching(/^body: not valid JSON/) });
  });
  it('an empty query value is treated as absent, so minLength is not applied (stoplightio/prism#499)', async () => {
    const [bareRes, frontRes] = await both('/things?name=', { headers: { 'X-Auth-Token': 't' } });
    expect(bareRes.status).toBe(200);
    expect(frontRes.status).toBe(400);
    expect(frontRes.json).toEqual({ error_code: 'ModelArts.0104', error_msg: 'query.name: must NOT have fewer than 1 characters' });
  });
  it('both answer what Prism does validate the same way (the front is not stricter there)', async () => {
    const [bareRes, frontRes] = await both('/things', { method: 'POST', headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' }, body: '{}' });
    expect(bareRes.status).toBe(400);
    expect(frontRes.status).toBe(400);
    // The front says what is wrong, in the documented error format; Prism's canned sample stays reachable.
    expect(frontRes.json).toEqual({ error_code: 'ModelArts.0104', error_msg: 'body.name: required' });
    const [, canned] = await both('/things', { method: 'POST', headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json', Prefer: 'example=bad' }, body: '{}' });
    expect(canned.json).toEqual(bareRes.json);
    const [okBare, okFront] = await both('/things', { method: 'POST', headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' }, body: '{"name":"a"}' });
    expect([okBare.status, okFront.status]).toEqual([200, 200]);
    expect(okFront.json).toEqual(okBare.json);
  });
});

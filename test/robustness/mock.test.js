// Nothing a client sends may crash, freeze or fool the mock. Every case is a class of input generated from
// the bundle, so operations added to the spec are covered without touching this file.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingUrl, signRequest } from '@modelarts-openapi/client';
import { signatureProblem } from '@modelarts-openapi/mock/front';
import { makeCase } from '@modelarts-openapi/testkit/signer-cases';
import { deref, isJsonMediaType, loadSpec, operations } from '@modelarts-openapi/spec';
import { startMock } from '@modelarts-openapi/mock';
import { buildUrl, headerParameters, pool, requestBodyMedia, requestExample, successStatuses, TOKEN } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
const withPathParams = ops.filter((o) => o.parameters.some((p) => p.in === 'path'));

// Each one threw an uncaught URIError in Prism 5.14 (uri-template-lite's decodeURIComponent).
const BAD_ENCODINGS = ['%zz', '%E0%A4%A', '%C0%AF', '%', '%%41', '%ED%A0%80', '%FF'];

const send = async (base, path, init = {}) => {
  const r = await fetch(`${base}${path}`, { ...init, headers: { 'X-Auth-Token': TOKEN, ...(init.headers || {}) } });
  const text = await r.text();
  return { status: r.status, text, violations: r.headers.get('sl-violations') };
};

/** A documented 2xx request of an operation (or undefined when the operation has no body example to send). */
function validRequest(o) {
  const rb = requestBodyMedia(spec, o);
  const example = requestExample(spec, o);
  if (rb?.required && !example) return undefined;
  const headers = { ...headerParameters(spec, o) };
  let body;
  if (example) {
    headers['Content-Type'] = rb.type;
    body = JSON.stringify(example.value);
  }
  return { method: o.method.toUpperCase(), path: buildUrl(spec, o), headers, body };
}

let mock;
// Prism at once (not on first need), to show that no invalid encoding reaches or kills it.
beforeAll(async () => {
  mock = await startMock({ prism: 'background' });
  await mock.prismReady();
});
afterAll(async () => { await mock?.stop(); });

describe('invalid percent-encodings never reach Prism', () => {
  const cases = withPathParams.flatMap((o) => o.parameters.filter((p) => p.in === 'path').flatMap((p) => BAD_ENCODINGS.map((bad) => ({ o, p, bad }))));

  it(`every path parameter of every operation (${withPathParams.length} operations) with ${BAD_ENCODINGS.length} invalid encodings gets the documented 400`, async () => {
    const wrong = [];
    await pool(cases, 16, async ({ o, p, bad }) => {
      const template = buildUrl(spec, o, { [p.name]: '__BAD__' });
      const r = await send(mock.url, template.replace('__BAD__', bad), { method: o.method.toUpperCase() });
      if (r.status !== 400 || !/invalid_encoding/.test(r.violations || '')) wrong.push(`${o.id} ${p.name}=${bad}: ${r.status} ${r.text.slice(0, 120)}`);
    });
    expect(wrong).toEqual([]);
    // Prism is still there, and the same process.
    const ok = validRequest(ops.find((o) => o.id === 'listTrainingJobs'));
    expect((await send(mock.url, ok.path)).status).toBe(200);
    expect(() => process.kill(mock.prismPid, 0)).not.toThrow();
  });

  it('every operation with an invalid encoding in its query string gets the documented 400', async () => {
    const wrong = [];
    await pool(ops, 16, async (o) => {
      const path = buildUrl(spec, o);
      for (const bad of ['%zz', '%C0%AF', '%']) {
        const r = await send(mock.url, `${path}${path.includes('?') ? '&' : '?'}x=${bad}`, { method: o.method.toUpperCase() });
        if (r.status !== 400) wrong.push(`${o.id} ?x=${bad}: ${r.status}`);
      }
    });
    expect(wrong).toEqual([]);
  });

  it('a path that matches no operation gets a 400 too, and Prism survives', async () => {
    for (const bad of BAD_ENCODINGS) {
      const r = await send(mock.url, `/nowhere/${bad}`);
      expect(r.status, bad).toBe(400);
    }
    expect((await send(mock.url, validRequest(ops.find((o) => o.id === 'listTrainingJobs')).path)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------
// Validation cost: ajv's all-errors mode was quadratic in the number of failing `$ref` array items.

/** Every array-typed property reachable through object properties of a schema: [{path: string[]}]. */
function arrayFields(schema, path = [], depth = 0, seen = new Set()) {
  const s = deref(spec, schema || {});
  if (!s || typeof s !== 'object' || depth > 6 || seen.has(s)) return [];
  const out = [];
  const parts = [s, ...(s.allOf || []).map((x) => deref(spec, x))];
  for (const part of parts) {
    for (const [name, prop] of Object.entries(part.properties || {})) {
      const p = deref(spec, prop);
      if (p.readOnly) continue;
      if (p.type === 'array') out.push({ path: [...path, name], items: deref(spec, p.items || {}) });
      else if (p.type === 'object' || p.properties) out.push(...arrayFields(p, [...path, name], depth + 1, new Set([...seen, s])));
    }
  }
  return out;
}

const setAt = (value, path, v) => {
  const root = structuredClone(value ?? {});
  let node = root;
  for (const k of path.slice(0, -1)) {
    if (!node[k] || typeof node[k] !== 'object' || Array.isArray(node[k])) node[k] = {};
    node = node[k];
  }
  node[path[path.length - 1]] = v;
  return root;
};

/** An item of the wrong JSON type for an array's items. */
const wrongItem = (items) => (items.type === 'object' || items.properties || items.allOf || items.type === undefined ? 7 : items.type === 'string' ? 7 : 'x');

describe('request validation stays linear', () => {
  const fields = ops.flatMap((o) => {
    const rb = requestBodyMedia(spec, o);
    if (!rb || !isJsonMediaType(rb.type) || !rb.media.schema) return [];
    return arrayFields(rb.media.schema).map((f) => ({ o, type: rb.type, ...f }));
  });
  const MAX_BODY = 10 * 1024 * 1024;
  // Unloaded, a 512 kB body is answered in ~30 ms and a 10 MB one in ~300 ms (parsing it is most of that).
  // The quadratic validation took 4 s at 78 kB and over 20 s at 200 kB; these bounds catch that with room
  // for a CI machine busy with other test files.
  const LIMIT_512K_MS = 1000;
  const LIMIT_10M_MS = 3000;

  it('the bundle has array fields in request bodies to try', () => {
    expect(fields.length).toBeGreaterThan(5);
  });

  const timed = async ({ o, type, path, items }, bytes) => {
    // Built as text: a placeholder in the example replaced by `[item,item,…]`.
    const item = JSON.stringify(wrongItem(items));
    const n = Math.floor(bytes / (item.length + 1));
    const body = JSON.stringify(setAt(requestExample(spec, o)?.value, path, '__ITEMS__')).replace('"__ITEMS__"', `[${`${item},`.repeat(n - 1)}${item}]`);
    const started = performance.now();
    const r = await send(mock.url, buildUrl(spec, o), { method: o.method.toUpperCase(), headers: { 'Content-Type': type, ...headerParameters(spec, o) }, body });
    return { ms: performance.now() - started, status: r.status, size: body.length };
  };

  it('every array field of every request body, filled with 512 kB of wrong-type items, is refused in well under a second', async () => {
    const slow = [];
    for (const f of fields) {
      const t = await timed(f, 512 * 1024);
      if (t.status !== 400 || t.ms > LIMIT_512K_MS) slow.push(`${f.o.id} ${f.path.join('.')}: ${t.status} in ${Math.round(t.ms)} ms (${t.size} bytes)`);
    }
    expect(slow).toEqual([]);
  });

  // Every array field is checked at 512 kB above; at the 10 MB limit the cost is the same linear path plus
  // parsing, so an evenly spread sample of operations (first and last included) keeps the run bounded as the
  // spec grows (300+ operations would send gigabytes).
  it('the first array field of a spread of operations, filled up to the 10 MB body limit, is refused in well under a second too', async () => {
    const slow = [];
    const all = [...new Map(fields.map((f) => [f.o.id, f])).values()];
    const step = Math.max(1, Math.ceil(all.length / 12));
    const firsts = all.filter((_, i) => i % step === 0 || i === all.length - 1);
    expect(firsts.length).toBeGreaterThan(Math.min(all.length, 10) - 1);
    for (const f of firsts) {
      const t = await timed(f, MAX_BODY - 64 * 1024);
      if (t.status !== 400 || t.ms > LIMIT_10M_MS) slow.push(`${f.o.id} ${f.path.join('.')}: ${t.status} in ${Math.round(t.ms)} ms (${t.size} bytes)`);
    }
    expect(slow).toEqual([]);
  });

  it('a big invalid body names its first problem and says the list stops there', async () => {
    const f = fields[0];
    const item = wrongItem(f.items);
    const body = JSON.stringify(setAt(requestExample(spec, f.o)?.value, f.path, Array.from({ length: 20000 }, () => item)));
    const r = await send(mock.url, buildUrl(spec, f.o), { method: f.o.method.toUpperCase(), headers: { 'Content-Type': f.type, ...headerParameters(spec, f.o) }, body });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.violations)[0].message).toMatch(/first problem only/);
  });
});

// ---------------------------------------------------------------------------------------------------
// --lenient: unknown body properties are reported, and the 2xx still comes.

// One more mock for both: lenient, and verifying signatures (token requests pass as usual).
const AK = 'AKROBUST';
const SK = 'robust-secret-key';
let lenient;
beforeAll(async () => { lenient = await startMock({ lenient: true, credentials: { [AK]: SK } }); });
afterAll(async () => { await lenient?.stop(); });

describe('startMock({lenient: true})', () => {
  const closed = ops.filter((o) => {
    const rb = requestBodyMedia(spec, o);
    const example = requestExample(spec, o);
    const s = rb?.media.schema && deref(spec, rb.media.schema);
    return example && s?.additionalProperties === false && example.value && typeof example.value === 'object' && !Array.isArray(example.value);
  });

  it('answers the 2xx with the unknown property listed as a warning, for every closed request body', async () => {
    expect(closed.length).toBeGreaterThan(0);
    const wrong = [];
    for (const o of closed) {
      const req = validRequest(o);
      const body = JSON.stringify({ ...JSON.parse(req.body), unknown_field_x: 1 });
      const r = await send(lenient.url, req.path, { method: req.method, headers: req.headers, body });
      const v = r.violations ? JSON.parse(r.violations) : [];
      if (!successStatuses(o).includes(String(r.status)) || !v.some((x) => x.severity === 'Warning' && x.code === 'additionalProperty' && /unknown_field_x/.test(x.message))) {
        wrong.push(`${o.id}: ${r.status} ${r.violations}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('still refuses other problems, and the default mock refuses unknown properties', async () => {
    const o = closed[0];
    const req = validRequest(o);
    const body = JSON.stringify({ ...JSON.parse(req.body), unknown_field_x: 1 });
    expect((await send(mock.url, req.path, { method: req.method, headers: req.headers, body })).status).toBe(400);
    expect((await send(lenient.url, req.path, { method: req.method, headers: req.headers, body: '{"unterminated' })).status).toBe(400);
  });
});

// ---------------------------------------------------------------------------------------------------
// --credentials: the signature covers the body, the date, and exactly the path the client sends.

describe('startMock({credentials}) cannot be fooled', () => {
  let verifying;
  beforeAll(() => { verifying = lenient; });

  const bodyOp = ops.find((o) => o.id === 'createTrainingJob');
  const signedSend = async (base, { method, path, headers = {}, body, sendBody = body, date, sk = SK, ak = AK, extra = {} }) => {
    const url = `${base}${path}`;
    const signed = await signRequest({ method, url, headers, body }, { ak, sk }, date);
    delete signed.host;
    const r = await fetch(url, { method, headers: { ...signed, ...extra }, body: sendBody });
    return { status: r.status, text: await r.text(), violations: r.headers.get('sl-violations') };
  };
  const createReq = () => {
    const req = validRequest(bodyOp);
    return { method: req.method, path: req.path, headers: { 'Content-Type': 'application/json' }, body: req.body };
  };
  const sha = (text) => crypto.createHash('sha256').update(text).digest('hex');

  it('a correct signature passes (control)', async () => {
    expect((await signedSend(verifying.url, createReq())).status).toBe(200);
  });

  it('a body swapped after signing is refused, whether X-Sdk-Content-Sha256 is signed, unsigned or absent', async () => {
    const req = createReq();
    const other = JSON.stringify({ ...JSON.parse(req.body), job_name: 'swapped' });
    // The header added after signing (unsigned), carrying the hash of the signed body.
    const unsigned = await signedSend(verifying.url, { ...req, sendBody: other, extra: { 'X-Sdk-Content-Sha256': sha(req.body) } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.violations).toMatch(/X-Sdk-Content-Sha256|signature/);
    // Signed with the header, then the body swapped.
    const signed = await signedSend(verifying.url, { ...req, headers: { ...req.headers, 'X-Sdk-Content-Sha256': sha(req.body) }, sendBody: other });
    expect(signed.status).toBe(401);
    expect(signed.violations).toMatch(/X-Sdk-Content-Sha256 is not the SHA-256 of the body/);
    expect((await signedSend(verifying.url, { ...req, sendBody: other })).status).toBe(401);
  });

  it('UNSIGNED-PAYLOAD, signed, leaves the body out of the signature (as the gateway)', async () => {
    const req = createReq();
    const other = JSON.stringify({ ...JSON.parse(req.body), job_name: 'other' });
    expect((await signedSend(verifying.url, { ...req, headers: { ...req.headers, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, sendBody: other })).status).toBe(200);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('Access=%s is an unknown access key (401, not 500)', async (ak) => {
    const r = await signedSend(verifying.url, { ...createReq(), ak });
    expect(r.status).toBe(401);
    expect(r.violations).toMatch(/unknown access key/);
  });

  it('X-Sdk-Date must be within 15 minutes by default, and within --max-clock-skew when given', async () => {
    const at = (minutes) => new Date(Date.now() + minutes * 60_000);
    for (const [minutes, status] of [[-16, 401], [16, 401], [-14, 200], [14, 200], [-60 * 24 * 365, 401]]) {
      expect((await signedSend(verifying.url, { ...createReq(), date: at(minutes) })).status, `${minutes} min`).toBe(status);
    }
    // maxClockSkewMs (--max-clock-skew) narrows the window.
    const req = { method: 'GET', headers: { 'x-sdk-date': '' } };
    const base = { req, url: new URL('http://x/'), body: Buffer.alloc(0), access: AK, signedHeaders: ['host'], signature: '0'.repeat(64), credentials: new Map([[AK, SK]]), maxClockSkewMs: 60_000 };
    const sdk = (d) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(signatureProblem({ ...base, date: sdk(at(-2)) })).toMatch(/more than 60 s away/);
    expect(signatureProblem({ ...base, date: sdk(at(-0.5)) })).toBe('signature does not match');
  });

  it('an X-Sdk-Date that is no real date is refused', async () => {
    const req = createReq();
    const r = await signedSend(verifying.url, { ...req, headers: { ...req.headers, 'X-Sdk-Date': '20261332T250000Z' } });
    expect(r.status).toBe(401);
  });

  // What generated code puts in a path: encodeURIComponent of the value. Every awkward character class.
  const AWKWARD = ['a b', 'a/b', 'a?b', 'a#b', "a'b", 'a\\b', 'a%b', 'a%2Fb', '项目', '!*()+', 'a"<>`^{|}', 'a\tb;=@:'];

  it(`agrees with the client's signRequest on every path parameter of every operation with ${AWKWARD.length} awkward values`, async () => {
    const { createConfiguration } = await import('@modelarts-openapi/client');
    const configuration = createConfiguration({ endpoint: verifying.url, credentials: { ak: AK, sk: SK }, retry: false, env: false });
    const wrongKey = createConfiguration({ endpoint: verifying.url, credentials: { ak: AK, sk: 'wrong' }, retry: false, env: false });
    const cases = withPathParams.flatMap((o) => o.parameters.filter((p) => p.in === 'path').flatMap((p) => AWKWARD.map((value) => ({ o, p, value }))));
    const refused = [];
    await pool(cases, 16, async ({ o, p, value }) => {
      const path = buildUrl(spec, o, { [p.name]: value });
      const init = { method: o.method.toUpperCase(), headers: { ...headerParameters(spec, o) } };
      const ok = await configuration.fetchApi(`${verifying.url}${path}`, init);
      if (ok.status === 401) refused.push(`${o.id} ${p.name}=${JSON.stringify(value)}: ${ok.status} ${ok.headers.get('sl-violations')?.slice(0, 160)}`);
    });
    // Control: with a wrong key each of these routes refuses, so they really check signatures.
    await pool(withPathParams, 16, async (o) => {
      const bad = await wrongKey.fetchApi(`${verifying.url}${buildUrl(spec, o, Object.fromEntries(o.parameters.filter((p) => p.in === 'path').map((p) => [p.name, AWKWARD[0]])))}`, { method: o.method.toUpperCase(), headers: { ...headerParameters(spec, o) } });
      if (bad.status !== 401) refused.push(`${o.id}: a wrong key got ${bad.status}`);
    });
    expect(refused).toEqual([]);
  });

  it('agrees with the client on the signer cases (2500 generated requests, as fetch puts them on the wire)', async () => {
    const credentials = new Map();
    const mismatches = [];
    let checked = 0;
    for (let i = 0; i < 2500; i++) {
      const c = makeCase(20240917, i);
      const wire = new URL(c.url);
      // What the client refuses or the mock answers 400 before any signature check.
      if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(c.path ?? wire.pathname) || /%(?![0-9A-Fa-f]{2})/.test(c.url)) continue;
      try { decodeURIComponent(wire.pathname); decodeURIComponent(wire.search); } catch { continue; }
      // Lone surrogates: generated code's encodeURIComponent throws on them, so no client sends one.
      try { encodeURIComponent(c.url); } catch { continue; }
      // Raw tabs and newlines: the WHATWG URL parser deletes them; generated code sends %09 / %0A.
      if (/[\t\n\r]/.test(c.url)) continue;
      // Header values HTTP cannot carry as given (Node trims surrounding whitespace; fetch refuses non-Latin-1).
      if (Object.values(c.headers).some((v) => v !== v.trim() || /[^\x20-\x7e]/.test(v))) continue;
      const headers = await signRequest({ method: c.method, url: signingUrl(c.url), headers: { ...c.headers }, body: c.body }, c.credentials, c.date);
      credentials.set(c.credentials.ak, c.credentials.sk);
      const received = {};
      for (const [k, v] of Object.entries(headers)) received[k.toLowerCase()] = String(v).trim();
      const m = /Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})/.exec(headers.Authorization);
      const why = signatureProblem({
        req: { method: /^(delete|get|head|options|post|put)$/i.test(c.method) ? c.method.toUpperCase() : c.method, url: wire.pathname + wire.search, headers: received },
        url: wire, rawPath: wire.pathname, rawQuery: wire.search.slice(1),
        body: c.body === undefined ? Buffer.alloc(0) : Buffer.from(c.body),
        access: m[1], signedHeaders: m[2].split(';'), date: received['x-sdk-date'], signature: m[3], credentials, now: c.date.getTime(),
      });
      checked++;
      if (why) mismatches.push(`${c.method} ${c.url}: ${why}`);
    }
    expect(checked).toBeGreaterThan(1000);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});

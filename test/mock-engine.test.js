// The compiled engine's own behaviour: explained 400s in each documented error format, literal path
// segments winning over templated ones, and faults on purpose (seeded, with Retry-After). Run on the
// engine alone (createFront without Prism: every request here is answered by the engine).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFront } from '@modelarts-openapi/mock/front';
import { parseFaults, parseLatency } from '@modelarts-openapi/mock/faults';
import { compileRoutes, matchRoute } from '@modelarts-openapi/mock/routes';
import { deref, isJsonMediaType, loadSpec, operations } from '@modelarts-openapi/spec';
import { buildUrl, headerParameters, requestBodyMedia, requestExample, TOKEN } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
const servers = [];
async function engine(settings = {}) {
  const front = createFront(spec, { upstream: 'http://127.0.0.1:9', ...settings });
  servers.push(front);
  await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
  await front.warmed;
  return `http://127.0.0.1:${front.address().port}`;
}
afterAll(async () => { await Promise.all(servers.map((s) => new Promise((resolve) => { s.closeAllConnections(); s.close(resolve); }))); });

let url;
beforeAll(async () => { url = await engine(); });

function request(o, { body, headers = {} } = {}) {
  const rb = requestBodyMedia(spec, o);
  const ex = requestExample(spec, o);
  const h = { ...headerParameters(spec, o), 'X-Auth-Token': TOKEN, ...headers };
  const payload = body !== undefined ? JSON.stringify(body) : ex ? JSON.stringify(ex.value) : undefined;
  if (payload !== undefined) h['Content-Type'] = rb?.type ?? 'application/json';
  return fetch(`${url}${buildUrl(spec, o)}`, { method: o.method.toUpperCase(), headers: h, body: payload }).then(async (r) => ({ status: r.status, headers: r.headers, json: await r.json().catch(() => undefined) }));
}

describe('400s explain themselves, in the documented format', () => {
  it('createTrainingJob (legacy v1) without config: ModelArts.0104 and "body.config: required"', async () => {
    const o = ops.find((x) => x.id === 'createTrainingJob');
    const body = structuredClone(requestExample(spec, o).value);
    delete body.config;
    const r = await request(o, { body });
    expect(r.status).toBe(400);
    expect(r.json).toEqual(expect.objectContaining({ is_success: false, error_code: 'ModelArts.0104', error_message: 'body.config: required' }));
    // The canned sample is still there on request.
    const media = Object.values(deref(spec, o.op.responses['400']).content)[0];
    const names = Object.keys(media.examples);
    const named = await request(o, { body, headers: { Prefer: `example=${names[0]}` } });
    expect(named.status).toBe(400);
    expect(named.json).toEqual(deref(spec, media.examples[names[0]]).value);
  });

  it('every operation: a refused body names its location and rule in the operation\'s own error format', async () => {
    const wrong = [];
    let checked = 0;
    for (const o of ops) {
      const rb = requestBodyMedia(spec, o);
      if (!rb || !isJsonMediaType(rb.type) || !requestExample(spec, o)) continue;
      const r = await request(o, { body: 'not an object but a string' });
      if (r.status !== 400) continue; // a body schema that takes a string
      checked++;
      const media = Object.values(deref(spec, o.op.responses['400']).content)[0];
      const sample = deref(spec, Object.values(media.examples)[0]).value;
      const keys = Object.keys(sample).sort().join(',');
      const message = r.json?.error_msg ?? r.json?.error_message ?? r.json?.error?.message;
      if (Object.keys(r.json ?? {}).sort().join(',') !== keys) wrong.push(`${o.id}: keys ${Object.keys(r.json ?? {})} instead of ${keys}`);
      else if (!/^body: /.test(message)) wrong.push(`${o.id}: message "${message}"`);
      else if (r.json.error_code !== undefined && r.json.error_code !== 'ModelArts.0104') wrong.push(`${o.id}: code ${r.json.error_code}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('a query parameter out of range is named with its rule', async () => {
    const o = ops.find((x) => x.id === 'listTrainingJobs');
    const limited = o.parameters.find((p) => p.in === 'query' && deref(spec, p.schema || {}).maximum !== undefined);
    expect(limited).toBeDefined();
    const max = deref(spec, limited.schema).maximum;
    const r = await fetch(`${url}${buildUrl(spec, o, { [limited.name]: String(max + 1) })}`, { headers: { 'X-Auth-Token': TOKEN } });
    expect(r.status).toBe(400);
    expect((await r.json()).error_message).toBe(`query.${limited.name}: must be <= ${max}`);
  });
});

describe('routes', () => {
  it('literal segments win over templated ones', () => {
    const routes = compileRoutes(spec);
    const images = ops.find((o) => o.path.endsWith('/dev-servers/images/{id}') && o.method === 'get');
    const stop = ops.find((o) => o.path.endsWith('/dev-servers/{id}/stop'));
    expect(images && stop).toBeTruthy();
    expect(matchRoute(routes, 'GET', '/v1/p/dev-servers/images/x').operation.id).toBe(images.id);
    expect(matchRoute(routes, stop.method, '/v1/p/dev-servers/images/stop').operation.id).toBe(stop.id);
    expect(matchRoute(routes, 'GET', '/v1/p/dev-servers/images/x').params).toEqual({ project_id: 'p', id: 'x' });
    expect(matchRoute(routes, 'GET', '/nowhere')).toEqual({ operation: undefined, pathMatched: false });
  });
});

describe('faults on purpose', () => {
  it('the same seed gives the same faults, each 429/503 with Retry-After', async () => {
    const settings = { faults: '429=20%,503=10%', seed: 42, retryAfter: 2 };
    const [a, b] = [await engine(settings), await engine(settings)];
    const o = ops.find((x) => x.id === 'listTrainingJobs');
    const run = async (base) => {
      const out = [];
      for (let i = 0; i < 60; i++) {
        const r = await fetch(`${base}${buildUrl(spec, o)}`, { headers: { 'X-Auth-Token': TOKEN } });
        await r.text();
        if (r.status === 429 || r.status === 503) expect(r.headers.get('retry-after')).toBe('2');
        out.push(r.status);
      }
      return out;
    };
    const [x, y] = [await run(a), await run(b)];
    expect(x).toEqual(y);
    expect(x).toContain(429);
    expect(x).toContain(503);
    expect(x).toContain(200);
  });

  it('settings are checked, with the reason', () => {
    expect(parseFaults('429=5%,503=1%,reset=0.5%')).toEqual([{ status: 429, rate: 0.05 }, { status: 503, rate: 0.01 }, { status: 'reset', rate: 0.005 }]);
    expect(() => parseFaults('429=5')).toThrow(/not <status>=<percent>%/);
    expect(() => parseFaults('429=80%,503=30%')).toThrow(/add up to 110%/);
    expect(parseLatency('20-200')).toEqual({ min: 20, max: 200 });
    expect(() => parseLatency('200-20')).toThrow(/20 < 200|200/);
  });
});

describe('createFront needs to know where Prism is', () => {
  it('refuses to be built with neither `upstream` nor `ready`, naming both', () => {
    expect(() => createFront(spec, {})).toThrow(/`upstream`.*`ready`/);
  });

  it('forwards to the URL `ready` resolves with (a Prism started on demand)', async () => {
    const prism = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"from":"prism"}'); });
    await new Promise((resolve) => prism.listen(0, '127.0.0.1', resolve));
    try {
      const base = await engine({ upstream: undefined, ready: async () => `http://127.0.0.1:${prism.address().port}` });
      const o = ops.find((x) => x.id === 'listTrainingJobs');
      const r = await fetch(`${base}${buildUrl(spec, o)}`, { headers: { ...headerParameters(spec, o), 'X-Auth-Token': TOKEN, Prefer: 'dynamic=true' } });
      expect(await r.json()).toEqual({ from: 'prism' });
    } finally {
      prism.close();
    }
  });
});

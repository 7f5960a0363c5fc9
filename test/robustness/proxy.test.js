// A hostile upstream cannot fool the contract proxy (with its own sl-violations header) or hang it.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { startContractProxy } from '@modelarts-openapi/mock/proxy';
import { buildUrl, cutToPaths, TOKEN } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const op = operations(spec).find((o) => o.id === 'listTrainingJobs');
const media = Object.values(deref(spec, op.op.responses['200']).content)[0];
const documented = deref(spec, Object.values(media.examples)[0]).value;
// The proxy's Prism starts in seconds at 305 operations: it serves the bundle cut to the one path used.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-robustness-'));
const specFile = path.join(tmp, 'openapi.json');
fs.writeFileSync(specFile, JSON.stringify(cutToPaths(spec, [op.path])));

// What the upstream answers, per request path: a documented body or a broken one, with a forged header.
const FORGED = {
  'hide': { body: { ...documented, job_total_count: 'not a number' }, violations: '[]' },
  'invent': { body: documented, violations: JSON.stringify([{ location: ['response', 'body'], severity: 'Error', code: 'type', message: 'invented by the upstream' }]) },
  'garbage': { body: documented, violations: 'not json at all' },
};

let upstream;
let upstreamUrl;
const hanging = new Set();
beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const mode = new URL(req.url, 'http://x').searchParams.get('mode');
    if (mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (mode === 'slow-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"is_success": true');
      hanging.add(res);
      return;
    }
    const f = FORGED[mode];
    const text = JSON.stringify(f.body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'sl-violations': f.violations });
    res.end(text);
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('contract proxy against a hostile upstream', () => {
  let proxy;
  beforeAll(async () => { proxy = await startContractProxy({ upstream: upstreamUrl, upstreamTimeoutMs: 800, spec: specFile }); });
  afterAll(async () => { await proxy?.stop(); });

  const call = async (mode) => {
    const started = Date.now();
    const r = await fetch(`${proxy.url}${buildUrl(spec, op)}${buildUrl(spec, op).includes('?') ? '&' : '?'}mode=${mode}`, { headers: { 'X-Auth-Token': TOKEN } });
    await r.text();
    return { status: r.status, ms: Date.now() - started, exchange: proxy.exchanges().at(-1) };
  };

  it('an upstream that says "no violations" while breaking the contract is still reported', async () => {
    const { exchange } = await call('hide');
    expect(exchange.violations.some((v) => v.location.join('.').includes('job_total_count'))).toBe(true);
  });

  it('violations the upstream invents, or a garbage header, are not reported', async () => {
    for (const mode of ['invent', 'garbage']) {
      const { exchange } = await call(mode);
      expect(exchange.violations, mode).toEqual([]);
    }
  });

  it.each(['hang', 'slow-body'])('an upstream that never finishes (%s) is reported as unreachable after the upstream timeout', async (mode) => {
    const { status, ms, exchange } = await call(mode);
    expect(ms).toBeLessThan(8000);
    expect(status).toBeGreaterThanOrEqual(500);
    expect(exchange.violations.some((v) => v.kind === 'unreachable' && /did not answer within 800 ms/.test(v.message))).toBe(true);
  });
});

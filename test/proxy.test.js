// Contract proxy (`npm run proxy -- --upstream <url>`): Prism as a validating proxy in front of a small
// local "implementation" that answers listTrainingJobs correctly and createTrainingJob with one field of
// the wrong type. The violation is reported (per exchange, with our taxonomy), the correct exchange is
// not, clients still get the upstream's answers (unless --strict), and the CLI exits 1 with a report.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@modelarts-openapi/mock';
import { startContractProxy } from '@modelarts-openapi/mock/proxy';
import { createValidator, deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { binPath, buildUrl, cutToPaths, requestExample, TOKEN } from '@modelarts-openapi/testkit';
import { bodyMutations } from '@modelarts-openapi/testkit/mutations';

const cli = binPath('@modelarts-openapi/mock', 'modelarts-contract-proxy');
const spec = loadSpec();
const validator = createValidator(spec);
const list = operations(spec).find((o) => o.id === 'listTrainingJobs');
const create = operations(spec).find((o) => o.id === 'createTrainingJob');
const media = (o, status) => Object.values(deref(spec, o.op.responses[status]).content)[0];
const firstValue = (o, status) => deref(spec, Object.values(media(o, status).examples)[0]).value;

const listBody = firstValue(list, '200');
// The documented createTrainingJob answer with one top-level field of the wrong type.
const createMedia = media(create, '200');
const wrong = bodyMutations(spec, createMedia.schema, firstValue(create, '200')).find((m) => m.kind === 'wrongType' && /^\/[^/]+$/.test(m.pointer)
  && validator.validate(createMedia.schema, m.body, 'response').some((p) => p.kind === 'type' && p.pointer === m.pointer));
const wrongField = wrong?.pointer.slice(1);

let upstream;
let upstreamUrl;
const seen = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-test-'));
// Every proxy below starts a Prism, whose start-up grows with the spec (seconds at 305 operations): they
// serve the bundle cut to the one path both operations share.
const specFile = path.join(tmp, 'openapi.json');
fs.writeFileSync(specFile, JSON.stringify(cutToPaths(spec, [list.path])));
beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url.includes('status=418')) { res.statusCode = 418; return res.end('{}'); }
      res.end(JSON.stringify(req.method === 'GET' ? listBody : wrong.body));
    });
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

const listUrl = buildUrl(spec, list);
const createUrl = buildUrl(spec, create);
const createBody = JSON.stringify(requestExample(spec, create).value);
const auth = { 'X-Auth-Token': TOKEN };
async function call(proxy, method, url, body) {
  const r = await fetch(`${proxy.url}${url}`, { method, headers: { ...auth, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body });
  return { status: r.status, json: await r.json().catch(() => undefined), violations: r.headers.get('sl-violations') };
}

it('the test upstream breaks one field of the documented answer', () => {
  expect(wrong, 'no top-level field of the createTrainingJob 200 example can be given a wrong type').toBeDefined();
});

describe('the contract proxy (pass-through)', () => {
  let proxy;
  beforeAll(async () => { proxy = await startContractProxy({ upstream: upstreamUrl, spec: specFile }); });
  afterAll(async () => { await proxy?.stop(); });

  it('reports the wrongly typed field and nothing for the correct operation', async () => {
    const ok = await call(proxy, 'GET', listUrl);
    const bad = await call(proxy, 'POST', createUrl, createBody);
    // Clients see the upstream's answers unchanged.
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual(listBody);
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual(wrong.body);
    expect(ok.violations).toBeNull();
    expect(JSON.parse(bad.violations)).toContainEqual(expect.objectContaining({ location: ['response', 'body', wrongField], code: 'type' }));

    const [listed, created] = proxy.exchanges().slice(-2);
    expect(listed).toEqual(expect.objectContaining({ operation: 'listTrainingJobs', status: 200, violations: [] }));
    expect(created.operation).toBe('createTrainingJob');
    expect(created.violations).toContainEqual(expect.objectContaining({ direction: 'response', location: ['response', 'body', wrongField], kind: 'type', severity: 'Error' }));
    expect(created.violations.every((v) => v.direction === 'response')).toBe(true);

    const report = proxy.report();
    expect(report.byOperation.listTrainingJobs).toEqual(expect.objectContaining({ violating: 0 }));
    expect(report.byOperation.createTrainingJob).toEqual(expect.objectContaining({ violating: 1 }));
  });

  it('reports request violations too, still forwarding the request', async () => {
    const before = seen.length;
    const bad = await call(proxy, 'POST', createUrl, JSON.stringify({ job_name: 'x' }));
    expect(seen.length).toBe(before + 1);
    expect(bad.status).toBe(200);
    expect(proxy.exchanges().at(-1).violations).toContainEqual(expect.objectContaining({ direction: 'request', kind: 'required' }));
  });

  it('reports a status the operation does not declare as an error (Prism only warns)', async () => {
    await call(proxy, 'GET', buildUrl(spec, list, { status: '418' }));
    expect(proxy.exchanges().at(-1).violations).toContainEqual(expect.objectContaining({ kind: 'undeclaredStatus', severity: 'Error', prismSeverity: 'Warning' }));
  });
});

describe('the contract proxy (--strict)', () => {
  let proxy;
  beforeAll(async () => { proxy = await startContractProxy({ upstream: upstreamUrl, strict: true, spec: specFile }); });
  afterAll(async () => { await proxy?.stop(); });

  it('replaces a violating answer by a 500 problem and refuses invalid requests with 422', async () => {
    expect((await call(proxy, 'GET', listUrl)).status).toBe(200);
    const bad = await call(proxy, 'POST', createUrl, createBody);
    expect(bad.status).toBe(500);
    expect(bad.json.validation).toContainEqual(expect.objectContaining({ location: ['response', 'body', wrongField] }));
    const before = seen.length;
    const invalid = await call(proxy, 'POST', createUrl, JSON.stringify({ job_name: 'x' }));
    expect(invalid.status).toBe(422);
    expect(seen.length).toBe(before);
    expect(proxy.exchanges().at(-1).violations).toContainEqual(expect.objectContaining({ direction: 'request', kind: 'required' }));
  });
});

describe('npm run proxy -- --upstream <url> --run <command>', () => {
  const client = (calls) => {
    const file = path.join(tmp, `client-${calls.length}.mjs`);
    fs.writeFileSync(file, `for (const [method, url, body] of ${JSON.stringify(calls)}) {
  const r = await fetch(process.env.MODELARTS_ENDPOINT + url, { method, headers: ${JSON.stringify({ ...auth, 'Content-Type': 'application/json' })}, body });
  await r.text();
}\n`);
    return file;
  };
  // Asynchronous: the upstream runs in this process and must keep answering while the CLI runs.
  const runCli = (file, report) => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--upstream', upstreamUrl, '--spec', specFile, '--port', '0', '--quiet', '--report', report, '--run', `"${process.execPath}" "${file}"`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`proxy CLI timed out:\n${stdout}${stderr}`)); }, 60_000);
    child.on('exit', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });

  it('prints the violation, writes the report and exits 1', async () => {
    const report = path.join(tmp, 'report.json');
    const r = await runCli(client([['GET', listUrl], ['POST', createUrl, createBody]]), report);
    expect(r.status, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^VIOLATION POST ${createUrl.replace(/[?{}.]/g, '\\$&')} \\(createTrainingJob\\) -> 200\\n {4}response\\.body\\.${wrongField} {2}type: `, 'm'));
    expect(r.stdout).not.toMatch(/listTrainingJobs\) ->/);
    expect(r.stdout).toMatch(/^contract proxy: 2 exchange\(s\) with .*, 1 violating the spec$/m);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(json).toEqual(expect.objectContaining({ exchanges: 2, violating: 1 }));
    expect(json.violations).toEqual([expect.objectContaining({ operation: 'createTrainingJob' })]);
  });

  it('exits 0 when every exchange conforms', async () => {
    const r = await runCli(client([['GET', listUrl]]), path.join(tmp, 'clean.json'));
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/1 exchange\(s\) with .*, 0 violating/);
  });

  it('reports an unreachable upstream', async () => {
    const proxy = await startContractProxy({ upstream: `http://127.0.0.1:${await freePort()}`, spec: specFile });
    try {
      await call(proxy, 'GET', listUrl);
      expect(proxy.exchanges()[0].violations).toContainEqual(expect.objectContaining({ kind: 'unreachable', severity: 'Error' }));
    } finally {
      await proxy.stop();
    }
  });
});

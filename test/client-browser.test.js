// The client in a real browser (headless Chromium): bundled for the browser by esbuild (no Node
// built-ins), it signs with WebCrypto, byte-identical to the vendor's signer, and calls the Prism mock
// across origins with AK/SK signing and typed errors.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { startMock } from '@modelarts-openapi/mock';
import { makeCase, vendorRequest } from '@modelarts-openapi/testkit/signer-cases';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

async function launchBrowser() {
  let chromium;
  let pw;
  try {
    chromium = (await import('@sparticuz/chromium')).default;
    pw = (await import('playwright-core')).chromium;
  } catch (e) {
    throw new Error(`headless Chromium is missing: install the root devDependencies @sparticuz/chromium@143.0.4 and playwright-core@1.65.1 (npm install) — ${e.message}`);
  }
  return pw.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
}

let browser;
let page;
let mock;
let site;
const sockets = new Set();

beforeAll(async () => {
  // The browser bundle: what a web app using the client would ship.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-browser-'));
  const entry = path.join(dir, 'entry.mjs');
  fs.writeFileSync(entry, "import * as client from '@modelarts-openapi/client';\nwindow.ModelArts = client;\n");
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, absWorkingDir: here, nodePaths: [path.join(here, 'node_modules'), path.join(here, '..', 'node_modules')], logLevel: 'silent' });
  const bundle = built.outputFiles[0].text;
  fs.rmSync(dir, { recursive: true, force: true });

  // Served from 127.0.0.1, which is a secure context (WebCrypto needs one).
  site = http.createServer((req, res) => {
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      return res.end(bundle);
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>client</title><script type="module" src="/bundle.js"></script>');
  });
  site.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  mock = await startMock();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${site.address().port}/`);
  await page.waitForFunction(() => window.ModelArts !== undefined, undefined, { timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await mock?.stop();
  for (const s of sockets) s.destroy();
  if (site) await new Promise((resolve) => site.close(resolve));
});

describe('the client in headless Chromium', () => {
  it('runs without node:crypto and signs with WebCrypto', async () => {
    const env = await page.evaluate(async () => ({
      secure: window.isSecureContext,
      process: typeof globalThis.process,
      nodeBackend: window.ModelArts.nodeCryptoBackend() === undefined,
      webBackend: window.ModelArts.webCryptoBackend()?.name,
    }));
    expect(env).toEqual({ secure: true, process: 'undefined', nodeBackend: true, webBackend: 'webcrypto' });
  });

  it('gives the vendor signer’s Authorization on 400 generated cases', async () => {
    // Lone surrogates do not survive the trip to the page; Node covers them.
    const cases = Array.from({ length: 700 }, (_, i) => makeCase(77, i))
      .filter((c) => !LONE_SURROGATE.test(c.url + (c.body ?? '') + JSON.stringify(Object.entries(c.headers))))
      .slice(0, 400);
    expect(cases.length).toBe(400);
    const inPage = cases.map((c) => ({ method: c.method, url: c.url, headers: c.headers, body: c.body, credentials: c.credentials, date: c.date.getTime() }));
    const got = await page.evaluate(async (list) => {
      const out = [];
      for (const c of list) out.push((await window.ModelArts.signRequest({ method: c.method, url: c.url, headers: c.headers, body: c.body }, c.credentials, new Date(c.date))).Authorization);
      return out;
    }, inPage);
    const expected = cases.map((c) => AKSKSigner.sign(vendorRequest(c), { getAk: () => c.credentials.ak, getSk: () => c.credentials.sk }).Authorization);
    expect(got).toEqual(expected);
  });

  it('calls the mock across origins with AK/SK, and throws ModelArtsApiError without credentials', async () => {
    const result = await page.evaluate(async (endpoint) => {
      const { createClient, ModelArtsApiError } = window.ModelArts;
      const signed = createClient({ endpoint, credentials: { ak: 'HPUABROWSERACCESSKEY', sk: 'browserSecretKey0123456789abcdefghijklm' }, projectId: '2ac3f11b4f47402b8d6e7fc6f7a1b2c3', retry: false });
      const page = await signed.trainingJobsV1.listTrainingJobs({ perPage: 10 });
      const anonymous = createClient({ endpoint, projectId: '2ac3f11b4f47402b8d6e7fc6f7a1b2c3', retry: false });
      const err = await anonymous.trainingJobsV1.listTrainingJobs().catch((e) => e);
      return { isSuccess: page.is_success, typed: err instanceof ModelArtsApiError, status: err.status, operationId: err.operationId };
    }, mock.url);
    expect(result).toEqual({ isSuccess: true, typed: true, status: 401, operationId: 'listTrainingJobs' });
  });
});

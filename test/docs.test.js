// The API docs (packages/docs/dist): self-contained, every operation reachable, examples and code samples
// shown, proven in headless Chromium with every request to another host blocked (an air-gapped intranet).
// The code samples are also checked against the generated clients: the TypeScript ones type-check against
// @modelarts-openapi/client, the Python ones name classes, methods and parameters the python generator
// writes, and both (plus curl) are run against the mock.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonMediaType, loadSpec, operations } from '@modelarts-openapi/spec';
import { codeSamples, describeOperation, docsSpec, externalLoads, serveDocs } from '@modelarts-openapi/docs';
import { languages, outputDir } from '@modelarts-openapi/generators';
import { startMock } from '@modelarts-openapi/mock';
import { launchChromium, offlinePage } from '@modelarts-openapi/testkit/browser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const docsDist = path.join(root, 'packages/docs/dist');
const artifacts = path.join(root, 'test/artifacts');
const BUILD_HINT = 'run "npx turbo run build --filter=@modelarts-openapi/docs" (or `npm run build -w @modelarts-openapi/docs`)';

const spec = loadSpec();
const ops = operations(spec);
const TARGET = 'createTrainingJob';

function builtDocs() {
  const html = path.join(docsDist, 'index.html');
  const json = path.join(docsDist, 'openapi.json');
  if (!fs.existsSync(html) || !fs.existsSync(json)) throw new Error(`packages/docs/dist is missing: ${BUILD_HINT}`);
  return { html: fs.readFileSync(html, 'utf8'), doc: JSON.parse(fs.readFileSync(json, 'utf8')) };
}

describe('docs build output', () => {
  const { html, doc } = builtDocs();

  it('was built from the current bundle (the bundle plus generated samples and console links, nothing else)', () => {
    const built = operations(doc).map((o) => o.id).sort();
    expect(built, `packages/docs/dist is stale: ${BUILD_HINT}`).toEqual(ops.map((o) => o.id).sort());
    const same = JSON.stringify(doc) === JSON.stringify(docsSpec(spec));
    expect(same, `packages/docs/dist/openapi.json differs from the bundle + samples: ${BUILD_HINT}`).toBe(true);
  });

  it('its external-load check catches CDN scripts, styles, fonts and images', () => {
    const page = [
      '<link rel="modulepreload" href="https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js">',
      '<script type="module">import { hydrate } from "https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js";</script>',
      '<link href="https://fonts.googleapis.com/css?family=Roboto" rel="stylesheet">',
      '<style>@font-face{src:url(https://fonts.gstatic.com/x.woff2)}</style>',
      '<script>h("img",{src:"https://example.com/logo.svg"})</script>',
      '<a href="https://example.com/terms">terms</a>',
    ].join('\n');
    const found = externalLoads(page).join('\n');
    for (const url of ['redoc.standalone.js', 'fonts.googleapis.com/css', 'fonts.gstatic.com/x.woff2', 'example.com/logo.svg']) expect(found).toContain(url);
    expect(found).not.toContain('example.com/terms');
  });

  it('loads nothing from another host (no CDN script, style, font or image)', () => {
    expect(externalLoads(html)).toEqual([]);
    expect(html).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.redoc|cdn\.redocly|unpkg\.com|jsdelivr/);
    expect(html).toMatch(/"disableTelemetry":true/);
  });

  it('gives every operation curl, TypeScript and Python samples built from its examples', () => {
    for (const o of operations(doc)) {
      const samples = o.op['x-codeSamples'];
      expect(samples?.map((s) => s.label), o.id).toEqual(['curl', 'TypeScript', 'Python']);
      const d = describeOperation(doc, o);
      const [curl, ts, py] = samples.map((s) => s.source);
      expect(curl, o.id).toMatch(new RegExp(`^curl -X ${o.method.toUpperCase()} '`));
      expect(ts, o.id).toContain(`from '@modelarts-openapi/client'`);
      expect(ts, o.id).toContain(`client.${d.ts.clientKey}.${d.ts.method}(`);
      expect(py, o.id).toContain('import modelarts_client');
      expect(py, o.id).toContain(`modelarts_client.${d.py.apiClass}(api_client)`);
      expect(py, o.id).toContain(`api.${d.py.method}(`);
      // the request example is the first named example of the body, verbatim
      if (d.body?.exampleName && isJsonMediaType(d.body.mediaType)) {
        expect(curl, o.id).toContain(JSON.stringify(d.body.value, null, 2).replace(/'/g, `'\\''`));
      }
    }
  });
});

describe('docs in headless Chromium, offline', () => {
  let server;
  let browser;
  let page;
  let log;
  let context;

  beforeAll(async () => {
    builtDocs();
    server = await serveDocs({ port: 0, host: '127.0.0.1' });
    ({ browser } = await launchChromium());
    ({ page, log, context } = await offlinePage(browser, server.url));
    await page.goto(server.url, { waitUntil: 'load' });
    await waitForHydration(page);
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
  });

  it('renders the overview and the side menu', async () => {
    await expect(page.title()).resolves.toBe(spec.info.title);
    expect(await page.locator('h1').first().textContent()).toContain(spec.info.title);
    expect(await page.locator('[data-component-name="Menu/Menu"]').count()).toBeGreaterThan(0);
  });

  it('finds an operation by its path in the search', async () => {
    // on the page as loaded (the side-menu test, which opens every group, runs later)
    const target = ops.find((o) => o.id === TARGET);
    await page.locator('[data-testid="search-trigger"]').click();
    const input = page.locator('input[placeholder^="Search"]');
    await input.waitFor({ state: 'visible' });
    await input.fill(target.path);
    const hit = page.locator(`[data-component-name="Search/SearchItem"][href$="/${TARGET.toLowerCase()}"]`);
    await hit.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await hit.textContent();
    expect(text).toContain(target.path);
    expect(text).toContain(target.op.summary);
    expect(text.toUpperCase()).toContain(target.method.toUpperCase());
    await hit.click();
    await page.locator(`[data-section-id$="/${TARGET.toLowerCase()}"] h2`).first().waitFor({ state: 'visible', timeout: 10_000 });
    expect(page.url().toLowerCase()).toContain(`/${TARGET.toLowerCase()}`);
  });

  it(`shows ${TARGET}'s request example, response example and code samples`, async () => {
    const target = ops.find((o) => o.id === TARGET);
    const d = describeOperation(spec, target);
    const section = page.locator(`[data-section-id$="/${TARGET.toLowerCase()}"]`);
    await section.locator('h2').first().waitFor({ state: 'visible', timeout: 10_000 });
    const code = section.locator('[data-testid="right-panel"] pre[data-testid="source-code"]');
    const langButton = section.locator('[data-testid="right-panel"] button[aria-haspopup="menu"]').filter({ hasText: /^(curl|TypeScript|Python|Payload)$/ });
    const choose = async (lang) => {
      await langButton.click();
      await page.locator('[role="menuitem"]:visible').filter({ hasText: new RegExp(`^${lang}$`) }).click();
      await expect.poll(() => langButton.textContent()).toBe(lang);
    };

    // default language: curl, carrying the first request example
    await code.first().waitFor({ state: 'visible' });
    expect(await code.first().textContent()).toContain(`curl -X POST`);

    // request example (Payload view) — the operation's first named example, rendered
    await choose('Payload');
    const payload = await code.first().textContent();
    const reqValue = d.body.value;
    expect(JSON.parse(payload)).toEqual(reqValue);
    expect(await code.first().isVisible()).toBe(true);

    await choose('TypeScript');
    expect(await code.first().textContent()).toContain(`client.${d.ts.clientKey}.${d.ts.method}({`);
    await choose('Python');
    expect(await code.first().textContent()).toContain(`modelarts_client.${d.py.apiClass}(api_client)`);
    await choose('curl');

    // response example of the 2xx response
    const [status, response] = Object.entries(target.op.responses).find(([c]) => /^2/.test(c));
    const media = Object.values(response.content)[0];
    const exRef = Object.values(media.examples)[0].$ref.split('/').pop();
    const resValue = spec.components.examples[exRef].value;
    const viewer = section.locator('[data-testid="json-viewer"] pre[data-testid="source-code"]').first();
    await viewer.waitFor({ state: 'visible' });
    expect(await section.locator('[data-testid="right-panel"] button', { hasText: status }).count()).toBeGreaterThan(0);
    expect(JSON.parse(await viewer.textContent())).toEqual(resValue);

    fs.mkdirSync(artifacts, { recursive: true });
    await section.locator('h2').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'docs.png') });
  });

  it('lists every operation of the bundle in the side menu', async () => {
    const GROUP = '[data-component-name="Menu/MenuItem"].menu-item-type-group';
    const OPERATION = '.menu-item-type-operation > a';
    expect(await page.locator(GROUP).count()).toBeGreaterThan(0);
    // Redoc keeps one group open at a time: each group is opened by a click in the page and read as soon as
    // its operations render, all in one round trip (Playwright's per-click checks cost ~0.5 s a group)
    const seen = await page.locator(GROUP).evaluateAll(async (groups, op) => {
      const out = [];
      for (const g of groups) {
        if (!g.querySelector(op)) g.querySelector(':scope > a').click();
        for (const start = performance.now(); !g.querySelector(op);) {
          if (performance.now() - start > 10_000) throw new Error(`the group "${g.textContent.trim().slice(0, 60)}" shows no operation`);
          await new Promise((resolve) => { setTimeout(resolve, 10); });
        }
        out.push(...[...g.querySelectorAll(op)].map((a) => ({ href: a.getAttribute('href') || '', label: a.textContent.trim() })));
      }
      return out;
    }, OPERATION);
    const missing = [];
    for (const o of ops) {
      const slug = `/${o.id.toLowerCase()}`;
      const hit = seen.find((s) => s.href.toLowerCase().endsWith(slug)) || seen.find((s) => o.op.summary && s.label.startsWith(o.op.summary));
      if (!hit) missing.push(`${o.id} (${o.op.summary})`);
      else if (o.op.summary) expect(hit.label, o.id).toContain(o.op.summary);
    }
    expect(missing, 'operations missing from the side menu').toEqual([]);
    expect(seen.length).toBe(ops.length);
  });

  it('raised no JavaScript error and made no external or failed request', async () => {
    expect(log.pageErrors, 'page errors').toEqual([]);
    expect(log.consoleErrors, 'console errors').toEqual([]);
    expect(log.external, 'requests to other hosts (blocked)').toEqual([]);
    expect(log.failed, 'failed requests').toEqual([]);
    expect(log.httpErrors, 'HTTP errors').toEqual([]);
    // the page is one self-contained document: no script, style, font or data file was fetched at all
    const fetched = log.requests.filter((r) => /^(script|stylesheet|font|fetch|xhr|image) /.test(r) && !/ (data|blob):/.test(r));
    expect(fetched, 'sub-resources fetched').toEqual([]);
  });
});

describe('code samples against the generated clients and the mock', () => {
  const work = path.join(artifacts, 'docs-samples');
  const TOKEN = 'docs-test-token';
  let mock;
  let base;
  const all = ops.map((o) => ({ o, d: describeOperation(spec, o), samples: codeSamples(spec, o) }));
  // every sample points at the real endpoint; here it goes to the mock instead
  const toMock = (src, d) => src.split(d.server).join(base);

  beforeAll(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    mock = await startMock({ port: 0 });
    base = mock.url.replace(/\/+$/, '');
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('TypeScript samples type-check against @modelarts-openapi/client', async () => {
    const dir = path.join(work, 'ts');
    fs.mkdirSync(dir, { recursive: true });
    for (const { o, samples } of all) fs.writeFileSync(path.join(dir, `${o.id}.ts`), `${samples[1].source}\n`);
    const compilerOptions = { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['es2022', 'dom'] };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2));
    const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
    const r = await run(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')]);
    expect(`${r.stdout}${r.stderr}`, 'tsc on the TypeScript samples (packages/client must be built)').toBe('');
    expect(r.status).toBe(0);
  }, 90_000);

  it('curl samples get a 2xx from the mock', async () => {
    await requireTool('curl', ['--version'], 'the Debian package curl');
    // One shell runs every sample as written, each printing its operation and the status it got.
    const script = all.map(({ o, d, samples }) => `printf '%s ' ${o.id}\n${toMock(samples[0].source, d)} -sS -o /dev/null -w '%{http_code}\\n'\n`).join('');
    const r = await run('bash', ['-c', script], { MODELARTS_TOKEN: TOKEN }, 85_000);
    const got = new Map(r.stdout.trim().split('\n').map((l) => l.split(' ')));
    const bad = all.filter(({ o }) => !/^2\d\d$/.test(got.get(o.id) ?? '')).map(({ o }) => `${o.id}: ${got.get(o.id) ?? 'not run'}`);
    expect(bad, r.stderr).toEqual([]);
  }, 90_000);

  it('TypeScript samples run against the mock', async () => {
    let src = `import * as __client from '@modelarts-openapi/client';\nimport * as __fs from 'node:fs/promises';\nconst __results = {};\n`;
    for (const { o, d, samples } of all) {
      const body = toMock(samples[1].source, d)
        .replace(/region: 'cn-north-4'/, `endpoint: '${base}'`)
        .replace(/import\s*\{([^}]*)\}\s*from\s*'@modelarts-openapi\/client';/, 'const {$1} = __client;')
        .replace(/import\s*\{([^}]*)\}\s*from\s*'node:fs\/promises';/, 'const {$1} = __fs;')
        .replace(/console\.log\(result\);/, 'void result;');
      expect(body, o.id).not.toMatch(/^import /m);
      src += `__results[${JSON.stringify(o.id)}] = await (async () => {\n${body}\n})().then(() => 'ok', (e) => \`\${e?.status ?? e?.response?.status ?? ''} \${e?.message ?? e}\`);\n`;
    }
    src += 'console.log(JSON.stringify(__results));\n';
    const { code } = await esbuild.transform(src, { loader: 'ts', format: 'esm', target: 'node20' });
    const file = path.join(work, 'run-typescript.mjs');
    fs.writeFileSync(file, code);
    const r = await run(process.execPath, [file], { MODELARTS_TOKEN: TOKEN });
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout.trim().split('\n').pop());
    expect(Object.keys(results).sort()).toEqual(ops.map((o) => o.id).sort());
    expect(Object.entries(results).filter(([, v]) => v !== 'ok')).toEqual([]);
  }, 90_000);

  it('Python samples run against the mock with the generated modelarts_client', async () => {
    // the build's client: generators/build/python pip-installed into its virtualenv
    const python = languages.python.venvPython(outputDir('python'));
    // importing the client builds every pydantic model (950 at 305 operations): seconds, so it is imported
    // once, by the run below (an import error fails it with Python's message)
    expect(fs.existsSync(python), `${python} is missing: npx turbo run build (generators/build/python-venv)`).toBe(true);
    let src = 'import json\nimport os\nimport modelarts_client\n__results = {}\n';
    // an operation with its own servers (IAM) goes there literally (generators/README.md, P1): to the mock here
    src += 'import urllib.parse\n__call_api = modelarts_client.ApiClient.call_api\n'
      + `def __to_mock(self, method, url, *a, **k):\n    u = urllib.parse.urlsplit(url)\n    if u.netloc.startswith('iam.'):\n        url = ${JSON.stringify(base)} + u.path + ('?' + u.query if u.query else '')\n    return __call_api(self, method, url, *a, **k)\n`
      + 'modelarts_client.ApiClient.call_api = __to_mock\n';
    for (const { o, d, samples } of all) {
      let body = toMock(samples[2].source, d).replace(/print\(result\)/, 'pass');
      const lines = body.split('\n').filter((l) => !/^import (os|modelarts_client)$/.test(l));
      src += `def run_${o.id}():\n${lines.map((l) => `    ${l}`).join('\n')}\n\n`;
      src += `try:\n    run_${o.id}()\n    __results[${JSON.stringify(o.id)}] = 'ok'\nexcept Exception as e:\n    __results[${JSON.stringify(o.id)}] = type(e).__name__ + ': ' + str(e)[:400]\n\n`;
    }
    src += 'print(json.dumps(__results))\n';
    const file = path.join(work, 'run-python.py');
    fs.writeFileSync(file, src);
    const r = await run(python, [file], { MODELARTS_TOKEN: TOKEN, PYTHONDONTWRITEBYTECODE: '1' }, 180_000);
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout.trim().split('\n').pop());
    expect(Object.keys(results).sort()).toEqual(ops.map((o) => o.id).sort());
    expect(Object.entries(results).filter(([, v]) => v !== 'ok')).toEqual([]);
  }, 330_000);
});

/** Runs a command without blocking the event loop (the mock's validating front runs in this process). */
function run(cmd, args, env = {}, timeoutMs = 80_000) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ status: -1, stdout, stderr: `${stderr}${e.message}` });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function requireTool(cmd, args, install, timeoutMs = 20_000) {
  const r = await run(cmd, args, {}, timeoutMs);
  if (r.status === null) throw new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs / 1000} s (machine busy?)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: install ${install} (${r.stderr.trim().slice(0, 200)})`);
}

/** Redoc prerenders the page; wait until React has hydrated it (the search trigger is wired up). */
async function waitForHydration(page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="search-trigger"]');
      return !!el && Object.keys(el).some((k) => k.startsWith('__reactFiber') || k.startsWith('__reactProps'));
    },
    null,
    { timeout: 30_000, polling: 'raf' },
  );
}

// The "Try it" console (packages/docs/dist/console.html) and the changelog page (changelog.html): both
// self-contained, linked from the reference and back, and the console really sends requests to the mock —
// proven in headless Chromium with every host but the docs server and the mock blocked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, operations } from '@modelarts-openapi/spec';
import { consoleLink, externalLoads, referenceLink, serveDocs } from '@modelarts-openapi/docs';
import { changelogSections, markdownToHtml } from '@modelarts-openapi/docs/changelog';
import { startMock } from '@modelarts-openapi/mock';
import { renderMarkdown } from '@modelarts-openapi/tooling/breaking-changes';
import { launchChromium, offlinePage } from '@modelarts-openapi/testkit/browser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'packages/docs/dist');
const spec = loadSpec();
const ops = operations(spec);
const GET = ops.find((o) => o.id === 'getWorkspace');
const POST = ops.find((o) => o.id === 'createWorkspace');

const page = (name) => {
  const file = path.join(dist, name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npx turbo run build --filter=@modelarts-openapi/docs"`);
  return fs.readFileSync(file, 'utf8');
};
const embeddedSpec = (html) => JSON.parse(/<script type="application\/json" id="spec">([\s\S]*?)<\/script>/.exec(html)[1]);

/** The values of an operation's named examples for one status. */
function exampleValues(o, status) {
  const media = Object.values(o.op.responses[status].content ?? {})[0];
  return Object.values(media?.examples ?? {}).map((e) => spec.components.examples[e.$ref.split('/').pop()].value);
}

describe('console and changelog build output', () => {
  it('are self-contained pages', () => {
    for (const name of ['console.html', 'changelog.html']) {
      const html = page(name);
      expect(externalLoads(html), name).toEqual([]);
      expect(html, name).not.toMatch(/fonts\.googleapis|fonts\.gstatic|unpkg\.com|jsdelivr/);
    }
  });

  it('the console serves every operation of the bundle, the local mock first, and links back to the reference', () => {
    const doc = embeddedSpec(page('console.html'));
    expect(operations(doc).map((o) => o.id).sort()).toEqual(ops.map((o) => o.id).sort());
    expect(doc.servers[0].url).toBe('http://{host}:{port}');
    expect(doc.servers.slice(1)).toEqual(spec.servers);
    for (const o of operations(doc)) expect(o.op.description, o.id).toContain(`(${referenceLink(o)})`);
  });

  it('the reference links every operation to the console, and its introduction to both pages', () => {
    const doc = JSON.parse(page('openapi.json'));
    for (const o of operations(doc)) expect(o.op.description, o.id).toContain(`(${consoleLink(o)})`);
    expect(doc.info.description).toContain('(/console.html)');
    expect(doc.info.description).toContain('(/changelog.html)');
  });

  it('the changelog renders the breaking-change tools\' sections, breaking changes first', () => {
    const html = page('changelog.html');
    expect(html).toMatch(/<section class="release">\s*<h2>/);
    const r = {
      breaking: [{ operation: { id: 'deleteThing', method: 'delete', path: '/things/{id}' }, text: 'operation removed' }],
      added: [{ id: 'listThings', method: 'get', path: '/things', tag: 'Things' }],
      removed: [],
      compatible: [],
      warnings: [],
      unclassified: [],
    };
    const out = markdownToHtml(renderMarkdown(r, { version: '0.2.0', date: '2026-11-30', baseLabel: 'v0.1.0' }));
    const headings = [...out.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1]);
    expect(headings[0]).toBe('Breaking changes');
    expect(headings[1]).toMatch(/^Added operations/);
    expect(out).toContain('<li>Things:\n<ul>\n<li><code>listThings</code> — <code>GET /things</code>');
    expect(out).not.toMatch(/<script|<img/);
    expect(markdownToHtml('- `<img src=x>`')).toContain('&lt;img src=x&gt;');
  });

  it('compares release tags with each other and the newest with the current description', async () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'changelog-'));
    const git = (...a) => execFileSync('git', a, { cwd: repo, stdio: 'pipe' });
    const doc = (paths) => ({ openapi: '3.0.3', info: { title: 't', version: '0.1.0' }, paths });
    const op = (id) => ({ operationId: id, tags: ['Things'], responses: { 200: { description: 'ok' } } });
    try {
      fs.mkdirSync(path.join(repo, 'spec'));
      git('init', '-q');
      git('config', 'user.email', 't@example.invalid');
      git('config', 'user.name', 't');
      fs.writeFileSync(path.join(repo, 'spec/openapi.yaml'), JSON.stringify(doc({ '/a': { get: op('getA') }, '/b': { get: op('getB') } })));
      git('add', '.');
      git('commit', '-qm', 'first');
      git('tag', 'v0.1.0');
      const head = doc({ '/a': { get: op('getA') }, '/c': { get: op('getC') } });
      const sections = await changelogSections(head, { repo, today: '2026-11-30' });
      expect(sections).toHaveLength(2);
      expect(sections[0]).toMatch(/^## Unreleased/);
      expect(sections[0]).toContain('v0.1.0');
      expect(sections[0].indexOf('### Breaking changes')).toBeGreaterThan(0);
      expect(sections[0].indexOf('### Breaking changes')).toBeLessThan(sections[0].indexOf('### Added operations'));
      expect(sections[0]).toContain('getB');
      expect(sections[0]).toContain('getC');
      expect(sections[1]).toMatch(/^## v0\.1\.0/);
      expect(sections[1]).toContain('First release');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('console in headless Chromium: only the docs server and the mock are reachable', () => {
  let server;
  let mock;
  let browser;
  let context;
  let tab;
  let log;

  beforeAll(async () => {
    page('console.html');
    server = await serveDocs({ port: 0, host: '127.0.0.1' });
    mock = await startMock({ port: 0 });
    ({ browser } = await launchChromium());
    ({ page: tab, log, context } = await offlinePage(browser, server.url));
    await context.route(`${mock.url}/**`, (route) => route.continue()); // the mock is the one other host allowed
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.stop();
    await mock?.stop();
  });

  const consoleUrl = (o) => `${server.url}console.html?mock=${encodeURIComponent(mock.url)}${consoleLink(o).replace('/console.html', '')}`;

  /** Opens an operation by deep link, presses Execute, and returns the status and body the page shows. */
  async function tryIt(o) {
    await tab.goto('about:blank');
    await tab.goto(consoleUrl(o), { waitUntil: 'load' });
    const block = tab.locator(`#operations-${o.op.tags[0].replace(/\s/g, '_')}-${o.id}`);
    await block.locator('button.execute').waitFor({ state: 'visible', timeout: 15_000 });
    await block.locator('button.execute').click();
    const live = block.locator('.live-responses-table tbody .response');
    await live.first().waitFor({ state: 'visible', timeout: 15_000 });
    const status = (await live.first().locator('.response-col_status').textContent()).trim();
    const body = await live.first().locator('.response-col_description pre.microlight, .response-col_description pre').first().textContent();
    return { status, body: JSON.parse(body) };
  }

  it(`sends ${GET.id} (GET) to the mock and shows its answer`, async () => {
    const { status, body } = await tryIt(GET);
    const expected = Object.keys(GET.op.responses).find((c) => /^2/.test(c));
    expect(status).toBe(expected);
    expect(exampleValues(GET, expected)).toContainEqual(body);
    expect(log.requests.some((r) => r.startsWith(`fetch ${mock.url}/v1/`) && r.includes('/workspaces/'))).toBe(true);
  });

  it(`sends ${POST.id} (POST) with its example body to the mock and shows its answer`, async () => {
    const { status, body } = await tryIt(POST);
    const expected = Object.keys(POST.op.responses).find((c) => /^2/.test(c));
    expect(status).toBe(expected);
    expect(exampleValues(POST, expected)).toContainEqual(body);
  });

  it('links an operation from the console to its reference page and back', async () => {
    await tab.goto('about:blank');
    await tab.goto(consoleUrl(GET), { waitUntil: 'load' });
    const block = tab.locator(`#operations-${GET.op.tags[0].replace(/\s/g, '_')}-${GET.id}`);
    // Swagger UI opens description links in a new tab
    const [reference] = await Promise.all([context.waitForEvent('page'), block.locator('a', { hasText: 'Reference page of this operation' }).click()]);
    await reference.locator(`[data-section-id$="/${GET.id.toLowerCase()}"] h2`).first().waitFor({ state: 'visible', timeout: 20_000 });
    expect(reference.url()).toBe(new URL(referenceLink(GET), server.url).href);
    await reference.locator(`[data-section-id$="/${GET.id.toLowerCase()}"] a`, { hasText: 'Try it in the console' }).first().click();
    await reference.locator(`#operations-${GET.op.tags[0].replace(/\s/g, '_')}-${GET.id}.is-open`).waitFor({ state: 'visible', timeout: 15_000 });
    expect(reference.url()).toBe(new URL(consoleLink(GET), server.url).href);
    await reference.close();
  });

  it('the changelog page opens offline from the reference', async () => {
    await tab.goto(server.url, { waitUntil: 'load' });
    await tab.locator('a', { hasText: /^changelog$/ }).first().click();
    await tab.waitForURL(`${server.url}changelog.html`);
    expect(await tab.locator('section.release h2').count()).toBeGreaterThan(0);
    expect(await tab.locator('nav a[href="/console.html"]').count()).toBe(1);
  });

  it('raised no JavaScript error and reached no other host', () => {
    expect(log.pageErrors, 'page errors').toEqual([]);
    expect(log.external, 'requests to other hosts (blocked)').toEqual([]);
    expect(log.failed, 'failed requests').toEqual([]);
  });
});

// Headless Chromium for the browser tests and benchmarks: playwright-core driving the Chromium build
// shipped by the npm package @sparticuz/chromium (or Debian's /usr/bin/chromium), fully offline.
import fs from 'node:fs';

/** Flags for a headless run on a CI box: no sandbox (root), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--no-first-run',
  '--no-pings',
  '--font-render-hinting=none',
];

const MISSING =
  'no usable headless Chromium: install the npm packages playwright-core and @sparticuz/chromium ' +
  '(root devDependencies: `npm ci`), or the Debian package chromium (`apt-get install -y chromium`)';

/** Candidate executables, best first: @sparticuz/chromium (unpacks to /tmp), then Debian's. */
async function candidates() {
  const out = [];
  const errors = [];
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    out.push({ name: '@sparticuz/chromium', path: await sparticuz.executablePath() });
  } catch (e) {
    errors.push(`@sparticuz/chromium: ${e.message}`);
  }
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) out.push({ name: p, path: p });
  return { out, errors };
}

/**
 * Launches headless Chromium. Throws (never skips) with the packages to install when none starts.
 * @returns {Promise<{browser: import('playwright-core').Browser, executable: string}>}
 */
export async function launchChromium(extraArgs = []) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`${MISSING} (playwright-core: ${e.message})`);
  }
  const { out, errors } = await candidates();
  for (const c of out) {
    try {
      const browser = await chromium.launch({ executablePath: c.path, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 60_000 });
      return { browser, executable: c.name };
    } catch (e) {
      errors.push(`${c.name}: ${e.message.split('\n')[0]}`);
    }
  }
  throw new Error(`${MISSING}\n  ${errors.join('\n  ')}`);
}

/**
 * A page that may only talk to `origin` (the local docs server): every other request is aborted and
 * recorded, as on an air-gapped intranet. Also records page errors, console errors, failed requests
 * and HTTP errors.
 * @returns {Promise<{page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
 *   log: {external: string[], failed: string[], httpErrors: string[], pageErrors: string[], consoleErrors: string[], requests: string[]}}>}
 */
export async function offlinePage(browser, origin, { viewport = { width: 1400, height: 900 } } = {}) {
  const allowed = new URL(origin).origin;
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const log = { external: [], failed: [], httpErrors: [], pageErrors: [], consoleErrors: [], requests: [] };
  const local = (url) => url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank';
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url) || new URL(url).origin === allowed) return route.continue();
    log.external.push(`${route.request().resourceType()} ${url}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('request', (r) => log.requests.push(`${r.resourceType()} ${r.url().slice(0, 200)}`));
  page.on('requestfailed', (r) => {
    const url = r.url();
    if (!local(url) && new URL(url).origin === allowed) log.failed.push(`${r.resourceType()} ${url} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) log.httpErrors.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => log.pageErrors.push(e.stack || e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  return { page, context, log };
}

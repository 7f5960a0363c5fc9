// The "Try it" console: Swagger UI (swagger-ui-dist) over the same bundle as the Redoc reference, inlined into
// one HTML file that loads nothing from other hosts. Requests go to the local mock by default; the reader can
// pick a regional endpoint and paste a token, which stays in the page's memory (persistAuthorization off).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { operations } from '@modelarts-openapi/spec';
import { escapeHtml, htmlPage } from './html.js';
import { referenceLink } from './links.js';

export const DEFAULT_MOCK_URL = 'http://127.0.0.1:4010';

/** The local mock as the console's first (default) server; the spec's own servers follow. */
export function consoleServers(spec) {
  return [
    {
      url: 'http://{host}:{port}',
      description: 'Local mock (npm start); any X-Auth-Token is accepted',
      variables: { host: { default: '127.0.0.1' }, port: { default: '4010' } },
    },
    ...(spec.servers || []),
  ];
}

/** The bundle as the console shows it: mock server first, and a link back to the reference per operation. */
export function consoleSpec(spec, basePath = '/') {
  const copy = structuredClone(spec);
  copy.servers = consoleServers(spec);
  for (const o of operations(copy)) {
    const back = `[Reference page of this operation](${referenceLink(o, basePath)})`;
    o.op.description = o.op.description ? `${o.op.description.trimEnd()}\n\n${back}` : back;
  }
  copy.info = { ...copy.info, description: `${copy.info?.description ?? ''}\n\n[Reference](${basePath}) · [Changelog](${basePath}changelog.html)` };
  return copy;
}

function swaggerAsset(name) {
  const require = createRequire(import.meta.url);
  return fs.readFileSync(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), name), 'utf8');
}

// Inline <script> content must not close the element early.
const scriptSafe = (text) => text.replace(/<\/(script)/gi, '<\\/$1');

/** The page's own script: pick the mock from ?mock=, add a token for the mock only, start Swagger UI. */
const BOOT = String.raw`
(function () {
  var spec = JSON.parse(document.getElementById('spec').textContent);
  var mock = new URLSearchParams(location.search).get('mock');
  if (mock) {
    try {
      var u = new URL(mock);
      spec.servers[0].variables.host.default = u.hostname;
      spec.servers[0].variables.port.default = u.port || (u.protocol === 'https:' ? '443' : '80');
    } catch (e) { console.warn('ignoring ?mock=' + mock + ': not a URL'); }
  }
  function isMock(url) {
    var v = spec.servers[0].variables;
    try { var u = new URL(url); return u.hostname === v.host.default || /^(127\.|localhost$|\[::1\]$)/.test(u.hostname); } catch (e) { return false; }
  }
  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: '#console',
    deepLinking: true,
    docExpansion: 'none',
    defaultModelsExpandDepth: -1,
    displayOperationId: true,
    filter: true,
    tryItOutEnabled: true,
    persistAuthorization: false,
    validatorUrl: null,
    withCredentials: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // The mock accepts any token: send one when the reader has not authorised, so a first try just works.
    requestInterceptor: function (req) {
      var h = req.headers || (req.headers = {});
      var has = Object.keys(h).some(function (k) { return /^(x-auth-token|authorization)$/i.test(k); });
      if (!has && isMock(req.url)) h['X-Auth-Token'] = 'console-try-it';
      return req;
    },
  });
})();
`;

/**
 * Writes dist/console.html. @returns {{file: string, bytes: number}}
 * @param {object} spec the docs' enriched bundle
 */
export function buildConsole(spec, outDir, { basePath = '/', title } = {}) {
  const data = consoleSpec(spec, basePath);
  const pageTitle = `${title || spec.info?.title || 'API'} — console`;
  const html = htmlPage({
    title: pageTitle,
    styles: [
      swaggerAsset('swagger-ui.css'),
      `body { margin: 0; font-family: system-ui, sans-serif; }
  .console-bar { display: flex; gap: 1.5em; align-items: baseline; padding: .6em 1.2em; background: #1b1f3a; color: #fff; font-size: 14px; }
  .console-bar a { color: #9cc3ff; }
  .swagger-ui .topbar { display: none; }`,
    ],
    body: `<nav class="console-bar"><strong>${escapeHtml(spec.info?.title || 'API')} · try it</strong>
<a href="${escapeHtml(basePath)}">Reference</a><a href="${escapeHtml(basePath)}changelog.html">Changelog</a>
<span>Requests go to the local mock unless you pick another server; a token you paste stays in this tab only.</span></nav>
<div id="console"></div>
<script type="application/json" id="spec">${scriptSafe(JSON.stringify(data))}</script>
<script>${scriptSafe(swaggerAsset('swagger-ui-bundle.js'))}</script>
<script>${scriptSafe(BOOT)}</script>`,
  });
  const file = path.join(outDir, 'console.html');
  fs.writeFileSync(file, html);
  return { file, bytes: Buffer.byteLength(html) };
}


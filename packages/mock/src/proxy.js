// Contract proxy: checks a live (or third-party) implementation against the spec. Clients talk to this
// proxy; it forwards every request through `prism proxy` to the upstream and records every
// request/response that violates the spec.
//
// What Prism reports, and what this builds on (Prism 5.14, checked in test/proxy.test.js):
//   - without --errors, Prism forwards everything and lists the request and response violations of each
//     exchange in an `sl-violations` response header (a JSON array of {location, severity, code,
//     message}; location starts with "request" or "response");
//   - with --errors (`strict`), a request violation is answered 422 without reaching the upstream (the
//     list is then in the problem+json body's `validation`), and a response violation replaces the
//     upstream's answer with a 500 problem+json carrying the list in both places;
//   - Prism's log prints the same list as `Violation: <location> <message>` lines, but not which exchange
//     they belong to once requests overlap — so the header (or body) is used, per exchange, and the log is
//     kept only for diagnostics (`output()`).
// Each violation is also given a kind from the spec validator's taxonomy (wrong type, missing required
// property, …) so reports read the same as `validate-examples`, plus unauthenticated, contentType,
// undeclaredStatus (Prism only warns about a status the operation does not declare; here it is an error)
// and undeclaredOperation (a warning: the request matches no operation, so nothing can be checked).
import http from 'node:http';
import https from 'node:https';
import { kindOfKeyword } from '@modelarts-openapi/spec';
import { loadSpecForValidation } from '@modelarts-openapi/spec/validate-examples';
import { compileRoutes, matchRoute, violationsHeader } from './front.js';
import { defaultSpec, startMock } from './index.js';

/** Our taxonomy for one of Prism's violation codes. */
export function kindOf(v) {
  const code = v.code;
  const schemaKind = typeof code === 'string' ? kindOfKeyword(code) : 'other';
  if (schemaKind !== 'other') return schemaKind;
  if (code === 401 || code === '401') return 'unauthenticated';
  if (code === 415 || code === '415') return 'contentType';
  if (/route not found/i.test(v.message || '')) return 'undeclaredOperation';
  if (/media type/i.test(v.message || '')) return 'contentType';
  if (code === 'unreachable') return 'unreachable';
  if (/status|response code/i.test(v.message || '') && v.location?.[0] === 'response') return 'undeclaredStatus';
  return 'other';
}

const safeText = (body) => {
  try { return JSON.parse(body.toString('utf8')).error_msg ?? ''; } catch { return ''; }
};

function parseViolations(headerValue, body, contentType) {
  let list = [];
  if (headerValue) {
    try { list = JSON.parse(headerValue); } catch { list = [{ location: ['response'], severity: 'Error', code: 'unparsable', message: `unparsable sl-violations header: ${headerValue.slice(0, 200)}` }]; }
  } else if (/problem\+json/.test(contentType || '') && body?.length) {
    try {
      const problem = JSON.parse(body.toString('utf8'));
      // A strict-mode 422: request violations, located without the leading "request".
      list = (problem.validation || []).map((v) => ({ ...v, location: v.location?.[0] === 'request' || v.location?.[0] === 'response' ? v.location : ['request', ...(v.location || [])] }));
      // Prism could not reach the upstream (e.g. {"type": "FetchError", "title": "request to … failed"}).
      if (!list.length && problem.type === 'FetchError') list = [{ location: ['response'], severity: 'Error', code: 'unreachable', message: `upstream not reached: ${problem.title}` }];
    } catch { list = []; }
  }
  return list.map((v) => {
    const kind = kindOf(v);
    return {
      direction: v.location?.[0] === 'response' ? 'response' : 'request',
      location: v.location || [],
      // Prism only warns about a status the operation does not declare; for a contract check it is an error.
      severity: kind === 'undeclaredStatus' ? 'Error' : v.severity || 'Error',
      ...(kind === 'undeclaredStatus' && v.severity !== 'Error' ? { prismSeverity: v.severity } : {}),
      code: v.code,
      kind,
      message: v.message,
    };
  });
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
const SHIM_ERROR = 'x-contract-proxy-error';

/**
 * The hop between Prism and the upstream. Two things Prism does not do:
 *   - an upstream's own `sl-violations` header would be taken for Prism's verdict (hiding violations or
 *     inventing some): it is removed here, so the header the proxy reads is always Prism's;
 *   - Prism waits for the upstream forever: here an answer (headers and body) that takes longer than
 *     `timeoutMs` becomes a 504 marked with the x-contract-proxy-error header, reported as unreachable.
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
async function startUpstreamShim({ upstream, host, timeoutMs }) {
  const target = new URL(upstream);
  const client = target.protocol === 'https:' ? https : http;
  const base = target.pathname.replace(/\/+$/, '');
  const agent = new client.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, host: target.host };
    let done = false;
    const fail = (status, message) => {
      if (done) return;
      done = true;
      up.destroy();
      if (res.headersSent) return res.destroy();
      const text = JSON.stringify({ error_code: `Proxy.${status}`, error_msg: message });
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), [SHIM_ERROR]: status === 504 ? 'upstream-timeout' : 'upstream-unreachable' });
      res.end(text);
    };
    const timer = setTimeout(() => fail(504, `the upstream did not answer within ${timeoutMs} ms`), timeoutMs);
    const up = client.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: `${base}${req.url}`, headers, agent }, (ures) => {
      const out = [];
      ures.on('data', (c) => out.push(c));
      ures.on('error', (e) => fail(502, `the upstream's answer broke off: ${e.message}`));
      ures.on('end', () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const outHeaders = { ...ures.headers };
        for (const name of ['sl-violations', SHIM_ERROR, 'transfer-encoding']) delete outHeaders[name];
        const body = Buffer.concat(out);
        outHeaders['content-length'] = String(body.length);
        res.writeHead(ures.statusCode, outHeaders);
        res.end(body);
      });
    });
    up.on('error', (e) => { clearTimeout(timer); fail(502, `the upstream was not reached: ${e.message}`); });
    req.pipe(up);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`,
    async stop() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}

/**
 * @param {{upstream: string, spec?: string, port?: number, host?: string, strict?: boolean,
 *          upstreamTimeoutMs?: number,
 *          onExchange?: (exchange: object) => void, log?: (line: string) => void}} options
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, exchanges: () => object[],
 *          report: () => object, output: () => string}>}
 */
export async function startContractProxy(options) {
  if (!options?.upstream) throw new Error('startContractProxy needs an upstream URL');
  const upstreamUrl = new URL(options.upstream);
  if (!/^https?:$/.test(upstreamUrl.protocol)) throw new Error(`upstream must be an http(s) URL, got ${options.upstream}`);
  const host = options.host ?? '127.0.0.1';
  const specFile = options.spec ?? defaultSpec;
  const routes = compileRoutes(loadSpecForValidation(specFile).spec);
  let port = options.port ?? 0; // 0: a free port, bound at once (no window for another process to take it)
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const shim = await startUpstreamShim({ upstream: options.upstream, host, timeoutMs: upstreamTimeoutMs });
  const prism = await startMock({ proxy: shim.url, errors: options.strict === true, spec: specFile, host, log: options.log }).catch(async (e) => { await shim.stop(); throw e; });
  const inner = new URL(prism.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const exchanges = [];

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const started = Date.now();
      const url = new URL(req.url, 'http://proxy.invalid');
      const { operation } = matchRoute(routes, req.method, url.pathname);
      const headers = { ...req.headers, host: inner.host };
      const up = http.request({ hostname: inner.hostname, port: inner.port, method: req.method, path: req.url, headers, agent, maxHeaderSize: 1024 * 1024 }, (pres) => {
        const out = [];
        pres.on('data', (c) => out.push(c));
        pres.on('end', () => {
          const resBody = Buffer.concat(out);
          const violations = parseViolations(pres.headers['sl-violations'], resBody, pres.headers['content-type']);
          const shimError = pres.headers[SHIM_ERROR];
          if (shimError) violations.unshift({ direction: 'response', location: ['response'], severity: 'Error', code: 'unreachable', kind: 'unreachable', message: shimError === 'upstream-timeout' ? `the upstream did not answer within ${upstreamTimeoutMs} ms` : `the upstream was not reached: ${safeText(resBody)}` });
          const exchange = {
            time: new Date(started).toISOString(), method: req.method, url: req.url, operation: operation?.id,
            status: pres.statusCode, ms: Date.now() - started,
            violations,
          };
          exchanges.push(exchange);
          options.onExchange?.(exchange);
          const outHeaders = { ...pres.headers };
          // Keep the header readable by every client (Node refuses headers over 16 kB by default).
          if (violations.length) outHeaders['sl-violations'] = violationsHeader(violations.map(({ location, severity, code, message }) => ({ location, severity, code, message })));
          delete outHeaders['transfer-encoding'];
          outHeaders['content-length'] = String(resBody.length);
          res.writeHead(pres.statusCode, outHeaders);
          res.end(resBody);
        });
      });
      // Prism itself must answer too: the upstream's deadline plus a margin.
      up.setTimeout(upstreamTimeoutMs + 10_000, () => up.destroy(new Error(`Prism did not answer within ${upstreamTimeoutMs + 10_000} ms`)));
      up.on('error', (e) => {
        const exchange = { time: new Date(started).toISOString(), method: req.method, url: req.url, operation: operation?.id, status: 502, ms: Date.now() - started,
          violations: [{ direction: 'response', location: ['response'], severity: 'Error', code: 'unreachable', kind: 'other', message: `no answer through Prism: ${e.message}` }] };
        exchanges.push(exchange);
        options.onExchange?.(exchange);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error_code: 'Proxy.502', error_msg: e.message }));
      });
      up.end(body.length ? body : undefined);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  }).catch(async (e) => { await prism.stop(); await shim.stop(); throw e; });
  port = server.address().port;

  const report = () => {
    const byOperation = {};
    for (const x of exchanges) {
      const key = x.operation ?? `(not in the spec) ${x.method} ${x.url.split('?')[0]}`;
      const row = (byOperation[key] ??= { exchanges: 0, violating: 0, violations: {} });
      row.exchanges++;
      const errors = x.violations.filter((v) => v.severity === 'Error');
      if (errors.length) row.violating++;
      for (const v of x.violations) row.violations[v.kind] = (row.violations[v.kind] ?? 0) + 1;
    }
    const violating = exchanges.filter((x) => x.violations.some((v) => v.severity === 'Error'));
    return { upstream: options.upstream, spec: specFile, strict: options.strict === true, exchanges: exchanges.length, violating: violating.length, byOperation, violations: violating };
  };
  return {
    url: `http://${host}:${port}`,
    port,
    host,
    exchanges: () => exchanges.slice(),
    report,
    output: prism.output,
    async stop() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      agent.destroy();
      await prism.stop();
      await shim.stop();
    },
  };
}

/** One line per violation of an exchange, for the console. */
export function formatExchange(x) {
  const head = `${x.method} ${x.url} (${x.operation ?? 'not in the spec'}) -> ${x.status}`;
  if (!x.violations.length) return `ok        ${head}`;
  return [`VIOLATION ${head}`, ...x.violations.map((v) => `    ${v.severity === 'Error' ? '' : `${v.severity.toLowerCase()}: `}${v.location.join('.')}  ${v.kind}: ${v.message}`)].join('\n');
}

/** The end-of-run summary, grouped by operation. */
export function formatSummary(report) {
  const lines = [`contract proxy: ${report.exchanges} exchange(s) with ${report.upstream}, ${report.violating} violating the spec`];
  for (const [op, row] of Object.entries(report.byOperation)) {
    const kinds = Object.entries(row.violations).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`  ${op}: ${row.exchanges} exchange(s), ${row.violating} violating${kinds ? ` (${kinds})` : ''}`);
  }
  return lines.join('\n');
}

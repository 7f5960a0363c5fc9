// Forwarding to Prism: the reference implementation, and the fallback for what the compiled engine does
// not answer itself (`Prefer: dynamic=true`, content negotiation beyond the simple cases, unknown
// `Prefer` codes or examples) — or everything, with `engine: 'prism'`.
import http from 'node:http';
import { violationsHeader } from './responses.js';

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/**
 * @param {{upstream?: string, ready?: () => Promise<string|void>, log?: (line: string) => void}} options
 *   `ready`: resolves once Prism listens (a request that arrives earlier waits for it), with Prism's URL
 *   when it is not `upstream` (a Prism started on demand gets its port then).
 */
export function createForwarder(options) {
  if (!options.upstream && !options.ready) throw new Error('createForwarder: give `upstream` (Prism\'s URL) or `ready` (resolving with it)');
  const fixed = options.upstream ? new URL(options.upstream) : undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const freshAgent = new http.Agent({ keepAlive: false });
  const stats = { retries: 0, forwarded: 0 };
  const forwardNow = (upstream, req, res, sent, warnings) => {
    const headers = { ...req.headers, host: upstream.host };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    if (sent.length) headers['content-length'] = String(sent.length);
    stats.forwarded++;
    // Prism sometimes closes a kept-alive connection just as the next request goes out on it (seen as
    // ECONNRESET / "socket hang up" under load). Nothing reached Prism's handler then, and a mock is
    // stateless: send it again once, on a fresh connection.
    const attemptOnce = (attempt) => {
      const up = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: attempt ? freshAgent : agent }, (ures) => {
        const outHeaders = warnings ? { ...ures.headers, 'sl-violations': violationsHeader(warnings) } : ures.headers;
        res.writeHead(ures.statusCode, outHeaders);
        ures.pipe(res);
      });
      up.on('error', (e) => {
        if (res.headersSent) return res.destroy();
        if (attempt === 0 && RETRYABLE.has(e.code)) {
          stats.retries++;
          options.log?.(`front: ${req.method} ${req.url}: ${e.code} from Prism, sent again on a new connection`);
          return attemptOnce(1);
        }
        options.log?.(`front: ${req.method} ${req.url}: Prism did not answer (${e.code ?? e.message}), answered 502`);
        const text = JSON.stringify({ error_code: 'Mock.502', error_msg: `the mock's Prism process did not answer: ${e.code ?? ''} ${e.message}` });
        res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
      up.end(sent.length ? sent : undefined);
    };
    attemptOnce(0);
  };
  return {
    stats,
    /** Sends the request (with `body`) to Prism and pipes its answer back. */
    forward(req, res, body, warnings) {
      const unavailable = (why) => {
        const text = JSON.stringify({ error_code: 'Mock.502', error_msg: `the mock's Prism process is not available: ${why}` });
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      };
      const to = (upstream) => (upstream ? forwardNow(upstream, req, res, body, warnings) : unavailable('its URL is not known'));
      const ready = options.ready?.();
      if (!ready) return to(fixed);
      ready.then((url) => to(url ? new URL(url) : fixed), (e) => unavailable(e.message));
    },
    close() { agent.destroy(); freshAgent.destroy(); },
  };
}

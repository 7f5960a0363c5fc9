// The mock's HTTP server. Each request goes through, in order:
//   faults (./faults.js: Prefer: delay, --latency, --faults) → routes (./routes.js) → credentials
//   (./auth.js) → validation (./validation.js) → the answer: the compiled engine's prepared bytes
//   (./responses.js), or Prism (./forward.js) for what the engine does not serve, or everything with
//   `engine: 'prism'`. Refused requests get the operation's documented error format with the reason
//   (`body.config: required`), and the violations in Prism's `sl-violations` header.
//
// Why a front before Prism at all: Prism alone lets some invalid requests through or answers them
// off-contract (pinned in test/fuzz.test.js, "known Prism limitations"):
//   - apiKey security schemes only need the header to be present, so `Authorization: anything` passes
//     (stoplightio/prism#484: "just api key presence is enough");
//   - a malformed JSON body gets `{"error":{"code":"invalid_json"}}`, not the operation's 400 body
//     (stoplightio/prism#2664);
//   - an empty query value (`?label_name=`) is treated as absent, so minLength/pattern are not applied
//     (allowEmptyValue handling, stoplightio/prism#499, stoplightio/http-spec#20).
// Why an engine before Prism: Prism's per-request pipeline (logging, route re-sorting, response
// validation, re-serialising) serves ~1,000 requests/s where a bare Node server serves ~50,000.
import http from 'node:http';
import { createFaults, faultBody, preferredDelay } from './faults.js';
import { createForwarder } from './forward.js';
import { matchRoute } from './routes.js';
import { cors, createAnswers, explainedError, namedExample, parsePrefer, violationsHeader } from './responses.js';
import { createRequestChecker, MAX_BODY, validationStatus } from './validation.js';

export { compileRoutes, matchRoute } from './routes.js';
export { canonicalUriOf, DEFAULT_MAX_CLOCK_SKEW_MS, parseSdkDate, signatureProblem, verifySignature } from './auth.js';
export { badPercentEncoding, createRequestChecker } from './validation.js';
export { documentedResponse, explainedError, INVALID_PARAMETER_CODE, violationsHeader } from './responses.js';

// A request target the WHATWG URL parser leaves as it is (no dot segments, nothing it would escape), so
// it can be split by hand; anything else goes through `new URL` as before.
const PLAIN_TARGET = /^\/[A-Za-z0-9\-_~!$&()*+,;=:@%/.]*(\?[A-Za-z0-9\-_~!$&()*+,;=:@%/?.]*)?$/;

/** {pathname, search, searchParams} of a request target, as `new URL(target, base)` gives them. */
function parseTarget(target) {
  if (PLAIN_TARGET.test(target)) {
    const q = target.indexOf('?');
    const pathname = q === -1 ? target : target.slice(0, q);
    if (!pathname.includes('/.') && !/%2e/i.test(pathname)) {
      const search = q === -1 || q === target.length - 1 ? '' : target.slice(q);
      let params;
      return { pathname, search, get searchParams() { return (params ??= new URLSearchParams(search)); } };
    }
  }
  return new URL(target, 'http://mock.invalid');
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * An http.Server (not yet listening): the mock.
 * @param {object} spec bundled spec
 * @param {{upstream?: string, engine?: 'compiled'|'prism', ready?: () => Promise<string|void>, auth?: boolean,
 *          validate?: boolean, credentials?: Record<string,string>|Map<string,string>, maxClockSkewMs?: number,
 *          lenient?: boolean, latency?: {min: number, max: number}|string,
 *          faults?: {status: number|'reset', rate: number}[]|string, seed?: number, retryAfter?: number,
 *          onRequest?: (record: object) => void, log?: (line: string) => void}} options
 *   `engine`: 'compiled' (default) answers from the prepared examples and forwards the rest to Prism at
 *   `upstream` (or the URL `ready` resolves with); 'prism' forwards every valid request. `lenient`: a
 *   body whose only problems are unknown properties is answered as if they were not there, the problems
 *   listed (severity Warning) in `sl-violations`.
 */
export function createFront(spec, options) {
  const checker = createRequestChecker(spec, options);
  const answers = options.engine === 'prism' ? undefined : createAnswers(spec);
  const forwarder = createForwarder(options);
  const faults = createFaults(options);

  const refuse = (req, res, result, prefer) => {
    const op = result.operation;
    const doc = !op
      ? { status: result.status, headers: JSON_HEADERS, body: JSON.stringify({ error_code: `Mock.${result.status}`, error_msg: result.violations.map((v) => v.message).join('; ') }) }
      : (prefer.example !== undefined && namedExample(spec, op, result.status, prefer.example)) || explainedError(spec, op, result.status, result.violations);
    res.writeHead(doc.status, { ...cors(req), ...doc.headers, 'sl-violations': violationsHeader(result.violations), 'content-length': Buffer.byteLength(doc.body) });
    res.end(doc.body);
  };

  const respond = (req, res, body, tooLarge) => {
    // A CORS preflight, answered as Prism answers it (so a browser page need not wait for Prism).
    if (answers && req.method === 'OPTIONS' && req.headers.origin && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-allow-methods': req.headers['access-control-request-method'],
        'access-control-allow-origin': req.headers.origin,
        'access-control-expose-headers': '*',
        'content-length': 0,
        vary: 'origin',
      });
      return res.end();
    }
    const url = parseTarget(req.url);
    let result;
    if (tooLarge) {
      const { operation } = matchRoute(checker.routes, req.method, url.pathname);
      result = operation ? { operation, status: validationStatus(operation), violations: [{ location: ['request', 'body'], severity: 'Error', code: 'range', message: `Body larger than ${MAX_BODY} bytes`, rule: `larger than ${MAX_BODY} bytes` }] } : { operation };
    } else result = checker.check(req, url, body);
    options.onRequest?.({ method: req.method, url: req.url, operation: result.operation?.id, status: result.status, violations: result.violations });
    const prefer = req.headers.prefer === undefined ? {} : parsePrefer(req.headers.prefer);
    if (result.status) return refuse(req, res, result, prefer);
    if (result.operation && answers) {
      const a = answers.answer(result.operation, prefer, req.headers.accept);
      if (a) {
        const headers = { ...cors(req), ...a.headers, 'content-length': a.length };
        if (result.warnings) headers['sl-violations'] = violationsHeader(result.warnings);
        res.writeHead(a.status, headers);
        res.end(a.body);
        return;
      }
    }
    forwarder.forward(req, res, result.body ?? body, result.warnings);
  };

  const handle = (req, res, body, tooLarge) => {
    server.arrivals++;
    try {
      let delay = 0;
      let fault;
      if (req.headers.prefer !== undefined) {
        const d = preferredDelay(parsePrefer(req.headers.prefer));
        if (d > 0) delay += d;
      }
      if (faults.active) {
        const drawn = faults.next();
        delay += drawn.delay;
        fault = drawn.fault;
      }
      if (!delay && fault === undefined) return respond(req, res, body, tooLarge);
      const timer = setTimeout(() => {
        try {
          if (fault === 'reset') return req.socket.destroy();
          if (fault !== undefined) {
            const text = JSON.stringify(faultBody(fault));
            const headers = { ...cors(req), 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
            if (fault === 429 || fault === 503) headers['retry-after'] = String(faults.retryAfter);
            res.writeHead(fault, headers);
            return res.end(text);
          }
          respond(req, res, body, tooLarge);
        } catch (e) {
          failed(res, e);
        }
      }, delay);
      res.on('close', () => clearTimeout(timer));
    } catch (e) {
      failed(res, e);
    }
  };

  const server = http.createServer((req, res) => {
    // Fast path: a request without a body ends at once.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      req.on('error', () => res.destroy());
      req.resume();
      req.once('end', () => handle(req, res, EMPTY, false));
      return;
    }
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => handle(req, res, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), tooLarge));
  });
  // Validators compile in the background once the mock listens, a few milliseconds at a time, so that
  // start-up stays short and the first request of an operation does not pay for its compilation.
  let warmed;
  server.warmed = new Promise((resolve) => { warmed = resolve; });
  server.once('listening', () => {
    const step = () => {
      if (!server.listening || checker.warm(5)) return warmed();
      setImmediate(step);
    };
    setImmediate(step);
  });
  server.keepAliveTimeout = 5000;
  server.arrivals = 0;
  Object.defineProperty(server, 'upstreamRetries', { get: () => forwarder.stats.retries });
  server.forwarded = () => forwarder.stats.forwarded;
  server.on('close', () => forwarder.close());
  return server;
}

const EMPTY = Buffer.alloc(0);

/** A bug in the front must show as a 500 with the reason, never as a hung or reset connection. */
function failed(res, e) {
  const text = JSON.stringify({ error_code: 'Mock.500', error_msg: `mock front failed: ${e.message}` });
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

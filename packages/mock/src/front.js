// A thin validating front in front of `prism mock`: it checks credentials and validates each request
// (path, query and header parameters, content type, JSON syntax, body schema) with the spec's own
// validator, answers violations with the operation's documented error response, and forwards everything
// else to Prism unchanged (so `Prefer: example=… / code=…`, examples and routing stay Prism's).
//
// Why: Prism alone lets some invalid requests through or answers them off-contract (pinned in
// test/fuzz.test.js, "known Prism limitations"; counted per operation in test/artifacts/fuzz-report.json):
//   - apiKey security schemes only need the header to be present, so `Authorization: anything` passes
//     (stoplightio/prism#484: "just api key presence is enough");
//   - a malformed JSON body gets `{"error":{"code":"invalid_json"}}`, not the operation's 400 body
//     (stoplightio/prism#2664);
//   - an empty query value (`?label_name=`) is treated as absent, so minLength/pattern are not applied
//     (allowEmptyValue handling, stoplightio/prism#499, stoplightio/http-spec#20).
// Violations are listed in the `sl-violations` header in Prism's format, so clients see one interface.
import crypto from 'node:crypto';
import http from 'node:http';
import { createValidator, deref, operations } from '@modelarts-openapi/spec';

const MAX_BODY = 10 * 1024 * 1024;
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE']);

/** Routes: literal segments win over templated ones, as in Prism. */
export function compileRoutes(spec) {
  const routes = operations(spec).map((operation) => {
    const names = [];
    const segments = operation.path.split('/');
    const source = segments.map((seg) => seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, n) => {
      names.push(n);
      return '([^/]+)';
    })).join('/');
    const literals = segments.filter((s) => s && !s.includes('{')).length;
    return { operation, names, regex: new RegExp(`^${source}/?$`), literals };
  });
  routes.sort((a, b) => b.literals - a.literals || a.names.length - b.names.length);
  return routes;
}

export function matchRoute(routes, method, pathname) {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.operation.method !== method.toLowerCase()) continue;
    const params = {};
    r.names.forEach((n, i) => {
      try { params[n] = decodeURIComponent(m[i + 1]); } catch { params[n] = m[i + 1]; }
    });
    return { operation: r.operation, params };
  }
  return { operation: undefined, pathMatched };
}

const mediaBase = (t) => String(t || '').split(';')[0].trim().toLowerCase();
const isJson = (t) => /^application\/(.+\+)?json$/.test(mediaBase(t)) || /\+json$/.test(mediaBase(t));
function mediaMatches(declared, actual) {
  const d = mediaBase(declared);
  const a = mediaBase(actual);
  if (d === a || d === '*/*') return true;
  if (d.endsWith('/*')) return a.startsWith(d.slice(0, -1));
  return false;
}

/** A parameter string converted to its schema's type before validation (form style, explode). */
function coerce(spec, schema, raw) {
  const s = deref(spec, schema || {});
  const type = s.type ?? (s.allOf || s.oneOf || s.anyOf ? undefined : 'string');
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'array') return raw;
  return raw;
}

// The SDK-HMAC-SHA256 header format of the Huawei Cloud API gateway (the signature itself is checked only
// when the mock is given the secret keys: `credentials`).
const SIGNATURE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([A-Za-z0-9;_.-]+),\s*Signature=([0-9a-fA-F]{64})$/;

/**
 * @param {object} spec bundled spec
 * @param {{credentials?: Record<string,string>}} options  access key → secret key, to verify signatures
 * @returns {(op: object, req: http.IncomingMessage, url: URL, body: Buffer) => string|undefined} why the request is not authenticated
 */
function createAuthCheck(spec, options = {}) {
  const schemes = spec.components?.securitySchemes || {};
  const check = (name, req, url, body) => {
    const scheme = schemes[name] && deref(spec, schemes[name]);
    if (!scheme) return `unknown security scheme ${name}`;
    if (scheme.type === 'apiKey') {
      const value = scheme.in === 'header' ? req.headers[scheme.name.toLowerCase()] : scheme.in === 'query' ? url.searchParams.get(scheme.name) : undefined;
      if (scheme.in === 'cookie') return undefined;
      if (typeof value !== 'string' || !value.trim()) return `no ${scheme.name}`;
      if (scheme.name.toLowerCase() === 'authorization' && /SDK-HMAC-SHA256/.test(scheme.description || '')) {
        const m = SIGNATURE.exec(value.trim());
        if (!m) return 'Authorization is not an SDK-HMAC-SHA256 signature (Access=…, SignedHeaders=…, Signature=<64 hex>)';
        const signed = m[2].toLowerCase().split(';');
        const date = req.headers['x-sdk-date'];
        if (typeof date !== 'string' || !/^\d{8}T\d{6}Z$/.test(date)) return 'signed request without X-Sdk-Date (YYYYMMDDTHHMMSSZ)';
        if (!signed.includes('x-sdk-date') || !signed.includes('host')) return 'SignedHeaders must include host and x-sdk-date';
        if (options.credentials) {
          const sk = options.credentials[m[1]];
          if (!sk) return `unknown access key ${m[1]}`;
          if (!verifySignature({ method: req.method, url, headers: req.headers, body, signedHeaders: signed, date, signature: m[3].toLowerCase(), sk })) return 'signature does not match';
        }
      }
      return undefined;
    }
    const auth = req.headers.authorization;
    if (scheme.type === 'http') {
      const want = String(scheme.scheme || '').toLowerCase();
      if (typeof auth !== 'string' || !auth.toLowerCase().startsWith(`${want} `) || !auth.slice(want.length + 1).trim()) return `no Authorization: ${scheme.scheme} credentials`;
      return undefined;
    }
    if (scheme.type === 'oauth2' || scheme.type === 'openIdConnect') {
      if (typeof auth !== 'string' || !/^Bearer\s+\S+/i.test(auth)) return 'no Authorization: Bearer token';
      return undefined;
    }
    return undefined;
  };
  return (operation, req, url, body) => {
    const requirements = operation.op.security ?? spec.security ?? [];
    if (!requirements.length || requirements.some((r) => !Object.keys(r).length)) return undefined;
    const reasons = [];
    for (const requirement of requirements) {
      const why = Object.keys(requirement).map((name) => check(name, req, url, body)).filter(Boolean);
      if (!why.length) return undefined;
      reasons.push(why.join(' and '));
    }
    return reasons.join('; or ');
  };
}

/**
 * HMAC check of the Huawei Cloud APIG signer (SDK-HMAC-SHA256), used when `credentials` are given. The
 * canonical request is rebuilt from the request as received, the way the vendor SDK (and
 * @modelarts-openapi/client's signRequest) builds it from the URL it sends:
 *   METHOD \n path (each segment decoded, then RFC 3986-encoded; trailing `/`) \n query (decoded pairs,
 *   `+` kept literally, sorted by key then value, encoded) \n signed headers `name:value\n` \n signed
 *   header names \n X-Sdk-Content-Sha256 or hex SHA-256 of the body;
 *   string to sign = `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`.
 */
export function verifySignature({ method, url, headers, body, signedHeaders, date, signature, sk }) {
  const enc = (v) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const dec = (v) => { try { return decodeURIComponent(v); } catch { return v; } };
  let p = url.pathname.split('/').map((seg) => enc(dec(seg))).join('/');
  if (!p.endsWith('/')) p += '/';
  const pairs = url.search.slice(1).split('&').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return i === -1 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${Array.isArray(headers[h]) ? headers[h].join(',') : headers[h] ?? ''}\n`).join('');
  const payload = headers['x-sdk-content-sha256'] || crypto.createHash('sha256').update(body ?? Buffer.alloc(0)).digest('hex');
  const canonical = [method.toUpperCase(), p, query, canonicalHeaders, signedHeaders.join(';'), payload].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${date}\n${crypto.createHash('sha256').update(canonical).digest('hex')}`;
  const expected = crypto.createHmac('sha256', sk).update(toSign).digest('hex');
  return expected.length === signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

/** The documented response of an operation for a status: {status, headers, body}. */
export function documentedResponse(spec, operation, status) {
  const responses = operation.op.responses || {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
  const response = key ? deref(spec, responses[key]) : undefined;
  const headers = {};
  for (const [name, h] of Object.entries(response?.headers || {})) {
    const header = deref(spec, h);
    const value = header.example ?? deref(spec, header.schema || {}).example;
    if (value !== undefined && typeof value !== 'object') headers[name.toLowerCase()] = String(value);
  }
  const entries = Object.entries(response?.content || {});
  const [type, media] = entries.find(([t]) => isJson(t)) ?? entries[0] ?? [];
  let body;
  if (media) {
    const first = media.examples && Object.values(media.examples)[0];
    body = first !== undefined ? deref(spec, first).value : media.example ?? deref(spec, media.schema || {}).example;
  }
  if (body === undefined) body = { error_code: `Mock.${status}`, error_msg: `request rejected by the mock (${status})` };
  headers['content-type'] = type ?? 'application/json';
  return { status: Number(status), headers, body: typeof body === 'string' && !isJson(type) ? body : JSON.stringify(body) };
}

/** Status for a validation failure, as Prism picks it: 400, else 422, else the lowest declared 4xx. */
function validationStatus(operation) {
  const declared = Object.keys(operation.op.responses || {});
  if (declared.includes('400')) return 400;
  if (declared.includes('422')) return 422;
  const low = declared.filter((s) => /^4\d\d$/.test(s)).sort()[0];
  return low ? Number(low) : 400;
}

/**
 * Validates one request. @returns {{status: 401|400|…, violations: object[]}|undefined}
 */
export function createRequestChecker(spec, options = {}) {
  const validator = createValidator(spec);
  const authCheck = createAuthCheck(spec, options);
  const routes = compileRoutes(spec);
  return {
    routes,
    check(req, url, body) {
      const { operation, params } = matchRoute(routes, req.method, url.pathname);
      if (!operation) return { operation: undefined };
      if (options.auth !== false) {
        const why = authCheck(operation, req, url, body);
        if (why) return { operation, status: 401, violations: [{ location: ['request'], severity: 'Error', code: 401, message: `Invalid security scheme used: ${why}` }] };
      }
      if (options.validate === false) return { operation };
      const violations = [];
      const push = (location, problems) => {
        for (const p of problems) {
          const sub = p.pointer && p.pointer !== '/' ? p.pointer.slice(1).split('/') : [];
          const what = `${location.join(' ')}${p.pointer && p.pointer !== '/' ? p.pointer : ''}`;
          violations.push({ location: ['request', ...location, ...sub], severity: 'Error', code: p.kind, message: `${what}: ${p.message.replace(/^\S+\s/, '')}` });
        }
      };
      for (const param of operation.parameters) {
        if (!param.schema || param.in === 'cookie') continue;
        let raw;
        if (param.in === 'path') raw = params[param.name];
        else if (param.in === 'query') {
          const all = url.searchParams.getAll(param.name);
          if (!all.length) raw = undefined;
          else if (deref(spec, param.schema).type === 'array') {
            const items = deref(spec, param.schema).items || {};
            const list = param.explode === false ? all.join(',').split(',') : all;
            const value = list.map((v) => coerce(spec, items, v));
            if (param.required || all.length) push(['query', param.name], validator.validate(param.schema, value, 'request'));
            continue;
          } else raw = all[all.length - 1];
        } else if (param.in === 'header') {
          if (['accept', 'content-type', 'authorization'].includes(param.name.toLowerCase())) continue;
          const v = req.headers[param.name.toLowerCase()];
          raw = Array.isArray(v) ? v.join(',') : v;
        }
        if (raw === undefined) {
          if (param.required) violations.push({ location: ['request', param.in, param.name], severity: 'Error', code: 'required', message: `${param.in} parameter ${param.name} is required` });
          continue;
        }
        push([param.in, param.name], validator.validate(param.schema, coerce(spec, param.schema, raw), 'request'));
      }
      const rb = operation.op.requestBody && deref(spec, operation.op.requestBody);
      if (rb?.content) {
        const ct = req.headers['content-type'];
        const empty = !body || body.length === 0;
        if (empty) {
          if (rb.required) violations.push({ location: ['request', 'body'], severity: 'Error', code: 'required', message: 'Body parameter is required' });
        } else {
          const declared = Object.keys(rb.content);
          const type = ct && declared.find((d) => mediaMatches(d, ct));
          if (!type) {
            violations.push({ location: ['request', 'header', 'content-type'], severity: 'Error', code: 415, message: `Unsupported content type ${ct ? mediaBase(ct) : '(none)'}; supported: ${declared.join(', ')}` });
          } else if (isJson(type) || isJson(ct)) {
            let value;
            let parsed = false;
            try {
              value = JSON.parse(body.toString('utf8'));
              parsed = true;
            } catch (e) {
              violations.push({ location: ['request', 'body'], severity: 'Error', code: 'invalid_json', message: `Body is not valid JSON: ${e.message}` });
            }
            if (parsed && rb.content[type].schema) push(['body'], validator.validate(rb.content[type].schema, value, 'request'));
          }
        }
      }
      if (!violations.length) return { operation };
      return { operation, status: validationStatus(operation), violations };
    },
  };
}

/** The sl-violations header: JSON, ASCII only (\u escapes), at most ~7 kB so every client can read it. */
export function violationsHeader(violations) {
  const ascii = (x) => JSON.stringify(x).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const list = [];
  for (const v of violations) {
    if (ascii([...list, v]).length > 7000) break;
    list.push(v);
  }
  return ascii(list);
}

function cors(req) {
  const origin = req.headers.origin;
  return {
    'access-control-allow-origin': origin || '*',
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': '*',
    'access-control-expose-headers': '*',
  };
}

/**
 * An http.Server (not yet listening) that validates and forwards to `upstream` (Prism).
 * @param {object} spec bundled spec
 * @param {{upstream: string, auth?: boolean, validate?: boolean, credentials?: Record<string,string>,
 *          onRequest?: (record: object) => void, log?: (line: string) => void}} options
 */
export function createFront(spec, options) {
  const upstream = new URL(options.upstream);
  const checker = createRequestChecker(spec, options);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const freshAgent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      try {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url, 'http://mock.invalid');
        let result;
        if (tooLarge) {
          const { operation } = matchRoute(checker.routes, req.method, url.pathname);
          result = operation ? { operation, status: validationStatus(operation), violations: [{ location: ['request', 'body'], severity: 'Error', code: 'range', message: `Body larger than ${MAX_BODY} bytes` }] } : { operation };
        } else result = checker.check(req, url, body);
        options.onRequest?.({ method: req.method, url: req.url, operation: result.operation?.id, status: result.status, violations: result.violations });
        if (result.status) {
          const doc = documentedResponse(spec, result.operation, result.status);
          res.writeHead(doc.status, { ...cors(req), ...doc.headers, 'sl-violations': violationsHeader(result.violations), 'content-length': Buffer.byteLength(doc.body) });
          res.end(doc.body);
          return;
        }
        const headers = { ...req.headers, host: upstream.host };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        if (body.length) headers['content-length'] = String(body.length);
        // Prism sometimes closes a kept-alive connection just as the next request goes out on it (seen as
        // ECONNRESET / "socket hang up" under load). Nothing reached Prism's handler then, and a mock is
        // stateless: send it again once, on a fresh connection.
        const forward = (attempt) => {
          const up = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: attempt ? freshAgent : agent }, (ures) => {
            res.writeHead(ures.statusCode, ures.headers);
            ures.pipe(res);
          });
          up.on('error', (e) => {
            if (res.headersSent) return res.destroy();
            if (attempt === 0 && RETRYABLE.has(e.code)) {
              server.upstreamRetries++;
              options.log?.(`front: ${req.method} ${req.url}: ${e.code} from Prism, sent again on a new connection`);
              return forward(1);
            }
            options.log?.(`front: ${req.method} ${req.url}: Prism did not answer (${e.code ?? e.message}), answered 502`);
            const text = JSON.stringify({ error_code: 'Mock.502', error_msg: `the mock's Prism process did not answer: ${e.code ?? ''} ${e.message}` });
            res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
            res.end(text);
          });
          up.end(body.length ? body : undefined);
        };
        forward(0);
      } catch (e) {
        // A bug in the front must show as a 500 with the reason, never as a hung or reset connection.
        const text = JSON.stringify({ error_code: 'Mock.500', error_msg: `mock front failed: ${e.message}` });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.upstreamRetries = 0;
  server.on('close', () => { agent.destroy(); freshAgent.destroy(); });
  return server;
}

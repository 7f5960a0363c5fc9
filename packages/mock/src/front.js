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

/** True when `text` has a `%` not followed by two hex digits, or escapes that are not UTF-8. */
export function badPercentEncoding(text) {
  if (text.indexOf('%') === -1) return false;
  try {
    decodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}

/** Violations for a request target whose path segments or query items are not valid percent-encoding. */
function encodingViolations(url) {
  const out = [];
  for (const seg of url.pathname.split('/')) {
    if (badPercentEncoding(seg)) out.push({ location: ['request', 'path'], severity: 'Error', code: 'invalid_encoding', message: `path segment "${seg.slice(0, 100)}" is not valid percent-encoding (%XX escapes of UTF-8)` });
  }
  for (const item of url.search.slice(1).split('&')) {
    if (badPercentEncoding(item.replace(/\+/g, ' '))) out.push({ location: ['request', 'query'], severity: 'Error', code: 'invalid_encoding', message: `query item "${item.slice(0, 100)}" is not valid percent-encoding (%XX escapes of UTF-8)` });
  }
  return out;
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
const SIGNATURE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([A-Za-z0-9;!#$%&'*+.^_`|~-]+),\s*Signature=([0-9a-fA-F]{64})$/;

export const DEFAULT_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Milliseconds since the epoch of an X-Sdk-Date (YYYYMMDDTHHMMSSZ), or NaN when it is no real date. */
export function parseSdkDate(value) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return NaN;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  // Date.UTC rolls 20261332 over into the next year; a real date reads back the same.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== se) return NaN;
  return t;
}

/**
 * Why a signed request is not authentic (given the secret keys), or undefined. Checks, in this order: the
 * access key is known, X-Sdk-Date is within `maxClockSkewMs` of now (the gateway refuses dates about
 * 15 minutes off), X-Sdk-Content-Sha256 (when sent, and not UNSIGNED-PAYLOAD) is the body's hash, and
 * the signature matches.
 */
export function signatureProblem({ req, url, rawPath, rawQuery, body, access, signedHeaders, date, signature, credentials, maxClockSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS, now = Date.now() }) {
  // A Map, so that `Access=__proto__` or `constructor` is just an unknown key.
  const sk = credentials.get(access);
  if (typeof sk !== 'string') return `unknown access key ${access}`;
  const at = parseSdkDate(date);
  if (Number.isNaN(at)) return `X-Sdk-Date ${date} is not a valid date`;
  if (Math.abs(now - at) > maxClockSkewMs) return `X-Sdk-Date ${date} is more than ${Math.round(maxClockSkewMs / 1000)} s away from the mock's clock`;
  const declared = req.headers['x-sdk-content-sha256'];
  if (declared !== undefined && declared !== UNSIGNED_PAYLOAD) {
    const actual = crypto.createHash('sha256').update(body ?? Buffer.alloc(0)).digest('hex');
    if (String(declared).toLowerCase() !== actual) return 'X-Sdk-Content-Sha256 is not the SHA-256 of the body';
  }
  if (!verifySignature({ method: req.method, url, rawPath, rawQuery, headers: req.headers, body, signedHeaders, date, signature, sk })) return 'signature does not match';
  return undefined;
}

/**
 * @param {object} spec bundled spec
 * @param {{credentials?: Record<string,string>|Map<string,string>, maxClockSkewMs?: number}} options
 *   access key → secret key, to verify signatures
 * @returns {(op: object, req: http.IncomingMessage, url: URL, body: Buffer) => string|undefined} why the request is not authenticated
 */
function createAuthCheck(spec, options = {}) {
  const schemes = spec.components?.securitySchemes || {};
  const credentials = options.credentials && (options.credentials instanceof Map ? options.credentials : new Map(Object.entries(options.credentials)));
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
        if (credentials) {
          const why = signatureProblem({ req, url, ...rawTarget(req), body, access: m[1], signedHeaders: signed, date, signature: m[3].toLowerCase(), credentials, maxClockSkewMs: options.maxClockSkewMs });
          if (why) return why;
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

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const hex2 = (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
const enc = (v) => encodeURIComponent(v).replace(/[!'()*]/g, hex2);
const dec = (v) => { try { return decodeURIComponent(v); } catch { return v; } };

/** The request target's path and query exactly as received (no WHATWG normalisation). */
function rawTarget(req) {
  let target = (req.url || '/').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const hash = target.indexOf('#');
  if (hash !== -1) target = target.slice(0, hash);
  const q = target.indexOf('?');
  return q === -1 ? { rawPath: target, rawQuery: '' } : { rawPath: target.slice(0, q), rawQuery: target.slice(q + 1) };
}

// Characters that would change a URL's structure stay escaped when the signer decodes the path.
const PROTECTED_IN_PATH = /[/?#\\\x00-\x20\x7f]/g;
// Characters Node's legacy url.parse (which the vendor signer reads the URL with) escapes in a path.
const AUTO_ESCAPE = /[\t\n\r "'<>^`{|}]/g;

/**
 * The canonical URI of a path as received, built the way @modelarts-openapi/client's signRequest builds
 * it from the URL it sends (transport.ts signingUrl, then signer.ts parseUrl and canonicalUri), so the
 * two agree on every path parameter the client can send:
 *   1. runs of %XX escapes are decoded, except characters that would change the URL's structure
 *      (`/ ? # \`, whitespace, controls), which stay escaped; an invalid run stays as it is;
 *   2. backslashes count as slashes, and url.parse's escapes (`'`, `"`, `<`, `>`, `^`, backtick, braces,
 *      `|`, whitespace) are applied;
 *   3. each segment is RFC 3986-encoded (so a remaining `%` becomes `%25`), with a trailing `/`.
 */
export function canonicalUriOf(rawPath) {
  const decoded = rawPath.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run).replace(PROTECTED_IN_PATH, hex2);
    } catch {
      return run;
    }
  });
  const parsed = decoded.replace(/\\/g, '/').replace(AUTO_ESCAPE, hex2) || '/';
  const uri = parsed.split('/').map(enc).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * HMAC check of the Huawei Cloud APIG signer (SDK-HMAC-SHA256), used when `credentials` are given. The
 * canonical request is rebuilt from the request as received, the way the vendor SDK (and
 * @modelarts-openapi/client's signRequest) builds it from the URL it sends:
 *   METHOD \n canonical URI (canonicalUriOf) \n query (decoded pairs, `+` kept literally, sorted by key
 *   then value, encoded) \n signed headers `name:value\n` \n signed header names \n
 *   X-Sdk-Content-Sha256 or hex SHA-256 of the body;
 *   string to sign = `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`.
 * Only the HMAC: signatureProblem also checks the date window and X-Sdk-Content-Sha256 against the body.
 */
export function verifySignature({ method, url, rawPath, rawQuery, headers, body, signedHeaders, date, signature, sk }) {
  const p = canonicalUriOf(rawPath ?? url.pathname);
  const pairs = (rawQuery ?? url.search.slice(1)).split('&').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return i === -1 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const query = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  // The signer lists canonical headers in localeCompare order (as the vendor's); for names of [a-z0-9-]
  // that is the SignedHeaders order.
  const order = signedHeaders.every((h) => /^[a-z0-9-]*$/.test(h)) ? signedHeaders : [...signedHeaders].sort((a, b) => a.localeCompare(b));
  const canonicalHeaders = order.map((h) => `${h}:${Array.isArray(headers[h]) ? headers[h].join(',') : headers[h] ?? ''}\n`).join('');
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
      // Prism decodes path parameters with decodeURIComponent unguarded: one `%zz` killed its process.
      // Such a request is answered here and never forwarded, whether it matches an operation or not.
      const badEncoding = encodingViolations(url);
      if (badEncoding.length) return { operation, status: operation ? validationStatus(operation) : 400, violations: badEncoding };
      if (!operation) return { operation: undefined };
      if (options.auth !== false) {
        const why = authCheck(operation, req, url, body);
        if (why) return { operation, status: 401, violations: [{ location: ['request'], severity: 'Error', code: 401, message: `Invalid security scheme used: ${why}` }] };
      }
      if (options.validate === false) return { operation };
      const violations = [];
      let lenientBody;
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
            if (parsed && rb.content[type].schema) {
              push(['body'], validator.validate(rb.content[type].schema, value, 'request'));
              lenientBody = { value };
            }
          }
        }
      }
      if (!violations.length) return { operation };
      // --lenient: unknown body properties are reported, and the request still goes through (without them,
      // so that Prism, which validates too, answers its example).
      if (options.lenient && lenientBody && violations.every((v) => v.code === 'additionalProperty' && v.location[1] === 'body')) {
        for (const v of violations) deleteAt(lenientBody.value, v.location.slice(2));
        return { operation, warnings: violations.map((v) => ({ ...v, severity: 'Warning' })), body: Buffer.from(JSON.stringify(lenientBody.value)) };
      }
      return { operation, status: validationStatus(operation), violations };
    },
  };
}

/** Deletes the property at a path of keys (array indices as strings) from a parsed JSON value. */
function deleteAt(value, pointerKeys) {
  const keys = pointerKeys.map((k) => String(k).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = value;
  for (const k of keys.slice(0, -1)) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, k)) return;
    node = node[k];
  }
  const last = keys[keys.length - 1];
  if (node && typeof node === 'object' && !Array.isArray(node) && Object.hasOwn(node, last)) delete node[last];
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
 *          maxClockSkewMs?: number, lenient?: boolean, onRequest?: (record: object) => void,
 *          log?: (line: string) => void}} options
 *   `lenient`: a body whose only problems are unknown properties is forwarded without them, the problems
 *   listed (severity Warning) in the answer's `sl-violations` header.
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
          const doc = result.operation
            ? documentedResponse(spec, result.operation, result.status)
            : { status: result.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error_code: `Mock.${result.status}`, error_msg: result.violations.map((v) => v.message).join('; ') }) };
          res.writeHead(doc.status, { ...cors(req), ...doc.headers, 'sl-violations': violationsHeader(result.violations), 'content-length': Buffer.byteLength(doc.body) });
          res.end(doc.body);
          return;
        }
        const headers = { ...req.headers, host: upstream.host };
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        const sent = result.body ?? body;
        if (sent.length) headers['content-length'] = String(sent.length);
        // Prism sometimes closes a kept-alive connection just as the next request goes out on it (seen as
        // ECONNRESET / "socket hang up" under load). Nothing reached Prism's handler then, and a mock is
        // stateless: send it again once, on a fresh connection.
        const forward = (attempt) => {
          const up = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: attempt ? freshAgent : agent }, (ures) => {
            const outHeaders = result.warnings ? { ...ures.headers, 'sl-violations': violationsHeader(result.warnings) } : ures.headers;
            res.writeHead(ures.statusCode, outHeaders);
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
          up.end(sent.length ? sent : undefined);
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

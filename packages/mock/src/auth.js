// Authentication: the security requirements of an operation, checked the way the API gateway checks them
// (X-Auth-Token present, or an SDK-HMAC-SHA256 Authorization header with X-Sdk-Date; with `credentials`
// also the signature, the body hash and the date window). Shared by the compiled engine and the Prism
// front, so both modes refuse exactly the same requests.
import crypto from 'node:crypto';
import { deref } from '@modelarts-openapi/spec';

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
export function createAuthCheck(spec, options = {}) {
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


// AK/SK request signing (SDK-HMAC-SHA256), the scheme of Huawei Cloud's API gateway.
//
// One canonicalisation, two hash back-ends: node:crypto (synchronous) where the runtime has it, and
// WebCrypto (globalThis.crypto.subtle) everywhere else (browsers, workers, Deno). The output is
// byte-identical to AKSKSigner of @huaweicloud/huaweicloud-sdk-core 3.x for the same request, which the
// contract tests check on thousands of generated cases:
//
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n hex(SHA-256(body))
//   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA-256(canonical request))
//   Authorization     = SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex HMAC(SK, string to sign)>
//
// Where the vendor's signer reads `url.parse(url).pathname`, this one reproduces that reading (host as
// written, lower-cased, with an explicit port; the legacy parser's auto-escaping of ' "<>\^`{|} and
// whitespace), so the same URL string gives the same canonical URI. The query is read from the URL
// (percent-decoded, `+` kept literally, repeated keys kept) instead of from a separate object.
//
// Deliberate differences from the vendor (HTTP semantics over the vendor's accidents, none of which the
// vendor SDK itself ever triggers): header names are matched case-insensitively (the vendor looks up
// exactly `X-Sdk-Date`, `host`, `content-type` and `X-Sdk-Content-Sha256`), and the six methods fetch
// normalises (get, post, …) are upper-cased as fetch will send them.

/** A request to sign. `url` is absolute; its query string is part of the signature. */
export interface SignableRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** The exact body that will be sent (UTF-8 for strings). Empty or absent: the empty-body hash. */
  body?: string | Uint8Array;
}

/** AK/SK credentials. `securityToken` marks temporary credentials; `projectId` adds X-Project-Id. */
export interface AkSkCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
  projectId?: string;
}

/** A hash back-end: SHA-256 and HMAC-SHA256 as lower-case hex, synchronous or not. */
export interface HashBackend {
  readonly name: string;
  sha256Hex(data: string | Uint8Array): string | Promise<string>;
  hmacSha256Hex(key: string, data: string): string | Promise<string>;
}

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

// ---------------------------------------------------------------------------------------------------
// Encoding

const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BYTE[i] = '%' + (i < 16 ? '0' : '') + i.toString(16).toUpperCase();
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const SUB_DELIMS_LEFT_BY_ENCODEURICOMPONENT = /[!'()*]/g;

/** RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - _ . ~ (UTF-8, upper-case hex). */
export function urlEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  try {
    return encodeURIComponent(value).replace(SUB_DELIMS_LEFT_BY_ENCODEURICOMPONENT, (c) => HEX_BYTE[c.charCodeAt(0)]);
  } catch {
    return urlEncodeLoneSurrogates(value);
  }
}

// The vendor's (Node's querystring.escape) handling of ill-formed UTF-16: a surrogate takes the next
// code unit as its partner whatever it is, and a surrogate at the very end is an error.
function urlEncodeLoneSurrogates(str: string): string {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      out += UNRESERVED.test(str[i]) ? str[i] : HEX_BYTE[c];
    } else if (c < 0x800) {
      out += HEX_BYTE[0xc0 | (c >> 6)] + HEX_BYTE[0x80 | (c & 0x3f)];
    } else if (c < 0xd800 || c >= 0xe000) {
      out += HEX_BYTE[0xe0 | (c >> 12)] + HEX_BYTE[0x80 | ((c >> 6) & 0x3f)] + HEX_BYTE[0x80 | (c & 0x3f)];
    } else {
      i++;
      if (i >= str.length) throw new URIError('ERR_INVALID_URI: unpaired surrogate at the end of a URL component');
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out += HEX_BYTE[0xf0 | (c >> 18)] + HEX_BYTE[0x80 | ((c >> 12) & 0x3f)] + HEX_BYTE[0x80 | ((c >> 6) & 0x3f)] + HEX_BYTE[0x80 | (c & 0x3f)];
    }
  }
  return out;
}

function decodeComponent(value: string): string {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------------
// URL reading (the parts of Node's legacy url.parse the vendor's signer depends on)

// Characters url.parse escapes on its own in the path (after turning backslashes into slashes).
const AUTO_ESCAPE = /[\t\n\r "'<>^`{|}]/g;
const AUTO_ESCAPED: Record<string, string> = {
  '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27', '<': '%3C', '>': '%3E',
  '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D',
};

export interface ParsedUrl {
  /** host[:port] as url.parse reports it: lower-cased, punycode, port kept as written. */
  host: string;
  /** Path as url.parse reports it (never empty). */
  pathname: string;
  /** The raw query string without `?`, or ''. */
  query: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Everything the slow path has to deal with: whitespace at the ends, backslashes, fragments,
// characters url.parse escapes, non-ASCII hosts.
const NEEDS_SLOW_PARSE = /[\\#\t\n\r "'<>^`{|}]/;

export function parseUrl(input: string): ParsedUrl {
  // Fast path: "http(s)://host/path?query" with nothing url.parse would touch.
  const fast = input.startsWith('https://') ? 8 : input.startsWith('http://') ? 7 : 0;
  if (fast && !NEEDS_SLOW_PARSE.test(input) && input.charCodeAt(input.length - 1) > 0x20) {
    const q = input.indexOf('?', fast);
    const pathEnd = q === -1 ? input.length : q;
    let slash = input.indexOf('/', fast);
    if (slash === -1 || slash > pathEnd) slash = pathEnd;
    const authority = input.slice(fast, slash);
    if (authority.indexOf('@') === -1 && !/[^\x21-\x7e]/.test(authority)) {
      let host = authority.toLowerCase();
      if (host.endsWith(':')) host = host.slice(0, -1);
      return { host, pathname: slash === pathEnd ? '/' : input.slice(slash, pathEnd), query: q === -1 ? '' : input.slice(q + 1) };
    }
  }
  return parseUrlSlow(input);
}

function parseUrlSlow(input: string): ParsedUrl {
  let rest = input.trim();
  const scheme = SCHEME.exec(rest);
  if (!scheme) throw new TypeError('signRequest needs an absolute URL (scheme://host/path)');
  rest = rest.slice(scheme[0].length);
  // Backslashes before the query count as slashes; the fragment is never sent.
  let end = rest.search(/[?#]/);
  if (end === -1) end = rest.length;
  rest = rest.slice(0, end).replace(/\\/g, '/') + rest.slice(end);
  const hash = rest.indexOf('#');
  if (hash !== -1) rest = rest.slice(0, hash);
  if (!rest.startsWith('//')) throw new TypeError('signRequest needs an absolute URL (scheme://host/path)');
  rest = rest.slice(2);
  let hostEnd = rest.search(/[/?]/);
  if (hostEnd === -1) hostEnd = rest.length;
  let authority = rest.slice(0, hostEnd);
  rest = rest.slice(hostEnd);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = authority.slice(at + 1);
  let host = authority.toLowerCase();
  if (host.endsWith(':')) host = host.slice(0, -1);
  if (/[^\x00-\x7f]/.test(host)) {
    const colon = host.lastIndexOf(':');
    const port = colon !== -1 && /^\d*$/.test(host.slice(colon + 1)) ? host.slice(colon) : '';
    host = new URL(`http://${port ? host.slice(0, colon) : host}`).hostname + port;
  }
  const q = rest.indexOf('?');
  let pathname = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);
  pathname = pathname.replace(AUTO_ESCAPE, (c) => AUTO_ESCAPED[c]);
  if (pathname === '') pathname = '/';
  return { host, pathname, query };
}

const UNRESERVED_PATH = /^[A-Za-z0-9\-_.~/]*$/;
/** Each path segment percent-encoded (so an existing `%` becomes `%25`), with a trailing slash. */
export function canonicalUri(pathname: string): string {
  let uri = UNRESERVED_PATH.test(pathname) ? pathname : pathname.split('/').map(urlEncode).join('/');
  if (uri.charCodeAt(uri.length - 1) !== 0x2f) uri += '/';
  return uri;
}

/** Query parameters of a raw query string, decoded, in order (repeated keys repeated). */
export function parseQuery(query: string): Array<[string, string]> {
  const decode = decodeComponent;
  const pairs: Array<[string, string]> = [];
  const n = query.length;
  let start = 0;
  while (start < n) {
    let amp = query.indexOf('&', start);
    if (amp === -1) amp = n;
    if (amp > start) {
      const eq = query.indexOf('=', start);
      if (eq === -1 || eq > amp) pairs.push([decode(query.slice(start, amp)), '']);
      else pairs.push([decode(query.slice(start, eq)), decode(query.slice(eq + 1, amp))]);
    }
    start = amp + 1;
  }
  return pairs;
}

/** key=value pairs sorted by raw key, then by raw value (code units), both percent-encoded, joined by `&`. */
const PLAIN_QUERY = /^[A-Za-z0-9\-_.~=&]*$/;
export function canonicalQueryString(query: string): string {
  if (!query) return '';
  // Nothing to decode or encode: sort the parameters as they are.
  if (PLAIN_QUERY.test(query)) return canonicalPlainQuery(query);
  const pairs = parseQuery(query);
  // Insertion sort: a handful of parameters, and stable.
  for (let i = 1; i < pairs.length; i++) {
    const p = pairs[i];
    let j = i - 1;
    while (j >= 0 && (pairs[j][0] > p[0] || (pairs[j][0] === p[0] && pairs[j][1] > p[1]))) {
      pairs[j + 1] = pairs[j];
      j--;
    }
    pairs[j + 1] = p;
  }
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += `${i ? '&' : ''}${urlEncode(pairs[i][0])}=${urlEncode(pairs[i][1])}`;
  return out;
}

function canonicalPlainQuery(query: string): string {
  const parts = query.split('&');
  const keys: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    let j = keys.length - 1;
    while (j >= 0 && (keys[j] > key || (keys[j] === key && values[j] > value))) {
      keys[j + 1] = keys[j];
      values[j + 1] = values[j];
      j--;
    }
    keys[j + 1] = key;
    values[j + 1] = value;
  }
  let out = '';
  for (let i = 0; i < keys.length; i++) out += (i ? '&' : '') + keys[i] + '=' + values[i];
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
let lastSecond = NaN;
let lastFormatted = '';
/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date for X-Sdk-Date');
  const second = Math.floor(t / 1000);
  if (second !== lastSecond) {
    lastFormatted = `${String(date.getUTCFullYear()).padStart(4, '0')}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}T${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}${pad2(date.getUTCSeconds())}Z`;
    lastSecond = second;
  }
  return lastFormatted;
}
const SDK_DATE = /^\d{8}T\d{6}Z$/;
function sdkDateNow(): string {
  const t = Date.now();
  return Math.floor(t / 1000) === lastSecond ? lastFormatted : formatSdkDate(new Date(t));
}

// ---------------------------------------------------------------------------------------------------
// Hash back-ends

const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2[i] = (i < 16 ? '0' : '') + i.toString(16);
function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX2[bytes[i]];
  return out;
}

interface NodeHash {
  update(data: string | Uint8Array, encoding?: string): NodeHash;
  digest(encoding: 'hex'): string;
}
interface NodeBuffer extends Uint8Array {
  write(data: string, offset: number, length: number, encoding: 'latin1'): number;
}
interface NodeCrypto {
  createHash(algorithm: string): NodeHash;
  createHmac(algorithm: string, key: string): NodeHash;
  /** One-shot hashing (Node ≥ 20.12): no Hash object, a third of the cost for short inputs. */
  hash?(algorithm: string, data: string | Uint8Array, outputEncoding: 'hex' | 'buffer' | 'latin1'): string | NodeBuffer;
}
interface NodeBufferModule {
  Buffer: { alloc(size: number): NodeBuffer; from(data: string, encoding: 'utf8'): NodeBuffer };
}

function builtin<T>(id: string): T | undefined {
  // process.getBuiltinModule (Node ≥ 20.16) is synchronous and invisible to browser bundlers.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** The node:crypto back-end (synchronous), or undefined where node:crypto is not available. */
export function nodeCryptoBackend(): HashBackend | undefined {
  const crypto = builtin<NodeCrypto>('node:crypto');
  if (!crypto || typeof crypto.createHmac !== 'function') return undefined;
  const hash = crypto.hash;
  const Buffer = builtin<NodeBufferModule>('node:buffer')?.Buffer;
  if (typeof hash !== 'function' || !Buffer) {
    return {
      name: 'node:crypto',
      sha256Hex: (data) => crypto.createHash('sha256').update(data, typeof data === 'string' ? 'utf8' : undefined).digest('hex'),
      hmacSha256Hex: (key, data) => crypto.createHmac('sha256', key).update(data, 'utf8').digest('hex'),
    };
  }
  const sha256 = (data: string | Uint8Array, enc: 'hex' | 'buffer' | 'latin1') => hash.call(crypto, 'sha256', data, enc as 'hex');
  // HMAC (RFC 2104) from two one-shot hashes over per-key buffers: inner = H(K^ipad ‖ m),
  // HMAC = H(K^opad ‖ inner). Bytes travel as latin1 strings (no Buffer allocation per call). The
  // buffers are reused; this back-end is synchronous, so that is safe.
  type KeyState = { ipad: Uint8Array; inner: NodeBuffer; outer: NodeBuffer };
  const newState = (): KeyState => ({ ipad: new Uint8Array(64), inner: Buffer.alloc(0), outer: Buffer.alloc(64 + 32) });
  const fill = (state: KeyState, sk: string) => {
    let key: Uint8Array = Buffer.from(sk, 'utf8');
    if (key.length > 64) key = sha256(key, 'buffer') as NodeBuffer;
    for (let i = 0; i < 64; i++) {
      const k = i < key.length ? key[i] : 0;
      state.ipad[i] = k ^ 0x36;
      state.outer[i] = k ^ 0x5c;
    }
    if (state.inner.length >= 64) state.inner.set(state.ipad, 0);
    return state;
  };
  // Key states of the keys in use (a program signs with one or two; at most 16 are kept), and one
  // scratch state for any further key.
  const keys = new Map<string, KeyState>();
  const scratch = newState();
  let scratchKey: string | undefined;
  const keyState = (sk: string): KeyState => {
    const known = keys.get(sk);
    if (known) return known;
    if (keys.size < 16) {
      const state = fill(newState(), sk);
      keys.set(sk, state);
      return state;
    }
    if (scratchKey !== sk) {
      fill(scratch, sk);
      scratchKey = sk;
    }
    return scratch;
  };
  const ASCII = /^[\x00-\x7f]*$/;
  return {
    name: 'node:crypto',
    sha256Hex: (data) => sha256(data, 'hex') as string,
    hmacSha256Hex: (sk, data) => {
      if (!ASCII.test(data)) return crypto.createHmac('sha256', sk).update(data, 'utf8').digest('hex');
      const state = keyState(sk);
      if (state.inner.length !== 64 + data.length) {
        // Sized to the message: the string to sign always has the same length.
        state.inner = Buffer.alloc(64 + data.length);
        state.inner.set(state.ipad, 0);
      }
      state.inner.write(data, 64, data.length, 'latin1');
      state.outer.write(sha256(state.inner, 'latin1') as string, 64, 32, 'latin1');
      return sha256(state.outer, 'hex') as string;
    },
  };
}

/** The WebCrypto back-end (globalThis.crypto.subtle), or undefined where it is missing (plain http pages). */
export function webCryptoBackend(): HashBackend | undefined {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) return undefined;
  const encoder = new TextEncoder();
  // Imported HMAC keys, per secret key; a handful at most in any real program.
  const keys = new Map<string, Promise<CryptoKey>>();
  const hmacKey = (sk: string) => {
    let key = keys.get(sk);
    if (!key) {
      if (keys.size >= 16) keys.delete(keys.keys().next().value as string);
      key = subtle.importKey('raw', encoder.encode(sk), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      keys.set(sk, key);
      key.catch(() => keys.delete(sk));
    }
    return key;
  };
  return {
    name: 'webcrypto',
    sha256Hex: async (data) => toHex(await subtle.digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>))),
    hmacSha256Hex: async (sk, data) => toHex(await subtle.sign('HMAC', await hmacKey(sk), encoder.encode(data))),
  };
}

let defaultBackend: HashBackend | undefined;
/** node:crypto where available, else WebCrypto. */
export function defaultHashBackend(): HashBackend {
  if (!defaultBackend) {
    defaultBackend = nodeCryptoBackend() ?? webCryptoBackend();
    if (!defaultBackend) throw new Error('AK/SK signing needs node:crypto or WebCrypto (globalThis.crypto.subtle, secure contexts only)');
  }
  return defaultBackend;
}

// ---------------------------------------------------------------------------------------------------
// Signing

const FETCH_NORMALISED_METHODS = /^(delete|get|head|options|post|put)$/i;
const SIMPLE_SIGNED_HEADERS = /^[a-z0-9;-]*$/;

/** Everything of a signature that needs no hashing, plus the payload hash when it is known already. */
export interface CanonicalParts {
  method: string;
  headers: Record<string, string>;
  date: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  /** The X-Sdk-Content-Sha256 header's value (e.g. UNSIGNED-PAYLOAD), when given. */
  contentSha256?: string;
}

/** Builds the header set to send and the canonical pieces of the request (everything but the hashes). */
export function canonicalise(request: SignableRequest, credentials: AkSkCredentials, date?: Date): CanonicalParts {
  const m = request.method;
  const method = m === 'GET' || m === 'POST' || m === 'PUT' || m === 'DELETE' ? m : FETCH_NORMALISED_METHODS.test(m) ? m.toUpperCase() : m;
  const parsed = parseUrl(request.url);

  // One pass over the given headers: names, lower-case names, values, and the ones that matter here.
  const names: string[] = [];
  const lower: string[] = [];
  const values: string[] = [];
  let dateIndex = -1;
  let hasHost = false;
  let hasToken = false;
  let hasProject = false;
  let contentSha256: string | undefined;
  const given = request.headers;
  if (given) {
    const keys = Object.keys(given);
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i];
      const value = given[name];
      const l = name.toLowerCase();
      if (l.length > 3 && (l.charCodeAt(0) === 0x78 || l === 'host')) {
        if (l === 'x-sdk-date') dateIndex = i;
        else if (l === 'host') hasHost = true;
        else if (l === 'x-security-token') hasToken = true;
        else if (l === 'x-project-id') hasProject = true;
        else if (l === 'x-sdk-content-sha256') contentSha256 = String(value);
      }
      names.push(name);
      lower.push(l);
      values.push(typeof value === 'string' ? value : String(value));
    }
  }
  // Temporary credentials and the project go first, as the vendor SDK adds them.
  if (credentials.projectId && !hasProject) {
    names.unshift('X-Project-Id');
    lower.unshift('x-project-id');
    values.unshift(credentials.projectId);
    if (dateIndex !== -1) dateIndex++;
  }
  if (credentials.securityToken && !hasToken) {
    names.unshift('X-Security-Token');
    lower.unshift('x-security-token');
    values.unshift(credentials.securityToken);
    if (dateIndex !== -1) dateIndex++;
  }
  let sdkDate: string;
  if (dateIndex !== -1) {
    const value = values[dateIndex];
    sdkDate = SDK_DATE.test(value) ? value : formatSdkDate(new Date(value));
  } else {
    sdkDate = date ? formatSdkDate(date) : sdkDateNow();
    names.push('X-Sdk-Date');
    lower.push('x-sdk-date');
    values.push(sdkDate);
  }
  if (!hasHost) {
    names.push('host');
    lower.push('host');
    values.push(parsed.host);
  }
  const headers: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) headers[names[i]] = values[i];

  // Signed: every header but a multipart Content-Type (its boundary is the HTTP stack's business),
  // sorted by lower-case name (stable, code units).
  const order: number[] = [];
  for (let i = 0; i < names.length; i++) {
    if (lower[i] === 'content-type' && values[i].indexOf('multipart/form-data') !== -1) continue;
    let j = order.length - 1;
    while (j >= 0 && lower[order[j]] > lower[i]) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = i;
  }
  let signedHeaders = '';
  for (let k = 0; k < order.length; k++) signedHeaders += (k ? ';' : '') + lower[order[k]];
  // The vendor lists canonical headers in localeCompare order. For names of [a-z0-9-] that is the
  // code-unit order above; only exotic names (`_`, `~`, …) need the collator.
  const canonicalOrder = SIMPLE_SIGNED_HEADERS.test(signedHeaders) ? order : order.slice().sort((a, b) => lower[a].localeCompare(lower[b]) || a - b);
  let canonicalHeaders = '';
  for (let k = 0; k < canonicalOrder.length; k++) canonicalHeaders += `${lower[canonicalOrder[k]]}:${values[canonicalOrder[k]]}\n`;

  return {
    method,
    headers,
    date: sdkDate,
    canonicalUri: canonicalUri(parsed.pathname),
    canonicalQuery: canonicalQueryString(parsed.query),
    canonicalHeaders,
    signedHeaders,
    contentSha256,
  };
}

function payloadHashOf(request: SignableRequest, parts: CanonicalParts, backend: HashBackend): string | Promise<string> {
  if (parts.contentSha256) return parts.contentSha256;
  const body = request.body;
  if (body === undefined || body === null || body.length === 0) return EMPTY_BODY_SHA256;
  return backend.sha256Hex(body);
}

function canonicalRequestOf(parts: CanonicalParts, payloadHash: string): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${payloadHash}`;
}

function finish(parts: CanonicalParts, credentials: AkSkCredentials, payloadHash: string, backend: HashBackend) {
  const canonicalRequest = canonicalRequestOf(parts, payloadHash);
  const prefix = `${SIGNING_ALGORITHM}\n${parts.date}\n`;
  const authorization = (signature: string) => {
    parts.headers.Authorization = `${SIGNING_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${parts.signedHeaders}, Signature=${signature}`;
    return parts.headers;
  };
  const hashed = backend.sha256Hex(canonicalRequest);
  if (typeof hashed === 'string') {
    const signature = backend.hmacSha256Hex(credentials.sk, prefix + hashed);
    return typeof signature === 'string' ? authorization(signature) : signature.then(authorization);
  }
  return hashed.then((h) => backend.hmacSha256Hex(credentials.sk, prefix + h)).then(authorization);
}

/**
 * What a signature covers, for comparing with the gateway's view when a signature is refused
 * (APIGW.0301): the canonical request and the string to sign. Holds no secret.
 */
export async function explainSignature(
  request: SignableRequest,
  credentials: Pick<AkSkCredentials, 'securityToken' | 'projectId'> = {},
  date?: Date,
  backend: HashBackend = defaultHashBackend(),
): Promise<{ canonicalRequest: string; stringToSign: string; signedHeaders: string }> {
  const parts = canonicalise(request, { ak: '-', sk: '-', ...credentials }, date);
  const canonicalRequest = canonicalRequestOf(parts, await payloadHashOf(request, parts, backend));
  return { canonicalRequest, stringToSign: `${SIGNING_ALGORITHM}\n${parts.date}\n${await backend.sha256Hex(canonicalRequest)}`, signedHeaders: parts.signedHeaders };
}

function checkCredentials(credentials: AkSkCredentials) {
  if (!credentials || !credentials.ak) throw new TypeError('AK/SK signing needs an access key (ak)');
  if (!credentials.sk) throw new TypeError('AK/SK signing needs a secret key (sk)');
}

/**
 * Signs with a given back-end. Returns the headers synchronously when the back-end is synchronous
 * (node:crypto), a promise otherwise.
 */
export function signWith(
  backend: HashBackend,
  request: SignableRequest,
  credentials: AkSkCredentials,
  date?: Date,
): Record<string, string> | Promise<Record<string, string>> {
  checkCredentials(credentials);
  const parts = canonicalise(request, credentials, date);
  const payloadHash = payloadHashOf(request, parts, backend);
  if (typeof payloadHash === 'string') return finish(parts, credentials, payloadHash, backend);
  return payloadHash.then((h) => finish(parts, credentials, h, backend));
}

/** A `signRequest` bound to one back-end (`'node'`, `'webcrypto'`, or your own). */
export function createSigner(backend: 'auto' | 'node' | 'webcrypto' | HashBackend = 'auto') {
  const resolve = (): HashBackend => {
    if (typeof backend === 'object') return backend;
    if (backend === 'auto') return defaultHashBackend();
    const b = backend === 'node' ? nodeCryptoBackend() : webCryptoBackend();
    if (!b) throw new Error(backend === 'node' ? 'node:crypto is not available in this runtime' : 'WebCrypto (globalThis.crypto.subtle) is not available in this runtime');
    return b;
  };
  let chosen: HashBackend | undefined;
  return async function signRequest(
    request: SignableRequest,
    credentials: AkSkCredentials,
    date?: Date,
  ): Promise<Record<string, string>> {
    chosen ??= resolve();
    return signWith(chosen, request, credentials, date);
  };
}

/**
 * Signs a request with AK/SK (SDK-HMAC-SHA256) and returns the full header set to send: the given
 * headers plus `X-Sdk-Date`, `host`, `X-Security-Token` / `X-Project-Id` when the credentials carry
 * them, and `Authorization`. `date` defaults to now; an `X-Sdk-Date` header wins over it.
 *
 * The URL's path is read as the vendor SDK reads it: pass it unencoded (`/v1/项目/jobs`), as the vendor
 * SDK does; an already percent-encoded path is encoded once more. The client does this for you.
 */
export const signRequest: (
  request: { method: string; url: string; headers?: Record<string, string>; body?: string | Uint8Array },
  credentials: { ak: string; sk: string; securityToken?: string; projectId?: string },
  date?: Date,
) => Promise<Record<string, string>> = createSigner('auto');

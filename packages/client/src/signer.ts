// AK/SK request signing (SDK-HMAC-SHA256), the scheme of Huawei Cloud's API gateway.
//
//   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n
//                       signed headers \n hex(SHA-256(body))
//   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA-256(canonical request))
//   Authorization     = SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<hex HMAC(SK, string to sign)>
//
// Hashing is node:crypto's createHash/createHmac where the runtime has it, WebCrypto (crypto.subtle)
// everywhere else (browsers, workers, Deno). The output is byte-identical to AKSKSigner of
// @huaweicloud/huaweicloud-sdk-core 3.x for the same request; the contract tests check that on
// thousands of generated cases.
//
// The vendor reads the URL with Node's legacy `url.parse`; parseUrl below reproduces the parts it uses
// (host as written, lower-cased, port kept; backslashes as slashes; the auto-escaping of ' "<>\^`{|} and
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

const percent = (byte: number) => '%' + (byte < 16 ? '0' : '') + byte.toString(16).toUpperCase();

/** RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - _ . ~ (UTF-8, upper-case hex). */
export function urlEncode(value: string): string {
  if (/^[A-Za-z0-9\-_.~]*$/.test(value)) return value; // the usual case: nothing to encode
  try {
    // encodeURIComponent leaves ! ' ( ) * as they are; the vendor encodes them.
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => percent(c.charCodeAt(0)));
  } catch {
    return urlEncodeIllFormed(value);
  }
}

// The vendor's (Node's querystring.escape) handling of ill-formed UTF-16, which encodeURIComponent
// refuses: a surrogate takes the next code unit as its partner whatever it is, and a surrogate at the very
// end is an error.
function urlEncodeIllFormed(str: string): string {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      out += /[A-Za-z0-9\-_.~]/.test(str[i]) ? str[i] : percent(c);
    } else if (c < 0x800) {
      out += percent(0xc0 | (c >> 6)) + percent(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c >= 0xe000) {
      out += percent(0xe0 | (c >> 12)) + percent(0x80 | ((c >> 6) & 0x3f)) + percent(0x80 | (c & 0x3f));
    } else {
      i++;
      if (i >= str.length) throw new URIError('ERR_INVALID_URI: unpaired surrogate at the end of a URL component');
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out += percent(0xf0 | (c >> 18)) + percent(0x80 | ((c >> 12) & 0x3f)) + percent(0x80 | ((c >> 6) & 0x3f)) + percent(0x80 | (c & 0x3f));
    }
  }
  return out;
}

/** decodeURIComponent, or the text as it is when it is not a valid percent-encoding (as the vendor's querystring). */
function decodeComponent(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------------
// URL reading (the parts of Node's legacy url.parse the vendor's signer depends on)

// Characters url.parse escapes on its own in the path.
const AUTO_ESCAPE = /[\t\n\r "'<>^`{|}]/g;

export interface ParsedUrl {
  /** host[:port] as url.parse reports it: lower-cased, punycode, port kept as written. */
  host: string;
  /** Path as url.parse reports it (never empty). */
  pathname: string;
  /** The raw query string without `?`, or ''. */
  query: string;
}

export function parseUrl(input: string): ParsedUrl {
  let rest = input.trim();
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(rest);
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
    // An internationalised host name: url.parse gives its punycode form.
    const colon = host.lastIndexOf(':');
    const port = colon !== -1 && /^\d*$/.test(host.slice(colon + 1)) ? host.slice(colon) : '';
    host = new URL(`http://${port ? host.slice(0, colon) : host}`).hostname + port;
  }

  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);
  const pathname = path.replace(AUTO_ESCAPE, (c) => percent(c.charCodeAt(0))) || '/';
  return { host, pathname, query };
}

/** Each path segment percent-encoded (so an existing `%` becomes `%25`), with a trailing slash. */
export function canonicalUri(pathname: string): string {
  const uri = pathname.split('/').map(urlEncode).join('/');
  return uri.endsWith('/') ? uri : uri + '/';
}

/** Query parameters of a raw query string, decoded, in order (repeated keys repeated). */
export function parseQuery(query: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    pairs.push(eq === -1 ? [decodeComponent(part), ''] : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))]);
  }
  return pairs;
}

/** Code-unit order, as Array.prototype.sort without a comparator (and the vendor's keys.sort()). */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** key=value pairs sorted by decoded key, then by decoded value (code units), both percent-encoded, joined by `&`. */
export function canonicalQueryString(query: string): string {
  return parseQuery(query)
    .sort((a, b) => byCodeUnit(a[0], b[0]) || byCodeUnit(a[1], b[1]))
    .map(([key, value]) => `${urlEncode(key)}=${urlEncode(value)}`)
    .join('&');
}

// ---------------------------------------------------------------------------------------------------
// Dates

const pad2 = (n: number) => String(n).padStart(2, '0');
/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date for X-Sdk-Date');
  const day = `${String(date.getUTCFullYear()).padStart(4, '0')}${pad2(date.getUTCMonth() + 1)}${pad2(date.getUTCDate())}`;
  return `${day}T${pad2(date.getUTCHours())}${pad2(date.getUTCMinutes())}${pad2(date.getUTCSeconds())}Z`;
}
const SDK_DATE = /^\d{8}T\d{6}Z$/;

// ---------------------------------------------------------------------------------------------------
// Hash back-ends

interface NodeHash {
  update(data: string | Uint8Array, encoding?: 'utf8'): NodeHash;
  digest(encoding: 'hex'): string;
}
interface NodeCrypto {
  createHash(algorithm: string): NodeHash;
  createHmac(algorithm: string, key: string): NodeHash;
}

/** node:crypto, loaded without an import a browser bundler would try to resolve. */
function nodeCrypto(): NodeCrypto | undefined {
  // process.getBuiltinModule (Node ≥ 20.16) is synchronous and invisible to browser bundlers.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const crypto = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    return typeof crypto?.createHmac === 'function' ? crypto : undefined;
  } catch {
    return undefined;
  }
}

/** The node:crypto back-end (synchronous), or undefined where node:crypto is not available. */
export function nodeCryptoBackend(): HashBackend | undefined {
  const crypto = nodeCrypto();
  if (!crypto) return undefined;
  return {
    name: 'node:crypto',
    sha256Hex: (data) => crypto.createHash('sha256').update(data, typeof data === 'string' ? 'utf8' : undefined).digest('hex'),
    hmacSha256Hex: (key, data) => crypto.createHmac('sha256', key).update(data, 'utf8').digest('hex'),
  };
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The WebCrypto back-end (globalThis.crypto.subtle), or undefined where it is missing (plain http pages). */
export function webCryptoBackend(): HashBackend | undefined {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) return undefined;
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return {
    name: 'webcrypto',
    sha256Hex: async (data) => toHex(await subtle.digest('SHA-256', typeof data === 'string' ? utf8(data) : (data as Uint8Array<ArrayBuffer>))),
    hmacSha256Hex: async (sk, data) => {
      const key = await subtle.importKey('raw', utf8(sk), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return toHex(await subtle.sign('HMAC', key, utf8(data)));
    },
  };
}

/** node:crypto where available, else WebCrypto. */
export function defaultHashBackend(): HashBackend {
  const backend = nodeCryptoBackend() ?? webCryptoBackend();
  if (!backend) throw new Error('AK/SK signing needs node:crypto or WebCrypto (globalThis.crypto.subtle, secure contexts only)');
  return backend;
}

// ---------------------------------------------------------------------------------------------------
// Signing

/** Everything of a signature that needs no hashing. */
export interface CanonicalParts {
  method: string;
  /** The headers to send: the given ones plus X-Security-Token, X-Project-Id, X-Sdk-Date and host as needed. */
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
  const method = /^(delete|get|head|options|post|put)$/i.test(request.method) ? request.method.toUpperCase() : request.method;
  const url = parseUrl(request.url);
  const header = (name: string, value: string) => ({ name, lower: name.toLowerCase(), value });
  const given = Object.entries(request.headers ?? {}).map(([name, value]) => header(name, String(value)));
  const valueOf = (lower: string) => given.find((h) => h.lower === lower)?.value;

  // Temporary credentials and the project go first, as the vendor SDK adds them.
  const headers: Array<ReturnType<typeof header>> = [];
  if (credentials.securityToken && valueOf('x-security-token') === undefined) headers.push(header('X-Security-Token', credentials.securityToken));
  if (credentials.projectId && valueOf('x-project-id') === undefined) headers.push(header('X-Project-Id', credentials.projectId));
  headers.push(...given);
  const givenDate = valueOf('x-sdk-date');
  // A given X-Sdk-Date is used as it is when well-formed; otherwise it is read as a date (as the vendor's moment does).
  const sdkDate = givenDate === undefined ? formatSdkDate(date ?? new Date()) : SDK_DATE.test(givenDate) ? givenDate : formatSdkDate(new Date(givenDate));
  if (givenDate === undefined) headers.push(header('X-Sdk-Date', sdkDate));
  if (valueOf('host') === undefined) headers.push(header('host', url.host));

  // Signed: every header but a multipart Content-Type (its boundary is the HTTP stack's business).
  const signed = headers.filter(({ lower, value }) => !(lower === 'content-type' && value.includes('multipart/form-data')));
  // The vendor lists signed header names in code-unit order (lodash sortBy), canonical headers in
  // localeCompare order; both stable. They differ only for names with characters such as `_` or `~`.
  const signedHeaders = signed.map(({ lower }) => lower).sort(byCodeUnit).join(';');
  const canonicalHeaders = [...signed].sort((a, b) => a.lower.localeCompare(b.lower)).map(({ lower, value }) => `${lower}:${value}\n`).join('');

  return {
    method,
    headers: Object.fromEntries(headers.map(({ name, value }) => [name, value])),
    date: sdkDate,
    canonicalUri: canonicalUri(url.pathname),
    canonicalQuery: canonicalQueryString(url.query),
    canonicalHeaders,
    signedHeaders,
    contentSha256: valueOf('x-sdk-content-sha256'),
  };
}

/** hex SHA-256 of the body, or the X-Sdk-Content-Sha256 header's value (e.g. UNSIGNED-PAYLOAD) when given. */
function payloadHashOf(request: SignableRequest, parts: CanonicalParts, backend: HashBackend): string | Promise<string> {
  if (parts.contentSha256) return parts.contentSha256;
  if (!request.body || request.body.length === 0) return EMPTY_BODY_SHA256;
  return backend.sha256Hex(request.body);
}

function canonicalRequestOf(parts: CanonicalParts, payloadHash: string): string {
  return [parts.method, parts.canonicalUri, parts.canonicalQuery, parts.canonicalHeaders, parts.signedHeaders, payloadHash].join('\n');
}

function stringToSignOf(parts: CanonicalParts, canonicalRequestHash: string): string {
  return [SIGNING_ALGORITHM, parts.date, canonicalRequestHash].join('\n');
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
  return { canonicalRequest, stringToSign: stringToSignOf(parts, await backend.sha256Hex(canonicalRequest)), signedHeaders: parts.signedHeaders };
}

/** Signs with a given back-end: the full header set to send, Authorization included. */
export async function signWith(backend: HashBackend, request: SignableRequest, credentials: AkSkCredentials, date?: Date): Promise<Record<string, string>> {
  if (!credentials || !credentials.ak) throw new TypeError('AK/SK signing needs an access key (ak)');
  if (!credentials.sk) throw new TypeError('AK/SK signing needs a secret key (sk)');
  const parts = canonicalise(request, credentials, date);
  const canonicalRequest = canonicalRequestOf(parts, await payloadHashOf(request, parts, backend));
  const signature = await backend.hmacSha256Hex(credentials.sk, stringToSignOf(parts, await backend.sha256Hex(canonicalRequest)));
  parts.headers.Authorization = `${SIGNING_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${parts.signedHeaders}, Signature=${signature}`;
  return parts.headers;
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
  return async function signRequest(request: SignableRequest, credentials: AkSkCredentials, date?: Date): Promise<Record<string, string>> {
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

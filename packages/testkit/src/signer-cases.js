// Deterministic generator of AK/SK signing cases, shared by the equivalence test
// (test/client-signer.test.js), the browser and robustness tests and the benchmark (bench/signer.mjs).
// Each case is one request given in two shapes: ours ({method, url, headers, body}) and the vendor AKSKSigner's ({endpoint, method,
// headers, queryParams, data}), describing the same bytes on the wire.
import { prng } from '@modelarts-openapi/mock/faults';

// The seeded generator is the mock's (mulberry32), so the fault injection and these cases share one.
export { prng };

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export function makeRandom(seed) {
  const r = prng(seed);
  const int = (n) => Math.floor(r() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => r() < p;
  const str = (alphabet, min, max) => {
    let s = '';
    const n = min + int(max - min + 1);
    for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
    return s;
  };
  return { r, int, pick, chance, str };
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const HOSTS = [
  'https://modelarts.cn-north-4.myhuaweicloud.com',
  'https://modelarts.ap-southeast-1.myhuaweicloud.com',
  'http://127.0.0.1:4010',
  'http://localhost:8080',
  'https://IAM.CN-NORTH-4.MyHuaweiCloud.com',
  'https://example.com:8443',
  'https://münchen.example',
];
// Path pieces: ordinary ones, unicode, reserved characters (gen-delims and sub-delims that may stand
// raw in a path), characters url.parse escapes by itself, percent signs and escapes, lone surrogates.
const SEGMENTS = [
  'v1', 'v2', 'training-jobs', 'datasets', 'versions', 'log', 'file-names', 'stop', 'data-annotations',
  '项目', 'café', 'Ωmega', '😀', 'naïve résumé', 'Ünïcödé-ß', 'データ',
  'a:b', 'user@host', "it's", '(x)', 'a*b', 'a+b', 'a,b;c=d', '$cost', '!bang', 'a&b', '[ipv6]',
  'a b', 'a"b', '<tag>', 'a^b', 'a`b', '{x}', 'a|b', 'tab\there', 'back\\slash',
  '%41', '%2F', '%zz', '100%', '~tilde', 'dot.seg', '.', '..', '-_', '',
  'lone\ud800x', 'lone\udc00y',
];
const QUERY_KEYS = ['per_page', 'page', 'sortBy', 'order', 'search_content', 'workspace_id', 'status', 'limit', 'offset',
  'a', 'b', 'A', 'Z', '_', 'x-y', 'key with space', 'ключ', '名前', 'a+b', 'a=b', 'a&b', '', 'k~', 'k.1', '1', '10', '2'];
const QUERY_VALUES = ['1', '10', '0', '', 'asc', 'desc', 'job_name', 'a b', 'a+b', 'a=b', 'a&b', 'x/y', '?', '#frag',
  '100%', '%41', '中文', 'émoji 😀', "it's (ok)", '*', '!', '~', '-._', '[]', '{}', '"q"', '\\', '<>', ',;:@$'];
const HEADER_NAMES = ['X-Custom-Header', 'x-request-id', 'Accept', 'X-Language', 'Prefer', 'User-Agent', 'X-Client-Version',
  'x-trace', 'X-B3-TraceId', 'If-None-Match', 'x-amz-like', 'X-1', 'x-a', 'X-Aa', 'x-z9'];
const EXOTIC_HEADER_NAMES = ['x_under_score', 'x~tilde', 'x.dot', 'X_Mixed', 'x!bang', "x'q", 'x*star', 'x+plus'];
const HEADER_VALUES = ['1', 'application/json', 'text/plain', 'zh-cn', 'return=minimal', 'code=200, example=jobPage',
  ' leading space', 'trailing space ', 'a  b', '"etag-123"', 'v=1;q=0.5', 'ünïcode', ''];

function jsonValue(rnd, depth = 0) {
  const { int, pick, chance, str } = rnd;
  const kind = depth > 2 ? int(4) : int(7);
  switch (kind) {
    case 0: return str(ALNUM, 1, 12);
    case 1: return 1 + int(100000);
    case 2: return chance(0.5);
    case 3: {
      // binary-ish: code points 0-255, controls, a lone surrogate now and then
      let s = '';
      const n = 1 + int(40);
      for (let i = 0; i < n; i++) s += String.fromCharCode(chance(0.05) ? 0xd800 + int(0x800) : int(256));
      return s;
    }
    case 4: return pick(['中文名称', 'émoji 😀', 'quote " and \\ backslash', 'line\nbreak', 'tab\t', '\u2028\u2029', '']);
    case 5: {
      const a = [];
      for (let i = int(4); i > 0; i--) a.push(jsonValue(rnd, depth + 1));
      return a;
    }
    default: {
      const o = {};
      for (let i = 1 + int(5); i > 0; i--) o[pick(['job_name', 'job_desc', 'config', 'parameter', 'label', '名前', 'key with space', str(ALNUM, 1, 8)])] = jsonValue(rnd, depth + 1);
      return o;
    }
  }
}

/** Case `i` of seed `seed`. */
export function makeCase(seed, i) {
  const rnd = makeRandom(seed * 100003 + i);
  const { int, pick, chance, str } = rnd;
  const method = pick(METHODS);
  const base = pick(HOSTS);

  const segments = [];
  for (let n = 1 + int(6); n > 0; n--) segments.push(chance(0.3) ? str(HEX, 8, 32) : pick(SEGMENTS));
  let path = '/' + segments.join('/');
  if (chance(0.3)) path += '/';
  // A path that ends in whitespace would be trimmed by url.parse and by us alike; keep it simple.
  path = path.replace(/[\s]+$/, '') || '/';

  const query = {};
  const pairs = [];
  for (let n = chance(0.3) ? 0 : int(7); n > 0; n--) {
    const key = pick(QUERY_KEYS);
    if (key === '__proto__') continue;
    const value = chance(0.1) ? String(int(1000)) : pick(QUERY_VALUES);
    if (Object.prototype.hasOwnProperty.call(query, key)) {
      query[key] = [].concat(query[key], value);
    } else {
      query[key] = value;
    }
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  // Repeated keys on purpose.
  if (pairs.length && chance(0.2)) {
    const key = pick(Object.keys(query));
    const value = pick(QUERY_VALUES);
    query[key] = [].concat(query[key], value);
    pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  const url = base + path + (pairs.length ? `?${pairs.join('&')}` : '');

  const headers = {};
  const extra = int(5);
  for (let n = 0; n < extra; n++) {
    const name = chance(0.1) ? pick(EXOTIC_HEADER_NAMES) : chance(0.2) ? `x-${str('abcdefghijklmnopqrstuvwxyz0123456789-', 1, 10)}` : pick(HEADER_NAMES);
    if (Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase())) continue;
    headers[name] = pick(HEADER_VALUES);
  }
  let data;
  if (method !== 'GET' && method !== 'HEAD' && !chance(0.2)) {
    do data = jsonValue(rnd); while (!data);
    const type = pick(['application/json', 'application/json;charset=utf8', 'text/plain', 'multipart/form-data; boundary=xyz']);
    // The vendor SDK always writes `content-type` in lower case, and only then leaves multipart unsigned.
    headers[type.startsWith('multipart/') || chance(0.3) ? 'content-type' : 'Content-Type'] = type;
  }
  if (chance(0.1)) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  if (chance(0.05)) headers.host = 'override.example.com:9443';

  const date = new Date(Date.UTC(2000 + int(40), int(12), 1 + int(28), int(24), int(60), int(60)));
  const credentials = { ak: str(ALNUM.slice(0, 36), 20, 20), sk: str(ALNUM, 40, 40) };
  if (chance(0.2)) credentials.securityToken = str(ALNUM + '+/=', 40, 200);
  if (chance(0.2)) credentials.projectId = str(HEX, 32, 32);
  return { method, url, path, query, headers, data, body: data === undefined ? (chance(0.5) ? '' : undefined) : JSON.stringify(data), date, credentials };
}

/** `YYYYMMDDTHHMMSSZ`, for telling the vendor's signer which time to use. */
export function sdkDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The vendor's input for a case: the same headers our signer adds for temporary credentials and the
 * project, in the same order, and the date as X-Sdk-Date.
 */
export function vendorRequest(c) {
  const headers = {};
  if (c.credentials.securityToken) headers['X-Security-Token'] = c.credentials.securityToken;
  if (c.credentials.projectId) headers['X-Project-Id'] = c.credentials.projectId;
  Object.assign(headers, c.headers, { 'X-Sdk-Date': sdkDate(c.date) });
  const queryParams = {};
  for (const [k, v] of Object.entries(c.query)) queryParams[k] = Array.isArray(v) ? [...v] : v;
  return { endpoint: c.url, method: c.method, headers, queryParams, data: c.data };
}

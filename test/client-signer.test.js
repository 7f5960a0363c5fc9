// AK/SK signing: signRequest must be byte-identical to the vendor's AKSKSigner
// (@huaweicloud/huaweicloud-sdk-core) on thousands of generated requests, and its two hash back-ends
// (node:crypto, WebCrypto) must agree with each other.
import { createRequire } from 'node:module';
import url from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSigner, explainSignature, nodeCryptoBackend, signRequest, formatSdkDate, signingUrl, webCryptoBackend } from '@modelarts-openapi/client';
import { makeCase, makeRandom, sdkDate, vendorRequest } from '@modelarts-openapi/testkit/signer-cases';

const require = createRequire(import.meta.url);
function vendor(modulePath) {
  try {
    return require(`@huaweicloud/huaweicloud-sdk-core/${modulePath}`);
  } catch (e) {
    throw new Error(`the vendor signer is missing: install the root devDependency @huaweicloud/huaweicloud-sdk-core@3.1.211 (npm install) — ${e.message}`);
  }
}
const { AKSKSigner } = vendor('auth/AKSKSigner.js');
const credentialOf = (c) => ({ getAk: () => c.ak, getSk: () => c.sk });

const SEED = 20240917;
const CASES = 2500;
const cases = Array.from({ length: CASES }, (_, i) => makeCase(SEED, i));
const nodeSigner = createSigner('node');
const webSigner = createSigner('webcrypto');

function ours(c, signer = signRequest) {
  return signer({ method: c.method, url: c.url, headers: { ...c.headers }, body: c.body }, c.credentials, c.date);
}

describe('signRequest equals the vendor AKSKSigner', () => {
  it(`gives the same Authorization on ${CASES} generated cases (seed ${SEED})`, async () => {
    const mismatches = [];
    const coverage = { unicodePath: 0, reservedPath: 0, repeatedQuery: 0, emptyBody: 0, binaryBody: 0, securityToken: 0, multipart: 0, exoticHeader: 0, unsignedPayload: 0 };
    for (const c of cases) {
      const expected = AKSKSigner.sign(vendorRequest(c), credentialOf(c.credentials));
      const got = await ours(c);
      if (got.Authorization !== expected.Authorization || got['X-Sdk-Date'] !== expected['X-Sdk-Date'] || got.host !== expected.host) {
        mismatches.push({ url: c.url, method: c.method, headers: c.headers, expected: expected.Authorization, got: got.Authorization });
      }
      if (/[^\x00-\x7f]/.test(c.path)) coverage.unicodePath++;
      if (/[:@!$&'()*+,;=]/.test(c.path)) coverage.reservedPath++;
      if (Object.values(c.query).some(Array.isArray)) coverage.repeatedQuery++;
      if (c.body === '' || c.body === undefined) coverage.emptyBody++;
      if (c.body && /[\x00-\x08\x80-\xff]|\\u[dD][89abAB]/.test(c.body)) coverage.binaryBody++;
      if (c.credentials.securityToken) coverage.securityToken++;
      if (Object.values(c.headers).some((v) => v.startsWith('multipart/'))) coverage.multipart++;
      if (Object.keys(c.headers).some((h) => /[^A-Za-z0-9-]/.test(h))) coverage.exoticHeader++;
      if (c.headers['X-Sdk-Content-Sha256']) coverage.unsignedPayload++;
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(mismatches.length).toBe(0);
    // The generator really produced the hard cases.
    for (const [kind, n] of Object.entries(coverage)) expect(n, kind).toBeGreaterThan(20);
  });

  it('returns the full header set: given headers, X-Sdk-Date, host, X-Security-Token, X-Project-Id, Authorization', async () => {
    const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const headers = await signRequest(
      { method: 'POST', url: 'https://modelarts.cn-north-4.myhuaweicloud.com/v1/p1/training-jobs', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
      { ak: 'AK1234567890', sk: 'SK1234567890', securityToken: 'temporary-token', projectId: 'p1' },
      date,
    );
    expect(headers).toEqual({
      'X-Security-Token': 'temporary-token',
      'X-Project-Id': 'p1',
      'Content-Type': 'application/json',
      'X-Sdk-Date': '20240102T030405Z',
      host: 'modelarts.cn-north-4.myhuaweicloud.com',
      Authorization: expect.stringMatching(/^SDK-HMAC-SHA256 Access=AK1234567890, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/),
    });
    const vendorHeaders = AKSKSigner.sign(
      { endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com/v1/p1/training-jobs', method: 'POST', headers: { 'X-Security-Token': 'temporary-token', 'X-Project-Id': 'p1', 'Content-Type': 'application/json', 'X-Sdk-Date': '20240102T030405Z' }, data: { a: 1 }, queryParams: {} },
      { getAk: () => 'AK1234567890', getSk: () => 'SK1234567890' },
    );
    expect(headers.Authorization).toBe(vendorHeaders.Authorization);
  });

  it('matches a known answer (independent of the vendor package)', async () => {
    const headers = await signRequest(
      { method: 'GET', url: 'https://modelarts.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef/training-jobs?per_page=10&page=1', headers: { 'Content-Type': 'application/json' } },
      { ak: 'EXAMPLEAK', sk: 'EXAMPLESK' },
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    );
    // Canonical request, computed by hand:
    //   GET\n/v1/0123456789abcdef/training-jobs/\npage=1&per_page=10\ncontent-type:application/json\n
    //   host:modelarts.cn-north-4.myhuaweicloud.com\nx-sdk-date:20240102T030405Z\n\ncontent-type;host;x-sdk-date\n<empty sha256>
    const crypto = require('node:crypto');
    const canonical = 'GET\n/v1/0123456789abcdef/training-jobs/\npage=1&per_page=10\ncontent-type:application/json\nhost:modelarts.cn-north-4.myhuaweicloud.com\nx-sdk-date:20240102T030405Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const toSign = `SDK-HMAC-SHA256\n20240102T030405Z\n${crypto.createHash('sha256').update(canonical).digest('hex')}`;
    const signature = crypto.createHmac('sha256', 'EXAMPLESK').update(toSign).digest('hex');
    expect(headers.Authorization).toBe(`SDK-HMAC-SHA256 Access=EXAMPLEAK, SignedHeaders=content-type;host;x-sdk-date, Signature=${signature}`);
  });

  it('uses the current time when no date is given, and an X-Sdk-Date header over the date argument', async () => {
    const before = formatSdkDate(new Date());
    const now = await signRequest({ method: 'GET', url: 'https://h.example/x' }, { ak: 'a', sk: 'b' });
    expect(now['X-Sdk-Date'] >= before).toBe(true);
    const fixed = await signRequest({ method: 'GET', url: 'https://h.example/x', headers: { 'X-Sdk-Date': '20200101T000000Z' } }, { ak: 'a', sk: 'b' }, new Date());
    expect(fixed['X-Sdk-Date']).toBe('20200101T000000Z');
  });

  it('refuses missing keys and relative URLs', async () => {
    await expect(signRequest({ method: 'GET', url: 'https://h/x' }, { ak: '', sk: 'x' })).rejects.toThrow(/access key/);
    await expect(signRequest({ method: 'GET', url: 'https://h/x' }, { ak: 'x', sk: '' })).rejects.toThrow(/secret key/);
    await expect(signRequest({ method: 'GET', url: '/v1/x' }, { ak: 'x', sk: 'y' })).rejects.toThrow(/absolute URL/);
  });
});

describe('the two hash back-ends', () => {
  it('node:crypto and WebCrypto give identical headers on every case', async () => {
    let compared = 0;
    for (const c of cases) {
      const [a, b] = await Promise.all([ours(c, nodeSigner), ours(c, webSigner)]);
      expect(b).toEqual(a);
      compared++;
    }
    expect(compared).toBe(CASES);
  });

  it('compute HMAC-SHA256 like createHmac for long, unicode and many keys, and non-ASCII data', async () => {
    const crypto = require('node:crypto');
    const node = nodeCryptoBackend();
    const web = webCryptoBackend();
    const keys = ['k', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(200), 'ключ-秘密-🔑', ...Array.from({ length: 20 }, (_, i) => `key-${i}`)];
    const messages = ['', 'SDK-HMAC-SHA256\n20240102T030405Z\n' + 'a'.repeat(64), 'ünïcödé 名前 😀', 'x'.repeat(5000)];
    for (const key of keys) {
      for (const message of messages) {
        const expected = crypto.createHmac('sha256', key).update(message, 'utf8').digest('hex');
        expect(node.hmacSha256Hex(key, message), `${key} / ${message.slice(0, 20)}`).toBe(expected);
        expect(await web.hmacSha256Hex(key, message)).toBe(expected);
      }
    }
    expect(node.sha256Hex('ünï')).toBe(crypto.createHash('sha256').update('ünï', 'utf8').digest('hex'));
  });

  it('hash Uint8Array bodies like the same bytes as a string', async () => {
    const body = '{"名前":"ü\\u0000"}';
    const date = new Date(0);
    const req = (b) => ({ method: 'POST', url: 'https://h.example/x', body: b });
    const creds = { ak: 'a', sk: 'b' };
    const s = await nodeSigner(req(body), creds, date);
    expect(await nodeSigner(req(new TextEncoder().encode(body)), creds, date)).toEqual(s);
    expect(await webSigner(req(new TextEncoder().encode(body)), creds, date)).toEqual(s);
  });
});

describe('pieces of the canonicalisation', () => {
  it('percent-encodes exactly like the vendor on random strings', async () => {
    const rnd = makeRandom(7);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      let s = '';
      for (let n = rnd.int(12); n > 0; n--) {
        const k = rnd.int(10);
        s += String.fromCharCode(k < 5 ? rnd.int(128) : k < 7 ? 128 + rnd.int(0x780) : k < 9 ? 0x800 + rnd.int(0xd000) : 0xd800 + rnd.int(0x800));
      }
      let expected;
      try {
        expected = AKSKSigner.urlEncode(s);
      } catch {
        expected = 'THROWS';
      }
      // urlEncode is internal; go through a query value, which is nothing but urlEncode(value).
      const got = await canonicalQueryOf(`k=${encodeLoose(s)}`).then((q) => q.slice(2), () => 'THROWS');
      // A lone surrogate cannot travel in a URL's query (only UTF-8 can); paths cover them above.
      if (/[\ud800-\udfff]/.test(s)) continue;
      checked++;
      expect(got, JSON.stringify(s)).toBe(expected);
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('reads host and path like url.parse', async () => {
    const rnd = makeRandom(11);
    const pieces = ['a', 'B', '%41', '%', ' ', '"', "'", '<', '>', '\\', '^', '`', '{', '|', '}', '\t', '项', ':', '@', '~', '[', ']', ';', '=', '+', '.'];
    for (let i = 0; i < 500; i++) {
      let p = '';
      for (let n = rnd.int(10); n > 0; n--) p += rnd.pick([...pieces, '/']);
      const u = `${rnd.pick(['https://Host.Example.COM', 'http://h:8080', 'https://h:443', 'https://user:pw@h.example'])}/${p}x${rnd.chance(0.5) ? '?q=1' : ''}`;
      const parsed = url.parse(u, true);
      const expected = AKSKSigner.CanonicalURI(parsed.pathname);
      const got = await signRequest({ method: 'GET', url: u, headers: { 'X-Sdk-Date': '20200101T000000Z' } }, { ak: 'a', sk: 'b' });
      expect(got.host, u).toBe(parsed.host);
      const vendorSigned = AKSKSigner.sign({ endpoint: u, method: 'GET', headers: { 'X-Sdk-Date': '20200101T000000Z' }, queryParams: Object.fromEntries(new URLSearchParams(parsed.search ?? '')) }, { getAk: () => 'a', getSk: () => 'b' });
      expect(got.Authorization, `${u} → ${expected}`).toBe(vendorSigned.Authorization);
    }
  });

  it('reads a query like the vendor: raw `=` in a value, empty and valueless parameters, repeated keys', async () => {
    const cases = ['a=b=c', 'x=1&a=b=c&a=', 'k&k=&k=v', 'p=a%2Bb&p=a%20b', '=v&k', 'a=%zz&b=100%'];
    for (const query of cases) {
      const u = `https://h.example/x?${query}`;
      const queryParams = url.parse(u, true).query;
      const expected = AKSKSigner.sign({ endpoint: u, method: 'GET', headers: { 'X-Sdk-Date': '20200101T000000Z' }, queryParams: { ...queryParams } }, { getAk: () => 'a', getSk: () => 'b' });
      const got = await signRequest({ method: 'GET', url: u, headers: { 'X-Sdk-Date': '20200101T000000Z' } }, { ak: 'a', sk: 'b' });
      expect(got.Authorization, query).toBe(expected.Authorization);
    }
  });

  it('orders canonical headers of [a-z0-9-] names by code unit, which is the vendor’s localeCompare order', () => {
    const rnd = makeRandom(3);
    for (let i = 0; i < 2000; i++) {
      const names = Array.from({ length: 2 + rnd.int(8) }, () => rnd.str('abcdefghijklmnopqrstuvwxyz0123456789-', 1, 8));
      const byCodeUnit = [...names].sort();
      const byLocale = [...names].sort((a, b) => a.localeCompare(b));
      expect(byLocale).toEqual(byCodeUnit);
    }
  });

  it('the client signs the path the vendor SDK signs: path parameters unencoded', () => {
    expect(signingUrl('https://h/v1/%E9%A1%B9/a%3Ab/x?q=%20')).toBe('https://h/v1/项/a:b/x?q=%20');
    expect(signingUrl('https://h/v1/a%2Fb/c%3Fd/e%23f/g%20h')).toBe('https://h/v1/a%2Fb/c%3Fd/e%23f/g%20h');
    expect(signingUrl('https://h/v1/plain')).toBe('https://h/v1/plain');
  });
});

// A query value travels as its percent-encoding; the canonical query then holds urlEncode(value).
function encodeLoose(s) {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}
async function canonicalQueryOf(query) {
  const { canonicalRequest } = await explainSignature({ method: 'GET', url: `https://h/?${query}`, headers: { 'X-Sdk-Date': '20200101T000000Z' } });
  return canonicalRequest.split('\n')[2];
}

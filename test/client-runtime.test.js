// The client's runtime behaviour: timeouts, 503 then 200, 429 with Retry-After and dropped connections
// against the mock's own faults (Prefer: delay, latency, faults); against a tiny local server that
// misbehaves on purpose: a body that stalls, both error formats, AK/SK signatures checked
// the way a gateway would, IAM tokens cached and renewed, and no credential in any error.
import http from 'node:http';
import { createRequire } from 'node:module';
import util from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createApi,
  createClient,
  createConfiguration,
  IamTokenProvider,
  ModelArtsApiError,
  ModelArtsError,
  ModelArtsNetworkError,
  ModelArtsTimeoutError,
  parseErrorBody,
  parseRetryAfter,
  RequiredError,
  TrainingJobsV1Api,
} from '@modelarts-openapi/client';
import * as generatedApis from '@modelarts-openapi/client';
import { createFront } from '@modelarts-openapi/mock/front';
import { createFaults } from '@modelarts-openapi/mock/faults';
import { loadSpec, operations } from '@modelarts-openapi/spec';
import { clientKey } from '@modelarts-openapi/spec/naming';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js');

const AK = 'HPUAEXAMPLEAKID12345';
const SK = 'sEcReTkEyExAmPlE0123456789abcdefGHIJKLMN';
const SECURITY_TOKEN = 'gQpzZWN1cml0eS10b2tlbi10ZW1wb3JhcnktY3JlZGVudGlhbHM';
const TOKEN = 'MIIZkQYJKoZIhvcNAQcCoIIZgjCCGX4CAQExDTALBglghkgBZQMEAgEwgg-user-token';
const PROJECT = '0123456789abcdef0123456789abcdef';

// ---- the misbehaving server -------------------------------------------------------------------
let server;
let base;
let requests = [];
let handler = () => ({ status: 200, body: { is_success: true } });
const sockets = new Set();

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const record = { method: req.method, url: req.url, headers: req.headers, body, n: requests.length + 1 };
    requests.push(record);
    const answer = await handler(record, res);
    if (answer === 'hang' || answer === 'handled') return;
    if (answer === 'drop') return req.socket.destroy();
    json(res, answer.status, answer.body, answer.headers);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
afterEach(() => {
  requests = [];
  handler = () => ({ status: 200, body: { is_success: true } });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const ok = { status: 200, body: { is_success: true, job_total_count: 0, job_count_limit: 10, jobs: [], quotas: 10 } };
const noWait = { baseDelayMs: 1, maxDelayMs: 5 };

// ---- what a gateway does with a signed request --------------------------------------------------
/** Recomputes the signature of a received request with the vendor's signer (APIG-style reading). */
function verifySignature(r, sk = SK) {
  const auth = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(r.headers.authorization ?? '');
  if (!auth) return { ok: false, reason: `no SDK-HMAC-SHA256 Authorization: ${r.headers.authorization}` };
  const [, access, signedHeaders] = auth;
  const headers = {};
  for (const name of signedHeaders.split(';')) headers[name] = r.headers[name];
  if (headers['x-sdk-date']) headers['X-Sdk-Date'] = headers['x-sdk-date'];
  delete headers['x-sdk-date'];
  if (r.headers['x-sdk-content-sha256']) headers['X-Sdk-Content-Sha256'] = r.headers['x-sdk-content-sha256'];
  const [rawPath, rawQuery = ''] = r.url.split('?');
  const path = rawPath.split('/').map((s) => decodeURIComponent(s).replace(/[/?#]/g, encodeURIComponent)).join('/');
  const queryParams = {};
  for (const part of rawQuery.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    const key = decodeURIComponent(k);
    const value = decodeURIComponent(v);
    queryParams[key] = key in queryParams ? [].concat(queryParams[key], value) : value;
  }
  const expected = AKSKSigner.sign(
    { endpoint: `http://${r.headers.host}${path}`, method: r.method, headers, queryParams, data: r.body ? JSON.parse(r.body) : undefined },
    { getAk: () => access, getSk: () => sk },
  );
  return { ok: expected.Authorization === r.headers.authorization, access, expected: expected.Authorization, got: r.headers.authorization };
}

describe('API accessors', () => {
  it('name every area in plain camelCase, as the docs\' code samples do', () => {
    const keys = Object.keys(createClient({ endpoint: 'http://127.0.0.1:1', token: 't', env: false })).filter((k) => k !== 'configuration');
    const tags = new Set(operations(loadSpec()).map((o) => o.op.tags[0]));
    expect(keys.sort()).toEqual([...tags].map(clientKey).sort());
    expect(keys).toEqual(expect.arrayContaining(['aiEngines', 'iamTokens', 'osConfiguration', 'serviceApiKeys', 'trainingJobsV1']));
    for (const k of keys) expect(k, 'an acronym run stays one lower-case word').not.toMatch(/^[a-z]+[A-Z]{2}|[A-Z]{2}[a-z]/);
  });
});

describe('AK/SK signing through the client', () => {
  it('signs every request so that a gateway recomputes the same signature', async () => {
    handler = (r) => ({ status: 200, body: r.method === 'GET' ? ok.body : { is_success: true, job_id: 1, version_id: 2, job_name: 'j', status: 1, create_time: 1 } });
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: SK }, projectId: PROJECT, env: false });
    await client.trainingJobsV1.listTrainingJobs({ perPage: 10, page: 1, searchContent: 'a b+c/名前', sortBy: 'job_name' });
    await client.trainingJobsV1.createTrainingJobRaw({
      body: { job_name: 'job-名前', config: { worker_server_num: 1, app_url: '/bucket/code/', boot_file_url: '/bucket/code/boot.py', model_id: 1, spec_id: 1, data_url: '/bucket/data/', train_url: '/bucket/out/' } },
    }).catch(() => undefined);
    await client.trainingJobsV1.deleteTrainingJobVersion({ jobId: 12, versionId: 34 }).catch(() => undefined);
    expect(requests.length).toBe(3);
    for (const r of requests) {
      const v = verifySignature(r);
      expect(v, `${r.method} ${r.url}`).toEqual(expect.objectContaining({ ok: true, access: AK }));
      expect(r.url).toContain(`/v1/${PROJECT}/`);
      expect(r.headers['x-project-id']).toBe(PROJECT);
      expect(r.headers['x-auth-token']).toBeUndefined();
    }
    expect(requests[0].url).toContain('search_content=a%20b%2Bc%2F%E5%90%8D%E5%89%8D');
  });

  it('signs path parameters with reserved and unicode characters as the gateway reads them', async () => {
    handler = () => ({ status: 200, body: { is_success: true } });
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: SK }, projectId: PROJECT, env: false });
    const apis = Object.entries(client).filter(([k]) => k !== 'configuration');
    const [, configs] = apis.find(([, api]) => typeof api.getTrainingJobConfigRaw === 'function') ?? [];
    expect(configs, 'getTrainingJobConfig is in the spec').toBeDefined();
    await configs.getTrainingJobConfigRaw({ configName: 'cfg:名前@1' }).catch(() => undefined);
    expect(requests[0].url).toContain('cfg%3A%E5%90%8D%E5%89%8D%401');
    expect(verifySignature(requests[0])).toEqual(expect.objectContaining({ ok: true }));
  });

  it('adds X-Security-Token for temporary credentials and signs it', async () => {
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN }, projectId: PROJECT, env: false });
    await client.trainingJobsV1.listTrainingJobs();
    expect(requests[0].headers['x-security-token']).toBe(SECURITY_TOKEN);
    expect(requests[0].headers.authorization).toMatch(/SignedHeaders=[^,]*x-security-token/);
    expect(verifySignature(requests[0]).ok).toBe(true);
  });

  it('a wrong secret key does not verify (the check can fail)', async () => {
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: 'another-secret-key-000' }, projectId: PROJECT, env: false });
    await client.trainingJobsV1.listTrainingJobs();
    expect(verifySignature(requests[0]).ok).toBe(false);
  });

  it('signs every retry afresh', async () => {
    handler = (r) => (r.n === 1 ? { status: 503, body: { error_code: 'APIGW.0308', error_msg: 'busy' } } : ok);
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: SK }, projectId: PROJECT, env: false, retry: noWait });
    await client.trainingJobsV1.listTrainingJobs();
    expect(requests.length).toBe(2);
    for (const r of requests) expect(verifySignature(r).ok).toBe(true);
  });
});

describe('credentials, project and endpoint from options or the environment', () => {
  it('reads HUAWEICLOUD_SDK_AK/SK/PROJECT_ID from the environment', async () => {
    const client = createClient({ endpoint: base, env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: 'envproject' } });
    await client.trainingJobsV1.listTrainingJobs();
    expect(requests[0].url).toMatch(/^\/v1\/envproject\/training-jobs/);
    expect(verifySignature(requests[0]).ok).toBe(true);
  });

  it('takes the endpoint from HUAWEICLOUD_SDK_REGION or the region option', () => {
    expect(createConfiguration({ env: { HUAWEICLOUD_SDK_REGION: 'ap-southeast-1' } }).basePath).toBe('https://modelarts.ap-southeast-1.myhuaweicloud.com');
    expect(createConfiguration({ region: 'cn-east-3', env: false }).basePath).toBe('https://modelarts.cn-east-3.myhuaweicloud.com');
    expect(createConfiguration({ env: false }).basePath).toBe('https://modelarts.cn-north-4.myhuaweicloud.com');
    expect(createConfiguration({ endpoint: 'http://127.0.0.1:4010/', region: 'cn-east-3', env: false }).basePath).toBe('http://127.0.0.1:4010');
    expect(() => createConfiguration({ region: 'nowhere', env: false })).toThrow(/region/);
  });

  it('explicit options win over the environment; a token wins over env AK/SK', async () => {
    const client = createClient({ endpoint: base, token: TOKEN, projectId: 'optproject', env: { HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: 'envproject' } });
    await client.trainingJobsV1.listTrainingJobs();
    expect(requests[0].url).toMatch(/^\/v1\/optproject\//);
    expect(requests[0].headers['x-auth-token']).toBe(TOKEN);
    expect(requests[0].headers.authorization).toBeUndefined();
  });

  it('a projectId in the call wins over the default; none at all is a clear error', async () => {
    const client = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false });
    await client.trainingJobsV1.listTrainingJobs({ projectId: 'percall' });
    expect(requests[0].url).toMatch(/^\/v1\/percall\//);
    const bare = createClient({ endpoint: base, token: TOKEN, env: false });
    const err = await bare.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(RequiredError);
    expect(err.message).toMatch(/listTrainingJobs: no project ID.*HUAWEICLOUD_SDK_PROJECT_ID/);
  });

  it('createApi configures one API class like createClient', async () => {
    handler = (r) => (r.n === 1 ? ok : { status: 404, body: { is_success: false, error_code: 'ModelArts.0105', error_message: 'gone' } });
    const jobs = createApi(TrainingJobsV1Api, { endpoint: base, credentials: { ak: AK, sk: SK }, projectId: PROJECT, env: false });
    expect(jobs).toBeInstanceOf(TrainingJobsV1Api);
    await jobs.listTrainingJobs();
    expect(requests[0].url).toMatch(new RegExp(`^/v1/${PROJECT}/training-jobs`));
    expect(verifySignature(requests[0]).ok).toBe(true);
    const err = await jobs.getTrainingJobVersion({ jobId: 1, versionId: 2 }).catch((e) => e);
    expect(err).toEqual(expect.objectContaining({ status: 404, operationId: 'getTrainingJobVersion' }));
  });

  it('sends an operation with its own servers there (createIamToken: IAM), without ModelArts credentials, the others to ModelArts', async () => {
    // Whatever the generated accessor of the "IAM tokens" tag is called, it is the one with createIamToken.
    const iamOf = (client) => Object.values(client).find((api) => typeof api?.createIamToken === 'function');
    const IamApi = Object.values(generatedApis).find((Api) => typeof Api?.prototype?.createIamToken === 'function');
    const body = { auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'p', domain: { name: 'd' } } } }, scope: { project: { name: 'cn-north-4' } } } };
    const sent = [];
    const fetchApi = async (url, init) => {
      sent.push({ url, headers: Object.fromEntries(new Headers(init.headers)) });
      return url.includes('/v3/auth/tokens')
        ? new Response(JSON.stringify({ token: {} }), { status: 201, headers: { 'Content-Type': 'application/json', 'X-Subject-Token': 'subject' } })
        : new Response(JSON.stringify(ok.body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const hostsOf = async (options) => {
      sent.length = 0;
      const client = createClient({ fetchApi, projectId: PROJECT, retry: false, ...options });
      await iamOf(client).createIamToken({ body });
      await client.trainingJobsV1.listTrainingJobs();
      return sent.map((r) => new URL(r.url).origin);
    };
    expect(await hostsOf({ region: 'ap-southeast-1', env: false })).toEqual(['https://iam.ap-southeast-1.myhuaweicloud.com', 'https://modelarts.ap-southeast-1.myhuaweicloud.com']);
    expect(await hostsOf({ endpoint: 'https://modelarts.cn-east-3.myhuaweicloud.com', env: false })).toEqual(['https://iam.cn-east-3.myhuaweicloud.com', 'https://modelarts.cn-east-3.myhuaweicloud.com']);
    // A mock or proxy serves every operation.
    expect(await hostsOf({ endpoint: 'http://127.0.0.1:4010', env: false })).toEqual(['http://127.0.0.1:4010', 'http://127.0.0.1:4010']);
    expect(await hostsOf({ iamEndpoint: 'https://iam.example', endpoint: 'http://127.0.0.1:4010', env: false })).toEqual(['https://iam.example', 'http://127.0.0.1:4010']);
    expect(await hostsOf({ env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.env.example/', HUAWEICLOUD_SDK_REGION: 'cn-south-1' } })).toEqual(['https://iam.env.example', 'https://modelarts.cn-south-1.myhuaweicloud.com']);

    // createApi of the IAM class routes the same way; with withMiddleware, the middleware still runs.
    sent.length = 0;
    let seen = 0;
    const api = createApi(IamApi, { region: 'la-south-2', env: false, fetchApi, retry: false }).withPreMiddleware(async () => void seen++);
    await api.createIamToken({ body });
    expect(sent.map((r) => new URL(r.url).origin)).toEqual(['https://iam.la-south-2.myhuaweicloud.com']);
    expect(seen).toBe(1);

    // security: [] — none of the client's credentials go to IAM, whichever kind; ModelArts gets them.
    for (const auth of [{ credentials: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN } }, { token: TOKEN }]) {
      sent.length = 0;
      const client = createClient({ endpoint: 'https://modelarts.cn-north-4.myhuaweicloud.com', projectId: PROJECT, env: false, fetchApi, retry: false, ...auth });
      const r = await iamOf(client).createIamTokenRaw({ body });
      expect(r.raw.headers.get('x-subject-token')).toBe('subject');
      await client.trainingJobsV1.listTrainingJobs();
      const [toIam, toModelArts] = sent;
      for (const h of ['authorization', 'x-auth-token', 'x-security-token', 'x-project-id', 'x-sdk-date']) expect(toIam.headers[h], h).toBeUndefined();
      expect(toModelArts.headers.authorization ?? toModelArts.headers['x-auth-token']).toBeDefined();
    }
  });

  it('asks a token function for every request, and redacts what it returned from errors', async () => {
    let n = 0;
    handler = (r) => (r.n === 2 ? { status: 403, body: { error_code: 'ModelArts.0203', error_msg: `bad token ${r.headers['x-auth-token']}` } } : ok);
    const client = createClient({ endpoint: base, projectId: PROJECT, env: false, token: async () => `rotating-token-${++n}` });
    await client.trainingJobsV1.listTrainingJobs();
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(requests.map((r) => r.headers['x-auth-token'])).toEqual(['rotating-token-1', 'rotating-token-2']);
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err.message).not.toContain('rotating-token-2');
    expect(() => createClient({ token: '', env: false })).toThrow(/token is empty/);
  });

  it('refuses two authentication methods at once', () => {
    expect(() => createClient({ token: TOKEN, credentials: { ak: AK, sk: SK }, env: false })).toThrow(/choose one/);
  });

  it('the generated API classes work on createConfiguration too (typed errors included)', async () => {
    handler = () => ({ status: 404, body: { is_success: false, error_code: 'ModelArts.0105', error_message: 'no such job' } });
    const api = new TrainingJobsV1Api(createConfiguration({ endpoint: base, token: TOKEN, env: false }));
    const err = await api.getTrainingJobVersion({ projectId: PROJECT, jobId: 1, versionId: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err).toEqual(expect.objectContaining({ status: 404, errorCode: 'ModelArts.0105', errorMessage: 'no such job' }));
  });
});

describe('typed errors', () => {
  it('reads the legacy v1 format, X-Request-Id and the operation ID', async () => {
    handler = () => ({ status: 400, body: { is_success: false, error_code: 'ModelArts.0103', error_message: 'job name exists' }, headers: { 'X-Request-Id': 'req-legacy-1' } });
    const client = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err).toBeInstanceOf(ModelArtsError);
    expect(err).toEqual(expect.objectContaining({ name: 'ModelArtsApiError', status: 400, errorCode: 'ModelArts.0103', errorMessage: 'job name exists', requestId: 'req-legacy-1', operationId: 'listTrainingJobs', method: 'GET' }));
    expect(err.message).toBe(`[listTrainingJobs] HTTP 400 ModelArts.0103: job name exists (GET ${base}/v1/${PROJECT}/training-jobs) [request id req-legacy-1]`);
    expect(err.body).toEqual({ is_success: false, error_code: 'ModelArts.0103', error_message: 'job name exists' });
    // The raw response stays available, unread.
    expect(await err.response.json()).toEqual(err.body);
  });

  it('reads the newer format and names the Raw method’s operation', async () => {
    handler = () => ({ status: 404, body: { error_code: 'ModelArts.50025001', error_msg: 'network not found' }, headers: { 'X-Request-Id': 'req-new-2' } });
    const client = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false });
    const err = await client.trainingJobsV1.getTrainingJobVersionRaw({ jobId: 1, versionId: 2 }).catch((e) => e);
    expect(err).toEqual(expect.objectContaining({ status: 404, errorCode: 'ModelArts.50025001', errorMessage: 'network not found', requestId: 'req-new-2', operationId: 'getTrainingJobVersion' }));
  });

  it('parses the three error bodies, and survives a non-JSON one', async () => {
    expect(parseErrorBody({ is_success: false, error_code: 'A', error_message: 'a' })).toEqual({ errorCode: 'A', errorMessage: 'a' });
    expect(parseErrorBody({ error_code: 'B', error_msg: 'b' })).toEqual({ errorCode: 'B', errorMessage: 'b' });
    expect(parseErrorBody({ error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } })).toEqual({ errorCode: '401', errorMessage: 'The username or password is wrong.' });
    handler = (r, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
      return 'handled';
    };
    const client = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false, retry: false });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toEqual(expect.objectContaining({ status: 502, errorCode: undefined, body: '<html>Bad Gateway</html>' }));
  });

  it('never shows the AK, SK, token, security token or signature, even when the server echoes them', async () => {
    // The server echoes every credential header back in the error body, twice over.
    handler = (r) => ({
      status: 403,
      body: {
        error_code: 'APIGW.0301',
        error_msg: `Incorrect IAM authentication information: ${r.headers.authorization ?? ''} ${r.headers['x-auth-token'] ?? ''} ${r.headers['x-security-token'] ?? ''} ${r.headers.authorization ? `${AK} ${SK}` : ''}`,
        echo: r.headers,
      },
      headers: { 'X-Request-Id': 'req-secret' },
    });
    const signed = createClient({ endpoint: base, credentials: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN }, projectId: PROJECT, env: false });
    const withToken = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false });
    for (const [client, secrets] of [[signed, [AK, SK, SECURITY_TOKEN]], [withToken, [TOKEN]]]) {
      const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
      expect(err).toBeInstanceOf(ModelArtsApiError);
      const signature = /Signature=([0-9a-f]{64})/.exec(requests.at(-1).headers.authorization ?? '')?.[1];
      const views = [err.message, String(err), JSON.stringify(err), err.stack, util.inspect(err, { depth: 10 }), JSON.stringify(err.body)];
      for (const view of views) {
        for (const secret of [...secrets, signature].filter(Boolean)) expect(view).not.toContain(secret);
      }
      expect(err.message).toContain('APIGW.0301');
      expect(err.message).toContain('[REDACTED]');
    }
  });

  it('network and timeout errors hold no secret either', async () => {
    handler = () => 'drop';
    const client = createClient({ endpoint: base, credentials: { ak: AK, sk: SK }, projectId: PROJECT, env: false, retry: false });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsNetworkError);
    for (const view of [err.message, String(err), JSON.stringify(err), err.stack, util.inspect(err, { depth: 10 })]) {
      expect(view).not.toContain(AK);
      expect(view).not.toContain(SK);
    }
  });
});

// Against the mock's own misbehaviour (packages/mock/src/faults.js: latency, faults, seeded): each case
// runs the compiled engine (no Prism) with the fault settings it needs, and a seed chosen here, from the
// same generator, so that the first requests misbehave in the order the case wants.
describe('timeouts and retries against the mock\'s faults', () => {
  const mockSpec = loadSpec();
  const fronts = [];
  afterAll(async () => { await Promise.all(fronts.map((f) => new Promise((resolve) => { f.closeAllConnections(); f.close(resolve); }))); });

  /** The smallest seed whose first draws satisfy `want` (one predicate per request, in order). */
  function seedFor(settings, want) {
    for (let seed = 1; seed < 1_000_000; seed++) {
      const f = createFaults({ ...settings, seed });
      if (want.every((pred) => pred(f.next()))) return seed;
    }
    throw new Error('no seed found');
  }
  /** The compiled engine with these fault settings; Prism is never needed (every request here is served). */
  async function misbehaving(settings, want) {
    const seed = want ? seedFor(settings, want) : 1;
    const front = createFront(mockSpec, { upstream: 'http://127.0.0.1:9', ...settings, seed });
    fronts.push(front);
    await new Promise((resolve) => front.listen(0, '127.0.0.1', resolve));
    await front.warmed;
    return { url: `http://127.0.0.1:${front.address().port}`, arrivals: () => front.arrivals };
  }
  const fault = (status) => (d) => d.fault === status;
  const none = (d) => d.fault === undefined;

  it('times out a slow answer with an AbortSignal and retries a GET', async () => {
    const latency = { min: 0, max: 3000 };
    const m = await misbehaving({ latency }, [(d) => d.delay > 1500, (d) => d.delay > 1500, (d) => d.delay < 100]);
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, timeoutMs: 400, retry: noWait });
    const t0 = Date.now();
    const value = await client.trainingJobsV1.listTrainingJobs();
    expect(value.isSuccess ?? value.is_success).toBe(true);
    expect(m.arrivals()).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(800);
  });

  it('gives up with ModelArtsTimeoutError after the last retry', async () => {
    const m = await misbehaving({ latency: '2000-2000' });
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, timeoutMs: 300, retry: { ...noWait, maxRetries: 2 } });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsTimeoutError);
    expect(err).toEqual(expect.objectContaining({ timeoutMs: 300, attempts: 3, operationId: 'listTrainingJobs', method: 'GET' }));
    expect(m.arrivals()).toBe(3);
  });

  it('times out a slow answer given by Prefer: delay', async () => {
    const m = await misbehaving({});
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, timeoutMs: 200, retry: false, headers: { Prefer: 'delay=2000' } });
    await expect(client.trainingJobsV1.listTrainingJobs()).rejects.toBeInstanceOf(ModelArtsTimeoutError);
    const patient = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, timeoutMs: 5000, retry: false, headers: { Prefer: 'delay=300' } });
    const t0 = Date.now();
    await patient.trainingJobsV1.listTrainingJobs();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('retries a GET after 503 and returns the 200', async () => {
    const m = await misbehaving({ faults: '503=50%', retryAfter: 0 }, [fault(503), none]);
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    const value = await client.trainingJobsV1.listTrainingJobs();
    expect(value.isSuccess ?? value.is_success).toBe(true);
    expect(m.arrivals()).toBe(2);
  });

  it('retries PUT and DELETE too, but never a POST unless asked', async () => {
    const m = await misbehaving({ faults: '503=50%', retryAfter: 0 }, [fault(503), none, fault(503), fault(503), none]);
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    await client.trainingJobsV1.deleteTrainingJobVersion({ jobId: 1, versionId: 2 });
    expect(m.arrivals()).toBe(2);

    const err = await client.trainingJobsV1.stopTrainingJobVersion({ jobId: 1, versionId: 2 }).catch((e) => e);
    expect(err).toEqual(expect.objectContaining({ status: 503, operationId: 'stopTrainingJobVersion' }));
    expect(m.arrivals()).toBe(3);

    const optIn = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: { ...noWait, retryNonIdempotent: true } });
    await optIn.trainingJobsV1.stopTrainingJobVersion({ jobId: 1, versionId: 2 });
    expect(m.arrivals()).toBe(5);
  });

  it('does not retry a POST after a dropped connection', async () => {
    const m = await misbehaving({ faults: 'reset=100%' });
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    const err = await client.trainingJobsV1.stopTrainingJobVersion({ jobId: 1, versionId: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsNetworkError);
    expect(err.attempts).toBe(1);
    expect(m.arrivals()).toBe(1);
  });

  it('retries a GET after dropped connections, then reports the network error', async () => {
    const m = await misbehaving({ faults: 'reset=100%' });
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: { ...noWait, maxRetries: 3 } });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsNetworkError);
    expect(err.attempts).toBe(4);
    expect(m.arrivals()).toBe(4);
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const m = await misbehaving({ faults: '429=50%', retryAfter: 1 }, [fault(429), none]);
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    const t0 = Date.now();
    await client.trainingJobsV1.listTrainingJobs();
    const waited = Date.now() - t0;
    expect(m.arrivals()).toBe(2);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(5000);
  });

  it('returns a 429 at once when Retry-After is longer than it may wait', async () => {
    const m = await misbehaving({ faults: '429=100%', retryAfter: 3600 });
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toEqual(expect.objectContaining({ status: 429, retryAfter: 3600, errorCode: 'APIGW.0308' }));
    expect(m.arrivals()).toBe(1);
  });

  it('does not retry a 4xx other than 429, and stops after maxRetries', async () => {
    const m = await misbehaving({});
    const client = createClient({ endpoint: m.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait, headers: { Prefer: 'code=400' } });
    await expect(client.trainingJobsV1.listTrainingJobs()).rejects.toBeInstanceOf(ModelArtsApiError);
    expect(m.arrivals()).toBe(1);
    const failing = await misbehaving({ faults: '500=100%' });
    const again = createClient({ endpoint: failing.url, token: TOKEN, projectId: PROJECT, env: false, retry: noWait });
    const err = await again.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err.status).toBe(500);
    expect(failing.arrivals()).toBe(4);
  });
});

describe('timeouts and retries: what the mock cannot do', () => {
  it('times out a body that stalls after the headers', async () => {
    handler = (r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"is_success": tr');
      return 'handled';
    };
    const client = createClient({ endpoint: base, token: TOKEN, projectId: PROJECT, env: false, timeoutMs: 150, retry: false });
    await expect(client.trainingJobsV1.listTrainingJobs()).rejects.toBeInstanceOf(ModelArtsTimeoutError);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = { random: () => 0.999999, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, { ...top, random: () => 0 })).toBe(0);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(4, { baseDelayMs: 100 })));
    expect(spread.size).toBeGreaterThan(10);
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('IAM tokens', () => {
  let issued = 0;
  const iamHandler = (lifetimeMs, extra = () => undefined) => (r) => {
    const special = extra(r);
    if (special) return special;
    if (r.url.startsWith('/v3/auth/tokens')) {
      issued++;
      const body = JSON.parse(r.body);
      const now = Date.now();
      return {
        status: 201,
        headers: { 'X-Subject-Token': `token-${issued}` },
        body: { token: { issued_at: new Date(now).toISOString(), expires_at: new Date(now + lifetimeMs).toISOString(), methods: body.auth.identity.methods, project: { id: 'iamproject', name: body.auth.scope.project.name }, user: { name: body.auth.identity.password.user.name } } },
      };
    }
    return ok;
  };
  afterEach(() => {
    issued = 0;
  });

  it('obtains a token with the password flow and sends it as X-Auth-Token, project from the token', async () => {
    handler = iamHandler(24 * 3600_000);
    const client = createClient({ endpoint: base, iam: { username: 'user_name', password: 'user_password', domainName: 'domain_name', iamEndpoint: base }, env: false });
    await client.trainingJobsV1.listTrainingJobs();
    await client.trainingJobsV1.listTrainingJobs();
    const [tokenRequest, ...calls] = requests;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.url).toMatch(/^\/v3\/auth\/tokens/);
    expect(JSON.parse(tokenRequest.body)).toEqual({
      auth: { identity: { methods: ['password'], password: { user: { name: 'user_name', password: 'user_password', domain: { name: 'domain_name' } } } }, scope: { project: { name: 'cn-north-4' } } },
    });
    expect(calls.length).toBe(2);
    for (const c of calls) {
      expect(c.headers['x-auth-token']).toBe('token-1');
      expect(c.url).toMatch(/^\/v1\/iamproject\/training-jobs/);
    }
  });

  it('caches the token, shares one request between concurrent calls, renews shortly before expiry', async () => {
    handler = iamHandler(60 * 60_000);
    let clock = Date.now();
    const provider = new IamTokenProvider({ username: 'u', password: 'p', domainName: 'd', projectName: 'cn-north-4', iamEndpoint: base, now: () => clock });
    const tokens = await Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(issued).toBe(1);
    clock += 50 * 60_000; // 10 minutes left: still fine
    expect(await provider.getToken()).toBe('token-1');
    clock += 6 * 60_000; // 4 minutes left: within the 5-minute margin
    expect(await provider.getToken()).toBe('token-2');
    expect(issued).toBe(2);
    expect(provider.projectId).toBe('iamproject');
  });

  it('fetches a new token once when ModelArts answers 401', async () => {
    let rejectedOnce = false;
    handler = iamHandler(24 * 3600_000, (r) => {
      if (r.url.startsWith('/v1/') && r.headers['x-auth-token'] === 'token-1' && !rejectedOnce) {
        rejectedOnce = true;
        return { status: 401, body: { error_code: 'APIGW.0301', error_msg: 'token expired' } };
      }
      return undefined;
    });
    const client = createClient({ endpoint: base, projectId: PROJECT, iam: { username: 'u', password: 'p', domainName: 'd', iamEndpoint: base }, env: false });
    await client.trainingJobsV1.listTrainingJobs();
    expect(requests.map((r) => `${r.method} ${r.url.split('?')[0]} ${r.headers['x-auth-token'] ?? ''}`.trim())).toEqual([
      'POST /v3/auth/tokens',
      `GET /v1/${PROJECT}/training-jobs token-1`,
      'POST /v3/auth/tokens',
      `GET /v1/${PROJECT}/training-jobs token-2`,
    ]);
  });

  it('reports a refused login as ModelArtsApiError (IAM’s own format), without the password', async () => {
    handler = (r) => (r.url.startsWith('/v3/') ? { status: 401, body: { error: { code: 401, message: 'The username or password is wrong. (password was hunter2-secret-pw)', title: 'Unauthorized' } } } : ok);
    const client = createClient({ endpoint: base, projectId: PROJECT, iam: { username: 'u', password: 'hunter2-secret-pw', domainName: 'd', iamEndpoint: base }, env: false });
    const err = await client.trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err).toEqual(expect.objectContaining({ status: 401, errorCode: '401', operationId: 'createIamToken' }));
    for (const view of [err.message, JSON.stringify(err), err.stack, util.inspect(err, { depth: 10 })]) expect(view).not.toContain('hunter2-secret-pw');
    expect(requests.length).toBe(1);
  });

  it('asks IAM through the generated createIamToken (nocatalog, JSON) and reads IAM’s microsecond timestamps', async () => {
    const issuedAt = Date.now();
    const micro = (ms) => new Date(ms).toISOString().replace('Z', '000Z'); // 2024-01-02T03:04:05.123000Z, as IAM writes them
    handler = () => ({ status: 201, headers: { 'X-Subject-Token': 'tok' }, body: { token: { issued_at: micro(issuedAt), expires_at: micro(issuedAt + 2 * 3600_000), project: { id: 'p9' } } } });
    const clock = 1_000_000;
    const provider = new IamTokenProvider({ username: 'u', password: 'p', domainName: 'd', iamEndpoint: base, now: () => clock });
    expect(await provider.fetchToken()).toEqual({ token: 'tok', expiresAt: clock + 2 * 3600_000, expiresAtText: new Date(issuedAt + 2 * 3600_000).toISOString(), projectId: 'p9' });
    expect(requests.map((r) => `${r.method} ${r.url} ${r.headers['content-type']}`)).toEqual(['POST /v3/auth/tokens?nocatalog=true application/json']);
    expect(provider.projectId).toBe('p9');
  });

  it('needs the X-Subject-Token header', async () => {
    handler = () => ({ status: 201, body: { token: {} } });
    const provider = new IamTokenProvider({ username: 'u', password: 'p', domainName: 'd', iamEndpoint: base });
    await expect(provider.getToken()).rejects.toThrow(/X-Subject-Token/);
    expect(JSON.stringify(provider)).not.toContain('"p"');
  });
});

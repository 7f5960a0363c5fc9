// The client against the Prism mock: AK/SK-signed and token requests are accepted for every operation,
// a request without credentials gets 401 as a typed ModelArtsApiError, both error formats are read, and
// the IAM helper obtains its token from the mock's createIamToken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, IamTokenProvider, ModelArtsApiError } from '@modelarts-openapi/client';
import { startMock } from '@modelarts-openapi/mock';
import { deref, loadSpec, operations } from '@modelarts-openapi/spec';
import { parameterValue, requestExample, sentParameters, successStatuses, tsParamName } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
const PROJECT = '2ac3f11b4f47402b8d6e7fc6f7a1b2c3';
const CREDENTIALS = { ak: 'HPUAMOCKACCESSKEY000', sk: 'mockSecretKey0123456789abcdefghijklmnopq' };
let mock;
let prefer;
const preferMiddleware = {
  pre: async (ctx) => (prefer ? { url: ctx.url, init: { ...ctx.init, headers: { ...Object.fromEntries(new Headers(ctx.init.headers)), Prefer: prefer } } } : undefined),
};

beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock?.stop();
});

const client = (options) => createClient({ endpoint: mock.url, projectId: PROJECT, env: false, retry: false, middleware: [preferMiddleware], ...options });

function apiFor(c, operationId) {
  for (const [key, api] of Object.entries(c)) if (key !== 'configuration' && typeof api[`${operationId}Raw`] === 'function') return api;
  throw new Error(`no generated method ${operationId}Raw`);
}

/** Parameters from the spec's examples, without projectId (the client fills it in). */
function paramsFor(o) {
  const params = {};
  for (const p of sentParameters(spec, o)) if (p.name !== 'project_id') params[tsParamName(p.name)] = parameterValue(spec, p);
  const body = requestExample(spec, o);
  if (body) params.body = body.value;
  return params;
}

const modelArtsOps = ops.filter((o) => !o.path.startsWith('/v3/'));

describe('the mock accepts the client’s credentials', () => {
  it.each(modelArtsOps.map((o) => [o.id, o]))('%s signed with AK/SK', async (_id, o) => {
    const status = successStatuses(o)[0];
    prefer = `code=${status}`;
    const response = await apiFor(client({ credentials: CREDENTIALS }), o.id)[`${o.id}Raw`](paramsFor(o));
    expect(response.raw.status).toBe(Number(status));
  });

  it('a token request is accepted too', async () => {
    prefer = undefined;
    const value = await client({ token: 'mock-token' }).trainingJobsV1.listTrainingJobs();
    expect(value.is_success).toBe(true);
  });

  it.each(modelArtsOps.filter((o) => !o.op['x-no-auth']).map((o) => [o.id, o]))('%s without credentials: 401 as ModelArtsApiError', async (_id, o) => {
    prefer = undefined;
    const err = await apiFor(client({}), o.id)[o.id](paramsFor(o)).catch((e) => e);
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err.status).toBe(401);
    expect(err.operationId).toBe(o.id);
    expect(err.errorCode).toEqual(expect.any(String));
  });
});

describe('error formats from the mock', () => {
  it('legacy v1: error_code and error_message', async () => {
    prefer = 'code=400';
    const err = await client({ credentials: CREDENTIALS }).trainingJobsV1.listTrainingJobs().catch((e) => e);
    prefer = undefined;
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err.status).toBe(400);
    expect(err.body).toEqual(expect.objectContaining({ is_success: false }));
    expect(err.errorCode).toBe(err.body.error_code);
    expect(err.errorMessage).toBe(err.body.error_message);
    expect(err.operationId).toBe('listTrainingJobs');
  });

  it('newer: error_code and error_msg, with X-Request-Id', async () => {
    // Any operation whose declared 4xx example speaks the newer format.
    const candidates = [];
    for (const o of modelArtsOps) {
      for (const [status, r] of Object.entries(o.op.responses ?? {})) {
        if (!/^4\d\d$/.test(status) || status === '401') continue;
        const media = deref(spec, r).content?.['application/json'];
        for (const [name, ex] of Object.entries(media?.examples ?? {})) {
          const value = deref(spec, ex).value;
          if (value && value.error_msg !== undefined && value.is_success === undefined) candidates.push({ o, status, name, value });
        }
      }
    }
    expect(candidates.length, 'an operation with a newer-format 4xx example').toBeGreaterThan(0);
    const { o, status, name, value } = candidates[0];
    prefer = `code=${status}, example=${name}`;
    const err = await apiFor(client({ credentials: CREDENTIALS }), o.id)[o.id](paramsFor(o)).catch((e) => e);
    prefer = undefined;
    expect(err).toBeInstanceOf(ModelArtsApiError);
    expect(err).toEqual(expect.objectContaining({ status: Number(status), errorCode: value.error_code, errorMessage: value.error_msg, operationId: o.id }));
    expect(err.message).toContain(value.error_code);
  });

  it('the gateway’s 401 carries the request ID', async () => {
    prefer = undefined;
    const err = await client({}).trainingJobsV1.listTrainingJobs().catch((e) => e);
    expect(err.status).toBe(401);
    const declared = deref(spec, deref(spec, ops.find((o) => o.id === 'listTrainingJobs').op.responses['401']).headers?.['X-Request-Id'] ?? {});
    expect(declared.example ?? declared.schema?.example, 'the spec declares an X-Request-Id example on 401').toBeDefined();
    expect(err.requestId).toBe(declared.example ?? declared.schema?.example);
  });
});

describe('IAM tokens from the mock', () => {
  const iamOp = () => {
    const o = ops.find((x) => x.id === 'createIamToken');
    if (!o) throw new Error('createIamToken is missing from the bundle: it belongs in spec/paths/iam-tokens/createIamToken.yaml (rebuild with node packages/spec/src/bundle.js)');
    return o;
  };
  const subjectTokenExample = (o) => {
    const status = successStatuses(o)[0];
    const header = deref(spec, deref(spec, o.op.responses[status]).headers?.['X-Subject-Token'] ?? {});
    return header.example ?? header.schema?.example ?? (header.examples && deref(spec, Object.values(header.examples)[0]).value);
  };

  it('IamTokenProvider reads X-Subject-Token from createIamToken', async () => {
    const o = iamOp();
    const expected = subjectTokenExample(o);
    expect(expected, 'createIamToken declares an example for its X-Subject-Token header').toEqual(expect.any(String));
    prefer = undefined;
    const provider = new IamTokenProvider({ username: 'user_name', password: 'user_password', domainName: 'domain_name', projectName: 'cn-north-1', iamEndpoint: mock.url });
    expect(await provider.getToken()).toBe(expected);
  });

  it('a client with IAM password auth calls ModelArts with that token', async () => {
    const o = iamOp();
    prefer = undefined;
    const sent = [];
    const fetchApi = (url, init) => {
      sent.push({ url, method: init.method, token: init.headers['X-Auth-Token'] });
      return fetch(url, init);
    };
    // No iamEndpoint: with a mock as the endpoint, IAM is asked there too.
    const c = createClient({ endpoint: mock.url, projectId: PROJECT, env: false, fetchApi, iam: { username: 'user_name', password: 'user_password', domainName: 'domain_name' } });
    const value = await c.trainingJobsV1.listTrainingJobs();
    expect(value.is_success).toBe(true);
    expect(sent.map((s) => s.method)).toEqual(['POST', 'GET']);
    expect(sent[0].url).toBe(`${mock.url}/v3/auth/tokens?nocatalog=true`);
    expect(sent[1].token).toBe(subjectTokenExample(o));
  });
});

// The client cannot be made to call another resource, to leak a credential into an error, or to lose its
// timeouts, whatever its inputs and whatever a hostile server answers.
import util from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient, createConfiguration, ModelArtsError, ModelArtsResponseError } from '@modelarts-openapi/client';
import { loadSpec, operations, parameterValue } from '@modelarts-openapi/spec';
import { requestExample, tsParamName } from '@modelarts-openapi/testkit';

const spec = loadSpec();
const ops = operations(spec);
const ENDPOINT = 'http://127.0.0.1:9';
const PROJECT = '2ac3f11b4f47402b8d6e7fc6f7a1b2c3';

/** A fetch that records calls and answers with `answer(url, init)`. */
function recorder(answer = () => new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })) {
  const calls = [];
  const fetchApi = async (url, init) => {
    calls.push({ url, init });
    return answer(url, init);
  };
  return { calls, fetchApi };
}

/** The client method of an operation and complete parameters for it, with `overrides` by wire name. */
function callOf(client, o, overrides = {}) {
  const api = Object.values(client).find((a) => a && typeof a[o.id] === 'function');
  const params = {};
  for (const p of o.parameters) {
    if (!p.required && !(p.name in overrides)) continue;
    params[tsParamName(p.name)] = p.name in overrides ? overrides[p.name] : parameterValue(spec, p);
  }
  if (o.op.requestBody) params.body = requestExample(spec, o)?.value ?? {};
  return () => api[o.id](params);
}

describe('path parameters cannot retarget a call', () => {
  const withPath = ops.filter((o) => o.parameters.some((p) => p.in === 'path'));
  const BAD = ['..', '.', '', '%2e%2e', '%2E', '.%2e'];

  it(`every path parameter of every operation (${withPath.length}) refuses ${BAD.map((b) => JSON.stringify(b)).join(', ')} before sending`, async () => {
    const { calls, fetchApi } = recorder();
    const client = createClient({ endpoint: ENDPOINT, token: 'robust-token', projectId: PROJECT, fetchApi, retry: false, env: false });
    const sent = [];
    for (const o of withPath) {
      expect(Object.values(client).some((a) => a && typeof a[o.id] === 'function'), `client method ${o.id}`).toBe(true);
      for (const p of o.parameters.filter((x) => x.in === 'path')) {
        for (const bad of BAD) {
          const before = calls.length;
          const error = await callOf(client, o, { [p.name]: bad })().then(() => undefined, (e) => e);
          // '%2e' is encoded to %252e by the generated code: a literal name, harmless, may be sent.
          if (bad.includes('%') && calls.length > before) {
            expect(calls[calls.length - 1].url).toContain('%252');
            continue;
          }
          if (!(error instanceof ModelArtsError) || calls.length !== before) sent.push(`${o.id} ${p.name}=${JSON.stringify(bad)}: ${error?.message ?? `sent ${calls[calls.length - 1]?.url}`}`);
          else expect(error.message).toMatch(new RegExp(`^\\[${o.id}\\] refused to send`));
        }
      }
    }
    expect(sent).toEqual([]);
  });

  it('deleteDataset({datasetId: ".."}) does not send DELETE /v2/{project}/', async () => {
    const { calls, fetchApi } = recorder();
    const client = createClient({ endpoint: ENDPOINT, token: 'robust-token', projectId: PROJECT, fetchApi, env: false });
    await expect(client.datasets.deleteDataset({ datasetId: '..' })).rejects.toThrow(/refused to send: a path parameter is "\.\."/);
    expect(calls).toEqual([]);
  });
});

describe('credentials never reach an error', () => {
  const TOKEN = 'tok-0123456789-SECRET';
  const AK = 'AKSECRET0123456789';
  const SK = 'sk-secret-0123456789abcdef';
  const listOp = ops.find((o) => o.id === 'listTrainingJobs');

  /** Every way a hostile server can echo what it received. */
  const echoes = {
    'the reason phrase': (sent) => new Response('', { status: 500, statusText: `bad ${sent}` }),
    'an X-Request-Id echo': (sent) => new Response('{}', { status: 404, headers: { 'content-type': 'application/json', 'x-request-id': sent } }),
    'the error body': (sent) => new Response(JSON.stringify({ error_code: 'X.1', error_msg: `got ${sent}`, detail: { nested: [sent] } }), { status: 400, headers: { 'content-type': 'application/json' } }),
    'a plain-text body': (sent) => new Response(`denied: ${sent}`, { status: 403 }),
    'a 2xx that is not JSON': (sent) => new Response(`{"oops": ${sent}`, { status: 200, headers: { 'content-type': 'application/json' } }),
  };
  /** The credential as sent: the token, the whole Authorization value, or the bare signature. */
  const pick = {
    token: (h) => [h['X-Auth-Token'] ?? h['x-auth-token']],
    aksk: (h) => {
      const auth = h.Authorization ?? h.authorization;
      return [auth, /Signature=([0-9a-f]+)/.exec(auth)[1]];
    },
  };
  const modes = {
    token: { options: { token: TOKEN }, pick: pick.token, secrets: [TOKEN] },
    'token via headers': { options: { headers: { 'X-Auth-Token': TOKEN } }, pick: pick.token, secrets: [TOKEN] },
    'Authorization via headers': { options: { headers: { Authorization: `Bearer ${TOKEN}` } }, pick: (h) => [h.authorization ?? h.Authorization, TOKEN], secrets: [TOKEN] },
    aksk: { options: { credentials: { ak: AK, sk: SK } }, pick: pick.aksk, secrets: [AK, SK] },
  };

  const cases = Object.entries(modes).flatMap(([mode, m]) => Object.keys(echoes).flatMap((echo) => [0, 1].map((which) => ({ mode, m, echo, which }))));
  it.each(cases.map((c) => [c.mode, c.echo, c.which, c]))('%s, echoed through %s (variant %i)', async (_mode, _echo, _which, { m, echo, which }) => {
    let echoed;
    const fetchApi = async (_url, init) => {
      const headers = Object.fromEntries(Object.entries(init.headers));
      const values = m.pick(headers);
      echoed = values[which] ?? values[0];
      return echoes[echo](echoed);
    };
    const client = createClient({ endpoint: ENDPOINT, projectId: PROJECT, fetchApi, retry: false, env: false, ...m.options });
    const error = await callOf(client, listOp)().then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ModelArtsError);
    const texts = [error.message, String(error), error.stack, JSON.stringify(error), util.inspect(error, { depth: 8 }), JSON.stringify(error.body ?? null), String(error.requestId ?? '')];
    for (const secret of [...m.secrets, echoed]) {
      for (const t of texts) expect(t.includes(secret), `${secret} in ${t.slice(0, 200)}`).toBe(false);
    }
  });

  it('a 2xx with invalid JSON is a ModelArtsResponseError naming the operation, not a bare SyntaxError', async () => {
    const { fetchApi } = recorder(() => new Response('not json', { status: 200, headers: { 'content-type': 'application/json' } }));
    const client = createClient({ endpoint: ENDPOINT, token: TOKEN, projectId: PROJECT, fetchApi, env: false });
    const error = await callOf(client, listOp)().then(() => undefined, (e) => e);
    expect(error).toBeInstanceOf(ModelArtsResponseError);
    expect(error.message).toMatch(/^\[listTrainingJobs\] the answer's body is not valid JSON/);
  });
});

describe('timeouts cannot be switched off by accident', () => {
  it.each([-1, -Infinity, NaN, '5000', null])('timeoutMs %s is refused when the client is made', (timeoutMs) => {
    expect(() => createClient({ endpoint: ENDPOINT, token: 't', timeoutMs, env: false })).toThrow(/timeoutMs must be/);
  });

  it.each([0, Infinity, 1, 60_000])('timeoutMs %s is accepted', (timeoutMs) => {
    expect(() => createClient({ endpoint: ENDPOINT, token: 't', timeoutMs, env: false })).not.toThrow();
  });

  it('a Retry-After beyond 2^31 ms is waited for, not retried after 1 ms', async () => {
    const { calls, fetchApi } = recorder(() => new Response('', { status: 503, headers: { 'retry-after': String(2 ** 31 / 1000 + 10) } }));
    const { fetchApi: transport } = createConfiguration({ endpoint: ENDPOINT, token: 't', fetchApi, env: false, retry: { maxRetries: 1, maxRetryAfterMs: Infinity } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('test gave up waiting')), 300);
    const error = await transport(`${ENDPOINT}/v1/${PROJECT}/training-jobs`, { method: 'GET', signal: controller.signal }).then(() => undefined, (e) => e);
    expect(error).toBeDefined();
    expect(calls.length).toBe(1);
  });
});

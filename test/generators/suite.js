// The contract every generated client (generators/<lang>/) must meet against the Prism mock. Each
// language's test file calls clientSuite(lang, …). The client is the build's (generators/build/<lang>,
// `npx turbo run build`); the language's own test runner (pytest, go test, JUnit 5) runs every call below
// through it in one process, asserting status and success per call, and the tests here compare what it
// decoded and sent with the spec's examples. A missing toolchain skips the language with the tool's name;
// under CI=true it fails.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDir, testClient, toolchainProblems } from '@modelarts-openapi/generators';
import { startMock } from '@modelarts-openapi/mock';
import { loadSpec, operations } from '@modelarts-openapi/spec';
import {
  TOKEN, expectedSuccess, findOperation, planCall, requestBodySchema, responseExamples, withDefaults,
} from '@modelarts-openapi/generators/plan';
import { normalise as normaliseJson } from '@modelarts-openapi/testkit';

// what a generated client can reproduce: instants for date-times, no explicit nulls
const normalise = (value) => normaliseJson(value, { dropNulls: true });

/** The four v1 training operations every language is proven with (list, get, create with a body, delete). */
export const NAMED = {
  list: 'listTrainingJobs',
  get: 'getTrainingJobVersion',
  create: 'createTrainingJob',
  delete: 'deleteTrainingJobVersion',
};
const ERROR_OPERATION = 'getTrainingJobVersion';
const ERROR_STATUS = 404;

/**
 * @param {string} lang  a key of generators/lib/index.mjs `languages`
 * @param {{errorType: string, errorModelType?: string, fillsDefaults: boolean}} o
 *   errorType: the exception/error type a 4xx must surface as (the class or one of its bases);
 *   errorModelType: the decoded error model (languages that decode error bodies); fillsDefaults: the
 *   client's models initialise properties with their schema default, so those are sent too (see withDefaults)
 */
export function clientSuite(lang, o) {
  const problems = toolchainProblems(lang);
  if (problems.length && process.env.CI !== 'true') {
    describe.skip(`${lang} client (skipped: missing ${problems.join('; ')})`, () => {
      it('needs its toolchain', () => {});
    });
    console.warn(`[${lang}] skipped: missing ${problems.join('; ')}`);
    return;
  }
  const spec = loadSpec();
  const ops = operations(spec);
  let mock;
  let results;
  let plans;
  let run;

  beforeAll(async () => {
    if (problems.length) throw new Error(`${lang}: missing ${problems.join('; ')} (CI=true: every toolchain is required)`);
    if (!fs.existsSync(outputDir(lang))) throw new Error(`${outputDir(lang)} is missing: run "npx turbo run build"`);
    plans = new Map();
    const add = (id, operationId, options) => {
      try {
        plans.set(id, { ...planCall(spec, findOperation(spec, operationId), { ...options, id }), operationId });
      } catch (e) {
        plans.set(id, { error: e, operationId });
      }
    };
    for (const [kind, id] of Object.entries(NAMED)) add(`named:${kind}`, id);
    add('error:4xx', ERROR_OPERATION, { status: ERROR_STATUS });
    add('error:401', NAMED.list, { status: 401 });
    for (const op of ops) add(`sweep:${op.id}`, op.id);

    mock = await startMock();
    // What the language's own test asserts per call: success and the status asked for.
    const calls = [...plans.values()].filter((p) => p.call)
      .map((p) => ({ ...p.call, expect: { ok: p.expected.status < 400, status: p.expected.status } }));
    // The tokenless call (anonymous): the mock answers 401 like the gateway.
    const plan = calls.map((c) => (c.id === 'error:401' ? { ...c, anonymous: true, headers: {} } : c));
    run = await testClient(lang, { baseUrl: mock.url, token: TOKEN, calls: plan });
    console.log(`[${lang}] ${calls.length} calls through the generated client's own test runner in ${run.ms} ms`);
    results = new Map(run.results.map((r) => [r.id, r]));
  }, 900_000);

  afterAll(async () => {
    await mock?.stop();
  });

  const get = (id) => {
    const plan = plans.get(id);
    if (plan.error) throw plan.error;
    const result = results.get(id);
    expect(result, `no driver result for ${id}`).toBeDefined();
    return { plan, result };
  };

  const describeResult = (r) => JSON.stringify(r, null, 1).slice(0, 3000);

  function expectSuccess({ plan, result }) {
    expect(result.ok, `${plan.operationId} failed in the ${lang} client:\n${describeResult(result)}`).toBe(true);
    expect(result.status).toBe(plan.expected.status);
    if (plan.call.body !== undefined) {
      const sent = o.fillsDefaults ? withDefaults(spec, requestBodySchema(spec, findOperation(spec, plan.operationId)), plan.call.body) : plan.call.body;
      expect(normalise(result.sentBody), `request body the ${lang} client sends for ${plan.operationId}`).toEqual(normalise(sent));
    }
    if (plan.expected.value !== undefined) {
      expect(normalise(result.value), `${plan.operationId} decoded by the ${lang} client vs example ${plan.expected.name}`).toEqual(normalise(plan.expected.value));
    }
  }

  describe(`${lang} client: the v1 training operations`, () => {
    for (const [kind, operationId] of Object.entries(NAMED)) {
      it(`${kind}: ${operationId} decodes its seed sample`, () => {
        const r = get(`named:${kind}`);
        const expected = expectedSuccess(spec, findOperation(spec, operationId));
        expect(expected?.value, `${operationId} has no named 2xx example`).toBeDefined();
        expect(r.plan.expected.name).toBe(expected.name);
        if (kind === 'create') expect(r.plan.call.body, `${operationId} has no request example`).toBeDefined();
        expectSuccess(r);
      });
    }

    it(`a ${ERROR_STATUS} surfaces as ${o.errorType} with the error body readable`, () => {
      const { plan, result } = get('error:4xx');
      expect(result.ok).toBe(false);
      expect(result.errorTypes).toContain(o.errorType);
      expect(result.status).toBe(ERROR_STATUS);
      const example = responseExamples(spec, findOperation(spec, ERROR_OPERATION), String(ERROR_STATUS))
        .find((e) => e.name === plan.expected.name);
      expect(example, `${ERROR_OPERATION} has no ${ERROR_STATUS} example`).toBeDefined();
      expect(JSON.parse(result.body)).toEqual(example.value);
      if (o.errorModelType) expect(result.errorModelType).toBe(o.errorModelType);
    });

    it(`a call without the token gets the gateway's 401 as ${o.errorType}`, () => {
      const { result } = get('error:401');
      expect(result.ok).toBe(false);
      expect(result.errorTypes).toContain(o.errorType);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toEqual(expect.objectContaining({ error_code: expect.any(String) }));
    });
  });

  describe(`${lang} client: its own test runner`, () => {
    it('passes every call (status and success as planned)', () => {
      expect(run.exitCode, run.output.slice(-6000)).toBe(0);
    });
  });

  describe(`${lang} client: every operation of the bundle round-trips through the mock`, () => {
    it('the bundle has operations', () => {
      expect(ops.length).toBeGreaterThan(0);
    });
    it.each(ops.map((op) => [op.id]))('%s', (id) => {
      expectSuccess(get(`sweep:${id}`));
    });
  });
}

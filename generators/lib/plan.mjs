// Call plans for the language drivers, derived from the bundle: parameter values from the parameters'
// examples, request bodies from the named request examples, the response selected with Prism's
// `Prefer: code=…, example=…` header, and the value the decoded response must equal.
import { deref, exampleRequest, isJsonMediaType, operations, parameterValue, requestBody, response, successStatuses } from '@modelarts-openapi/spec';

export { parameterValue, successStatuses };

export const TOKEN = 'generated-clients-token';


/**
 * Path parameters in the order the generators put them in method signatures: the operation's own
 * parameters in declaration order, then path-level ones it does not override (DefaultGenerator appends
 * those).
 */
export function pathParameterOrder(spec, operation) {
  const own = (operation.op.parameters || []).map((p) => deref(spec, p));
  const shared = (spec.paths[operation.path].parameters || []).map((p) => deref(spec, p))
    .filter((s) => !own.some((o) => o.name === s.name && o.in === s.in));
  return [...own, ...shared].filter((p) => p.in === 'path');
}

// Only named examples: Prism selects an example by name (`Prefer: example=…`).
const named = (m) => (m?.media?.examples ? m.examples.map(({ name, value, seed }) => ({ name, value, seed })) : []);

/** Named examples of one response status: [{name, value, seed}] (seed: the x-seed-sample file). */
export const responseExamples = (spec, operation, status) => named(response(spec, operation, status));

/** Named request-body examples: [{name, value, seed}]. */
export const requestExamples = (spec, operation) => named(requestBody(spec, operation));

/**
 * The name the generators give the body parameter: the operation's `x-codegen-request-body-name`
 * (the generators read it on the operation only, not on the requestBody), else derived from the body
 * schema's name (lowerCamel), else `body`.
 */
export function requestBodyName(spec, operation) {
  if (operation.op['x-codegen-request-body-name']) return operation.op['x-codegen-request-body-name'];
  const ref = requestBody(spec, operation)?.schema?.$ref;
  const name = ref ? ref.split('/').pop() : 'body';
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The example the success test expects: the seed sample when there is one, else the first. */
export function expectedSuccess(spec, operation) {
  for (const status of successStatuses(operation)) {
    const exs = responseExamples(spec, operation, status);
    const pick = exs.find((e) => e.seed) ?? exs[0];
    return { status: Number(status), name: pick?.name, value: pick?.value, seed: pick?.seed };
  }
  return undefined;
}

export function findOperation(spec, operationId) {
  const o = operations(spec).find((x) => x.id === operationId);
  if (!o) throw new Error(`operation ${operationId} is not in the bundle (rebuild it: node packages/spec/src/bundle.js)`);
  return o;
}

/**
 * One driver call for an operation.
 * @param {{id?: string, status?: number|string, example?: string, body?: unknown, omitBody?: boolean}} [o]
 *   status/example: the response to ask Prism for (default: the expected success example)
 * @returns {{call: object, expected: {status: number, name?: string, value?: unknown}, request?: {name, value}}}
 */
export function planCall(spec, operation, o = {}) {
  const success = expectedSuccess(spec, operation);
  const status = Number(o.status ?? success?.status ?? 200);
  let example = o.example;
  if (example === undefined && o.status === undefined) example = success?.name;
  if (example === undefined && o.status !== undefined) example = responseExamples(spec, operation, String(status))[0]?.name;
  const value = example !== undefined ? responseExamples(spec, operation, String(status)).find((e) => e.name === example)?.value : undefined;

  const pathParams = pathParameterOrder(spec, operation).map((p) => ({ name: p.name, value: parameterValue(spec, p) }));
  const params = {};
  for (const { param, value } of exampleRequest(spec, operation).params) if (param.in !== 'path') params[param.name] = value;
  const call = {
    id: o.id ?? operation.id,
    operationId: operation.id,
    pathParams,
    params,
    headers: { Prefer: example !== undefined ? `code=${status}, example=${example}` : `code=${status}` },
  };
  // A response that is not JSON (a file) is asked for by its media type: the generated Python, Go and Java
  // clients send `Accept: application/json` whenever any response (here the errors) is JSON, and Prism
  // answers only what Accept names (generators/README.md, G1).
  const mediaType = response(spec, operation, String(status))?.type;
  if (mediaType && !isJsonMediaType(mediaType)) call.headers.Accept = mediaType;
  // Operations with their own `servers` (the IAM endpoint): drivers point them at the plan's baseUrl too.
  if (operation.op.servers || spec.paths[operation.path].servers) call.ownServers = true;
  const reqs = requestExamples(spec, operation);
  const request = o.body !== undefined ? { name: 'custom', value: o.body } : (reqs.find((e) => e.seed) ?? reqs[0]);
  if (request && !o.omitBody) {
    call.body = request.value;
    call.bodyName = requestBodyName(spec, operation);
  }
  return { call, expected: { status, name: example, value }, request };
}

/**
 * A request value as a client that initialises model properties with their schema `default` sends it
 * (Python and Java model constructors do): every absent property that declares a default is added, in
 * nested objects and arrays too. Unions (oneOf/anyOf) are left as they are.
 */
export function withDefaults(spec, schema, value) {
  const s = deref(spec, schema || {});
  if (Array.isArray(value)) return s.items ? value.map((v) => withDefaults(spec, s.items, v)) : value;
  if (!value || typeof value !== 'object') return value;
  const out = { ...value };
  const parts = [s, ...(s.allOf || []).map((x) => deref(spec, x))];
  for (const part of parts) {
    for (const [name, prop] of Object.entries(part.properties || {})) {
      const p = deref(spec, prop);
      if (out[name] === undefined && p.default !== undefined && !p.readOnly) out[name] = p.default;
      if (out[name] !== undefined) out[name] = withDefaults(spec, prop, out[name]);
    }
  }
  return out;
}

/** The request body schema of an operation (JSON media type), or undefined. */
export const requestBodySchema = (spec, operation) => requestBody(spec, operation)?.schema;

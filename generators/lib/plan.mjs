// Call plans for the language drivers, derived from the bundle: parameter values from the parameters'
// examples, request bodies from the named request examples, the response selected with Prism's
// `Prefer: code=…, example=…` header, and the value the decoded response must equal.
import { deref, operations, parameterValue } from '@modelarts-openapi/spec';

export { parameterValue };

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

function jsonMedia(content) {
  const key = content && Object.keys(content).find((k) => /json/.test(k));
  return key ? content[key] : undefined;
}

/** A response's media type: the JSON one, else the first (a file download: application/octet-stream). */
function responseMediaType(content) {
  const keys = Object.keys(content || {});
  return keys.find((k) => /json/.test(k)) ?? keys[0];
}

/** Named examples of one response status: [{name, value, seed}] (seed: the x-seed-sample file). */
export function responseExamples(spec, operation, status) {
  const r = operation.op.responses?.[status] && deref(spec, operation.op.responses[status]);
  const media = r?.content?.[responseMediaType(r.content)];
  return Object.entries(media?.examples || {}).map(([name, ex]) => {
    const e = deref(spec, ex);
    return { name, value: e.value, seed: e['x-seed-sample'] };
  });
}

/** Named request-body examples: [{name, value, seed}]. */
export function requestExamples(spec, operation) {
  const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
  const media = jsonMedia(body?.content);
  return Object.entries(media?.examples || {}).map(([name, ex]) => {
    const e = deref(spec, ex);
    return { name, value: e.value, seed: e['x-seed-sample'] };
  });
}

/**
 * The name the generators give the body parameter: the operation's `x-codegen-request-body-name`
 * (the generators read it on the operation only, not on the requestBody), else derived from the body
 * schema's name (lowerCamel), else `body`.
 */
export function requestBodyName(spec, operation) {
  if (operation.op['x-codegen-request-body-name']) return operation.op['x-codegen-request-body-name'];
  const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
  const ref = jsonMedia(body?.content)?.schema?.$ref;
  const name = ref ? ref.split('/').pop() : 'body';
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export const successStatuses = (operation) => Object.keys(operation.op.responses || {}).filter((s) => /^2\d\d$/.test(s)).sort();

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
  for (const p of operation.parameters) {
    if (p.in === 'path' || p.in === 'cookie') continue;
    if (p.required || p.example !== undefined || p.examples) params[p.name] = parameterValue(spec, p);
  }
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
  const r = operation.op.responses?.[String(status)] && deref(spec, operation.op.responses[String(status)]);
  const mediaType = responseMediaType(r?.content);
  if (mediaType && !/json/.test(mediaType)) call.headers.Accept = mediaType;
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
export function requestBodySchema(spec, operation) {
  const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
  return jsonMedia(body?.content)?.schema;
}

/**
 * JSON values as a generated client can reproduce them: ISO date-times compared as instants, and
 * object members whose value is null dropped (no generated client distinguishes an explicit null from an
 * absent member when it re-serialises a model).
 */
export function normalise(value) {
  return JSON.parse(JSON.stringify(value ?? null), (_k, v) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
      return `date:${new Date(v).toISOString()}`;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined));
    }
    return v;
  });
}

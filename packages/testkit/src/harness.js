// What the contract tests and benchmarks send: an operation's example request, as the spec model builds it
// (@modelarts-openapi/spec exampleRequest), in the shapes the tests use; JSON comparison; a fetch that never
// throws; a small pool.
import { createRequire } from 'node:module';
import path from 'node:path';
import { exampleParameters, exampleRequest, parameterValue, requestBody, successStatuses } from '@modelarts-openapi/spec';
import { tsParamName } from '@modelarts-openapi/spec/naming';

export { parameterValue, successStatuses, tsParamName };

export const TOKEN = 'contract-test-token';

/** A workspace package's command, by its package.json `bin` name, as a file to run with node. */
export function binPath(pkg, name) {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve(`${pkg}/package.json`);
  const file = require(manifest).bin?.[name];
  if (!file) throw new Error(`${pkg} has no command ${name}`);
  return path.resolve(path.dirname(manifest), file);
}

/** Parameters a request sends: path and required ones plus optional ones that document an example. */
export const sentParameters = (spec, operation) => exampleParameters(spec, operation);

/** The request body's media: {type, media, schema, required, examples}, or undefined. */
export const requestBodyMedia = (spec, operation) => requestBody(spec, operation);

/** The first named request example of an operation ({name, value}), or undefined. */
export function requestExample(spec, operation) {
  const rb = requestBody(spec, operation);
  const first = rb?.media.examples && rb.examples[0];
  return first ? { name: first.name, value: first.value } : undefined;
}

/** URL path + query string for an operation, from parameter values (overridable by name). */
export const buildUrl = (spec, operation, overrides = {}) => exampleRequest(spec, operation, { overrides }).url;

/** Header parameters of an operation (other than auth). */
export const headerParameters = (spec, operation) => exampleRequest(spec, operation).headers;

/**
 * JSON values as compared with an example: RFC 3339 date-times (with `T` or, as RFC 3339 allows, a space)
 * as the instant they name; with `dropNulls`, object members whose value is null dropped too (no generated
 * client tells an explicit null from an absent member when it re-serialises a model).
 */
export function normalise(value, { dropNulls = false } = {}) {
  return JSON.parse(JSON.stringify(value ?? null), (_k, v) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
      return `date:${new Date(v).toISOString()}`;
    }
    if (dropNulls && v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined));
    }
    return v;
  });
}

/**
 * Sends one request and never throws: a network failure is status 0 with the reason as text.
 * @returns {Promise<{status: number, type: string|null, text: string, json: any}>}
 */
export async function sendRequest(base, r, { timeoutMs = 20_000 } = {}) {
  try {
    const res = await fetch(`${base}${r.url}`, { method: r.method, headers: r.headers, body: r.body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, type: res.headers.get('content-type'), text, json };
  } catch (e) {
    return { status: 0, type: null, text: String(e.cause?.message ?? e.message), json: undefined };
  }
}

/** Maps `fn(item, index)` over `items` with at most `n` calls in flight; results in input order. */
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/**
 * A copy of the bundle cut down to `paths` and the components they reach (plus every security scheme):
 * the same operations, schemas and examples, for a test whose subject does not depend on the other
 * operations but whose tools cost time per operation and component (Prism's start-up, the differs).
 */
export function cutToPaths(spec, paths) {
  const components = { securitySchemes: spec.components?.securitySchemes ?? {} };
  const walk = (n) => {
    if (!n || typeof n !== 'object') return;
    const m = typeof n.$ref === 'string' && /^#\/components\/([^/]+)\/([^/]+)$/.exec(n.$ref);
    if (m && !components[m[1]]?.[m[2]]) {
      const target = spec.components[m[1]][m[2]];
      (components[m[1]] ??= {})[m[2]] = target;
      walk(target);
    }
    for (const v of Object.values(n)) walk(v);
  };
  const kept = Object.fromEntries(paths.map((p) => [p, spec.paths[p]]));
  walk(kept);
  return structuredClone({ ...spec, paths: kept, components });
}

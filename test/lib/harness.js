// Builds concrete requests for any operation of the bundle from the spec itself (parameter examples,
// request-body examples), so the contract tests cover every operation without a hand-kept list.
import { deref, parameterValue } from '@modelarts-openapi/spec';

export { parameterValue };

export const TOKEN = 'contract-test-token';


/** Parameters a request sends: all required ones plus optional ones that document an example. */
export function sentParameters(spec, operation) {
  return operation.parameters.filter((p) => p.required || p.example !== undefined || p.examples);
}

export function requestBodyMedia(spec, operation) {
  const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
  if (!body || !body.content) return undefined;
  const type = Object.keys(body.content).find((k) => /json/.test(k)) ?? Object.keys(body.content)[0];
  return { type, media: body.content[type], required: body.required === true };
}

/** The first named request example of an operation (its value), or undefined. */
export function requestExample(spec, operation) {
  const rb = requestBodyMedia(spec, operation);
  const first = rb && rb.media.examples && Object.entries(rb.media.examples)[0];
  return first ? { name: first[0], value: deref(spec, first[1]).value } : undefined;
}

/** URL path + query string for an operation, from parameter values (overridable by name). */
export function buildUrl(spec, operation, overrides = {}) {
  let p = operation.path;
  const query = new URLSearchParams();
  for (const param of operation.parameters) {
    const has = Object.prototype.hasOwnProperty.call(overrides, param.name);
    if (!has && !sentParameters(spec, operation).includes(param)) continue;
    const value = has ? overrides[param.name] : parameterValue(spec, param);
    if (value === undefined) continue;
    if (param.in === 'path') p = p.replace(`{${param.name}}`, encodeURIComponent(String(value)));
    else if (param.in === 'query') for (const v of Array.isArray(value) ? value : [value]) query.append(param.name, String(v));
  }
  const qs = query.toString();
  return qs ? `${p}?${qs}` : p;
}

/** Header parameters of an operation (other than auth). */
export function headerParameters(spec, operation) {
  const out = {};
  for (const param of sentParameters(spec, operation)) {
    if (param.in === 'header') out[param.name] = String(parameterValue(spec, param));
  }
  return out;
}

/** Declared 2xx statuses of an operation, lowest first. */
export function successStatuses(operation) {
  return Object.keys(operation.op.responses || {}).filter((s) => /^2\d\d$/.test(s)).sort();
}

/** The name typescript-fetch gives a parameter in its requestParameters object. */
export function tsParamName(name) {
  const camel = name.replace(/[-_. ]+([A-Za-z0-9])/g, (_, c) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** Compares JSON values, treating two ISO date-time strings for the same instant as equal. */
export function normalise(value) {
  return JSON.parse(JSON.stringify(value), (_k, v) => {
    // RFC 3339 date-times, with `T` or (as RFC 3339 allows) a space between date and time
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
      return `date:${new Date(v).toISOString()}`;
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
  await Promise.all(Array.from({ length: n }, async () => {
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

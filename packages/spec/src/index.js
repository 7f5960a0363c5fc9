// The spec model, the one place every package reads the spec through: load a bundle (or bundle a source
// tree: ./source.js), walk its operations with merged parameters, pick media types, build example requests
// from the examples, validate values (./validate.js). Code samples: ./samples.js; generated names: ./naming.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { createValidator, kindOfKeyword, KINDS } from './validate.js';
export { bundleSource, readSpec } from './source.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const bundlePath = path.resolve(here, '../dist/openapi.json');
export const bundleYamlPath = path.resolve(here, '../dist/openapi.yaml');
/** The HTTP methods an OpenAPI 3.0 path item can hold, in the specification's order. */
export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** A JSON media type (application/json, application/problem+json, text/json, …; parameters ignored). */
export const isJsonMediaType = (type) => /^[\w.-]+\/([\w.+-]+\+)?json$/i.test(String(type ?? '').split(';')[0].trim());

/**
 * The media type a reader takes from a `content` map: the JSON one, else the first (a file download).
 * @returns {{type: string, media: object} | undefined}
 */
export function contentMedia(content) {
  const types = Object.keys(content || {});
  const type = types.find(isJsonMediaType) ?? types[0];
  return type === undefined ? undefined : { type, media: content[type] };
}

/** The bundled spec as a plain object. Throws with a hint when the bundle has not been built. */
export function loadSpec(file = bundlePath) {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run "npx turbo run build --filter=@modelarts-openapi/spec" first`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Resolves a local `#/...` JSON pointer $ref (repeatedly), returning the target object. */
export function deref(spec, node) {
  let n = node;
  const seen = new Set();
  while (n && typeof n === 'object' && typeof n.$ref === 'string') {
    if (!n.$ref.startsWith('#/')) throw new Error(`external $ref ${n.$ref} in a bundle`);
    if (seen.has(n.$ref)) throw new Error(`circular $ref ${n.$ref}`);
    seen.add(n.$ref);
    n = n.$ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => o?.[k], spec);
    if (n === undefined) throw new Error(`unresolved $ref ${[...seen].pop()}`);
  }
  return n;
}

/**
 * A value for a parameter, for building example requests: its example, its first named example, its
 * schema's example/default/first enum value, or a filler of the schema's type.
 */
export function parameterValue(spec, parameter) {
  const s = deref(spec, parameter.schema || {});
  const exs = parameter.examples && Object.values(parameter.examples);
  const example = parameter.example !== undefined ? parameter.example : exs?.length ? deref(spec, exs[0]).value : undefined;
  // a numeric parameter whose example is written as a string ("10") is sent as the number it names
  if ((s.type === 'integer' || s.type === 'number') && typeof example === 'string' && example.trim() !== '' && !Number.isNaN(Number(example))) return Number(example);
  if (example !== undefined) return example;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return true;
  if (s.type === 'array') return [];
  return 'example';
}

/** Every operation: {id, method, path, op, parameters (path-level merged, dereferenced)}. */
export function operations(spec) {
  const out = [];
  for (const [p, item] of Object.entries(spec.paths || {})) {
    const shared = (item.parameters || []).map((x) => deref(spec, x));
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const own = (op.parameters || []).map((x) => deref(spec, x));
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      out.push({ id: op.operationId, method, path: p, op, parameters });
    }
  }
  return out;
}

/** Declared 2xx statuses of an operation, lowest first. */
export const successStatuses = (operation) => Object.keys(operation.op.responses || {}).filter((s) => /^2\d\d$/.test(s)).sort();

const namedExamples = (spec, media) => {
  const named = Object.entries(media?.examples || {}).map(([name, ex]) => {
    const e = deref(spec, ex);
    return { name, value: e.value, seed: e['x-seed-sample'], example: e };
  });
  if (!named.length && media?.example !== undefined) named.push({ name: 'example', value: media.example, example: { value: media.example } });
  return named;
};

/**
 * An operation's request body: its media type (JSON, else the first), schema, whether it is required, and
 * its examples ([{name, value, seed}], the named ones, else the unnamed `example`). undefined without a body.
 */
export function requestBody(spec, operation) {
  const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
  const m = contentMedia(body?.content);
  if (!m) return undefined;
  return { type: m.type, media: m.media, schema: m.media.schema, required: body.required === true, examples: namedExamples(spec, m.media) };
}

/** One response of an operation: {type, media, schema, examples} (type undefined for a response without a body). */
export function response(spec, operation, status) {
  const r = operation.op.responses?.[status] && deref(spec, operation.op.responses[status]);
  if (!r) return undefined;
  const m = contentMedia(r.content);
  return { type: m?.type, media: m?.media, schema: m?.media?.schema, examples: namedExamples(spec, m?.media) };
}

/** A parameter value as text on the wire: objects as JSON. */
const scalar = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * The parameters an example request of an operation sends: path parameters and required ones, plus (unless
 * `optional: false`) every optional one that documents an example. Cookie parameters are left out.
 */
export function exampleParameters(spec, operation, { optional = true } = {}) {
  return operation.parameters.filter((p) => p.in !== 'cookie'
    && (p.in === 'path' || p.required || (optional && (p.example !== undefined || (p.examples && Object.keys(p.examples).length > 0)))));
}

/**
 * A concrete request of an operation, built from the spec's examples: the one way docs, Postman, the
 * generators' drivers, the tests and the benchmarks turn an operation into a request.
 * @param {{optional?: boolean, overrides?: Record<string, unknown>, keep?: string[]}} [o]
 *   optional: also send optional parameters that document an example (default true);
 *   overrides: parameter values by name (also sends a parameter that would not be sent; undefined drops it);
 *   keep: path parameters left as `{name}` templates in `url` (e.g. project_id, for a variable of its own)
 * @returns {{id: string, method: string, path: string, pathname: string, url: string,
 *   params: {param: object, value: unknown}[], query: [string, string][], headers: Record<string, string>,
 *   body?: {type: string, schema: object, required: boolean, name?: string, value?: unknown}}}
 *   pathname: the path with its parameters filled in; url: plus the query string; params: every one sent.
 */
export function exampleRequest(spec, operation, { optional = true, overrides = {}, keep = [] } = {}) {
  const sent = new Set(exampleParameters(spec, operation, { optional }));
  const has = (p) => Object.prototype.hasOwnProperty.call(overrides, p.name);
  const params = [];
  for (const param of operation.parameters) {
    if (!has(param) && !sent.has(param)) continue;
    const value = has(param) ? overrides[param.name] : parameterValue(spec, param);
    if (value !== undefined) params.push({ param, value });
  }
  let pathname = operation.path;
  const query = [];
  const headers = {};
  for (const { param, value } of params) {
    if (param.in === 'path' && !keep.includes(param.name)) pathname = pathname.replace(`{${param.name}}`, encodeURIComponent(scalar(value)));
    else if (param.in === 'query') {
      // form style: an array repeats the parameter, or (explode: false) is one comma-separated value
      const values = Array.isArray(value) ? (param.explode === false ? [value.map(scalar).join(',')] : value) : [value];
      for (const v of values) query.push([param.name, scalar(v)]);
    } else if (param.in === 'header') headers[param.name] = scalar(value);
  }
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const body = requestBody(spec, operation);
  const first = body?.examples[0];
  return {
    id: operation.id,
    method: operation.method,
    path: operation.path,
    pathname,
    url: qs ? `${pathname}?${qs}` : pathname,
    params,
    query,
    headers,
    body: body && { type: body.type, schema: body.schema, required: body.required, name: first?.name, value: first?.value },
  };
}

/**
 * Every named example of the spec's JSON bodies, requests and responses (a file download's example is
 * bytes, not a value to validate or compare).
 * @returns {{operation: object, direction: 'request'|'response', status?: string, mediaType: string,
 *            name: string, example: object, value: unknown, schema: object}[]}
 */
export function examples(spec) {
  const out = [];
  for (const operation of operations(spec)) {
    const req = requestBody(spec, operation);
    for (const e of req?.media.examples && isJsonMediaType(req.type) ? req.examples : []) {
      out.push({ operation, direction: 'request', mediaType: req.type, name: e.name, example: e.example, value: e.value, schema: req.schema });
    }
    for (const status of Object.keys(operation.op.responses || {})) {
      const res = response(spec, operation, status);
      for (const e of res.media?.examples && isJsonMediaType(res.type) ? res.examples : []) {
        out.push({ operation, direction: 'response', status, mediaType: res.type, name: e.name, example: e.example, value: e.value, schema: res.schema });
      }
    }
  }
  return out;
}

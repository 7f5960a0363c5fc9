// Builds, for an operation the spec shares with the official SDKs, a request that sets every parameter and
// every body field the SDK knows (at every level), with values the spec's constraints accept: the spec's
// own examples where it has them, else values derived from the schema (enum, known values, format,
// pattern, range). Used to prove that what a vendor client can send is accepted (test/sdk-client.test.js).
import { deref, isJsonMediaType, parameterValue, requestBody } from './index.js';

const UUID = '5f3c2a1e-8b7d-4c6e-9a0f-1d2e3f4a5b6c';
const HEX32 = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
// Strings tried, in order, against a `pattern` the spec sets and that has no example.
const CANDIDATES = ['example', 'example-1', 'example_1', HEX32, UUID, 'TIMING', 'obs://bucket/dir/', '/bucket/dir/', '0', '1', 'a', 'A', 'x86_64', 'cpu'];

function mergeShape(spec, schema, seen = new Set()) {
  const s = deref(spec, schema || {});
  const out = { ...s, properties: { ...(s.properties || {}) } };
  if (seen.has(s)) return out;
  seen.add(s);
  for (const part of s.allOf || []) {
    const m = mergeShape(spec, part, seen);
    Object.assign(out.properties, m.properties);
    for (const k of ['type', 'example', 'enum', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'items', 'additionalProperties', 'x-known-values']) if (out[k] === undefined && m[k] !== undefined) out[k] = m[k];
  }
  return out;
}

/** The branch of a oneOf/anyOf that takes a value of the SDK's JSON type (objects prefer a branch with properties). */
function branchFor(spec, schema, sdkType) {
  const s = deref(spec, schema || {});
  const list = s.oneOf || s.anyOf;
  if (!list) return schema;
  const typed = list.map((b) => ({ b, m: mergeShape(spec, b) }));
  const hit = typed.find(({ m }) => m.type === sdkType || (sdkType === 'object' && !m.type && m.properties) || (sdkType === 'integer' && m.type === 'number'))
    || typed.find(({ m }) => sdkType === 'number' && m.type === 'integer');
  return hit ? hit.b : list[0];
}

function scalar(spec, schema, sdk, where) {
  const s = mergeShape(spec, schema);
  if (s.example !== undefined && typeof s.example !== 'object') return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s['x-known-values']) && s['x-known-values'].length) return s['x-known-values'][0];
  if (s.default !== undefined) return s.default;
  const type = s.type || sdk.type;
  if (type === 'boolean') return true;
  if (type === 'integer' || type === 'number') {
    let v = s.minimum ?? (sdk.type === 'number' && type === 'number' ? 1.5 : 1);
    if (s.exclusiveMinimum === true) v += 1;
    return s.maximum !== undefined && v > s.maximum ? s.maximum : v;
  }
  if (s.format === 'uuid') return UUID;
  if (s.format === 'date-time' || sdk.format === 'date-time') return '2024-05-20T08:30:00Z';
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    const hit = CANDIDATES.find((c) => re.test(c) && (!s.maxLength || c.length <= s.maxLength) && (!s.minLength || c.length >= s.minLength));
    if (hit === undefined) throw new Error(`no sample value for ${where}: pattern ${s.pattern}`);
    return hit;
  }
  const text = 'example'.padEnd(s.minLength || 0, '-x');
  return s.maxLength !== undefined && s.maxLength < text.length ? text.slice(0, Math.max(s.maxLength, s.minLength || 1)) : text;
}

/**
 * A value for an SDK schema node (facts' format: {$model} | object | array | map | scalar) that the spec
 * schema at the same place accepts, filling every field the SDK knows.
 */
export function sdkValue(spec, facts, sdkNode, schema, where = '$', stack = []) {
  const models = facts.models || {};
  const sdk = sdkNode && sdkNode.$model ? { ...models[sdkNode.$model], model: sdkNode.$model } : sdkNode || {};
  if (sdk.model && stack.includes(sdk.model)) return undefined;
  const inner = sdk.model ? [...stack, sdk.model] : stack;
  const chosen = branchFor(spec, schema, sdk.type === 'object' && sdk.additionalProperties && !sdk.properties ? 'object' : sdk.type);
  const s = mergeShape(spec, chosen);
  if (sdk.type === 'array') {
    const item = sdkValue(spec, facts, sdk.items, s.items || {}, `${where}[0]`, inner);
    return item === undefined ? [] : [item];
  }
  if (sdk.type === 'object' && sdk.properties) {
    const out = {};
    for (const [name, child] of Object.entries(sdk.properties)) {
      const v = sdkValue(spec, facts, child, s.properties?.[name] || {}, `${where}.${name}`, inner);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }
  if (sdk.type === 'object' && sdk.additionalProperties) {
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
    return { example_key: sdkValue(spec, facts, sdk.additionalProperties, ap, `${where}.example_key`, inner) };
  }
  if (!sdk.type) {
    const t = mergeShape(spec, schema);
    return t.example !== undefined ? t.example : {};
  }
  return scalar(spec, chosen, sdk, where);
}

/**
 * The request a vendor client sends with every field the SDK knows: {projectId, params: {path|query|header:
 * {wire name: value}}, body}. `operation` is an entry of `operations(spec)`, `sdkOperation` its entry in the facts.
 */
export function fullSdkRequest(spec, facts, operation, sdkOperation) {
  const params = { path: {}, query: {}, header: {} };
  const specPathNames = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const sdkPathNames = [...sdkOperation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  let projectId;
  for (const p of sdkOperation.parameters || []) {
    const specName = p.in === 'path' ? specPathNames[sdkPathNames.indexOf(p.name)] : p.name;
    const sp = operation.parameters.find((x) => x.in === p.in && (p.in === 'header' ? x.name.toLowerCase() === p.name.toLowerCase() : x.name === specName));
    if (!sp) throw new Error(`${operation.id}: the spec has no ${p.in} parameter ${p.name}`);
    let v = parameterValue(spec, sp);
    if (p.type === 'array' && !Array.isArray(v)) v = [v];
    // The SDK takes the project from its credentials, not from the request object.
    if (p.sdk_auto_filled) projectId = v; else params[p.in][p.name] = v;
  }
  let body;
  if (sdkOperation.request_body) {
    const rb = requestBody(spec, operation);
    if (!rb || !isJsonMediaType(rb.type)) throw new Error(`${operation.id}: the spec has no JSON request body`);
    body = sdkValue(spec, facts, sdkOperation.request_body, rb.schema, 'body');
  }
  return { projectId, params, body };
}

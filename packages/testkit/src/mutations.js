// Invalid variants of an operation's valid request, derived from the spec: every required field removed,
// wrong types, enum and range violations, over-long strings, a malformed JSON body, a wrong content type,
// invalid path/query/header parameters and missing credentials. Each body or parameter mutation is checked
// with the spec validator, so only requests that really violate the spec are produced.
import { deref, isJsonMediaType } from '@modelarts-openapi/spec';
import { prng } from '@modelarts-openapi/mock/faults';
import { buildUrl, headerParameters, parameterValue, requestBodyMedia, requestExample, sentParameters, TOKEN } from './harness.js';

export const MUTATION_KINDS = {
  missingRequired: 'required field removed',
  wrongType: 'wrong type',
  enum: 'enum violation',
  range: 'out of range/length/pattern',
  overlong: 'over-long string',
  malformedJson: 'malformed JSON body',
  wrongContentType: 'wrong content type',
  missingBody: 'required body missing',
  invalidPathParam: 'invalid path parameter',
  auth: 'missing or malformed credentials',
};

// The seeded PRNG is shared with the signer's case generator.
export { prng };

/** A schema with its allOf parts merged (properties, required, type, constraints) and $refs resolved. */
export function merged(spec, schema, depth = 0) {
  const s = deref(spec, schema || {});
  if (!s.allOf || depth > 10) return s;
  const out = { ...s, properties: { ...(s.properties || {}) }, required: [...(s.required || [])] };
  delete out.allOf;
  for (const part of s.allOf) {
    const m = merged(spec, part, depth + 1);
    for (const [k, v] of Object.entries(m)) {
      if (k === 'properties') Object.assign(out.properties, v);
      else if (k === 'required') out.required.push(...v);
      else if (!(k in out)) out[k] = v;
    }
  }
  return out;
}

const jsonType = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const typeAllowed = (types, v) => types.has(jsonType(v)) || (jsonType(v) === 'integer' && types.has('number'));

function allowedTypes(spec, s, depth = 0) {
  const types = new Set();
  if (typeof s.type === 'string') types.add(s.type);
  for (const k of ['oneOf', 'anyOf']) for (const b of s[k] || []) if (depth < 5) allowedTypes(spec, merged(spec, b), depth + 1).forEach((t) => types.add(t));
  if (!types.size && s.properties) types.add('object');
  return types;
}

const WRONG = [12345, 'not-a-number', true, ['not', 'an', 'object'], { not: 'a scalar' }];

/** Values violating one constraint of a scalar/array schema: [{kind, value, what}]. */
export function constraintViolations(spec, schema, { inUrl = false } = {}) {
  const s = merged(spec, schema);
  const out = [];
  const types = allowedTypes(spec, s);
  if (types.size) {
    // In a URL an array is its items written out (`?state=a,b`), so a lone value is a one-item array:
    // only a value the items reject has the wrong type.
    const urlTypes = types.has('array') && s.items ? allowedTypes(spec, merged(spec, s.items)) : types;
    const wrong = inUrl
      ? (urlTypes.has('string') ? undefined : urlTypes.has('boolean') ? 'maybe' : 'not-a-number')
      : WRONG.find((w) => !typeAllowed(types, w));
    if (wrong !== undefined) out.push({ kind: 'wrongType', value: wrong, what: `${[...types].join('|')} given ${jsonType(wrong)}` });
  }
  if (Array.isArray(s.enum) && s.enum.length) {
    const num = s.enum.every((e) => typeof e === 'number');
    out.push({ kind: 'enum', value: num ? Math.max(...s.enum) + 1000 : 'not-in-enum', what: `not one of ${s.enum.slice(0, 5).join(', ')}` });
  }
  if (typeof s.minimum === 'number') out.push({ kind: 'range', value: s.exclusiveMinimum === true ? s.minimum : s.minimum - 1, what: `below minimum ${s.minimum}` });
  if (typeof s.maximum === 'number') out.push({ kind: 'range', value: s.exclusiveMaximum === true ? s.maximum : s.maximum + 1, what: `above maximum ${s.maximum}` });
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push({ kind: 'range', value: 'x'.repeat(s.minLength - 1), what: `shorter than minLength ${s.minLength}` });
  if (typeof s.maxLength === 'number') out.push({ kind: 'overlong', value: 'x'.repeat(s.maxLength + 1), what: `longer than maxLength ${s.maxLength}` });
  if (typeof s.pattern === 'string') {
    let re;
    try { re = new RegExp(s.pattern, 'u'); } catch { re = undefined; }
    const bad = re && ['not valid!', '!@#$%^&*', ' ', '../x', 'é', '-', '0'].find((c) => !re.test(c));
    if (bad !== undefined) out.push({ kind: 'range', value: bad, what: `not matching ${s.pattern}` });
  }
  if (typeof s.minItems === 'number' && s.minItems > 0) out.push({ kind: 'range', value: [], what: `fewer than minItems ${s.minItems}` });
  return out;
}

function getAt(value, ptr) {
  return ptr.reduce((v, k) => v?.[k], value);
}
function withAt(value, ptr, fn) {
  const copy = structuredClone(value);
  if (!ptr.length) return fn(copy, undefined);
  const parent = getAt(copy, ptr.slice(0, -1));
  fn(parent, ptr[ptr.length - 1]);
  return copy;
}
const pointerOf = (ptr) => `/${ptr.join('/')}`;

/** Body mutations: walks the valid example value along its schema. */
export function bodyMutations(spec, schema, value, { maxDepth = 6 } = {}) {
  const out = [];
  const visit = (sch, v, ptr, depth) => {
    const s = merged(spec, sch);
    // A union branch is ambiguous to descend into; its own constraints are still tried below.
    if (v && typeof v === 'object' && !Array.isArray(v) && !s.oneOf && !s.anyOf && depth < maxDepth) {
      for (const req of s.required || []) {
        if (Object.prototype.hasOwnProperty.call(v, req)) {
          out.push({ kind: 'missingRequired', pointer: pointerOf([...ptr, req]), where: `body ${pointerOf([...ptr, req])}`, body: withAt(value, [...ptr, req], (p, k) => { delete p[k]; }) });
        }
      }
      for (const [name, propSchema] of Object.entries(s.properties || {})) {
        if (Object.prototype.hasOwnProperty.call(v, name)) visit(propSchema, v[name], [...ptr, name], depth + 1);
      }
    }
    if (Array.isArray(v) && v.length && s.items && depth < maxDepth) visit(s.items, v[0], [...ptr, 0], depth + 1);
    for (const c of constraintViolations(spec, s)) {
      out.push({ kind: c.kind, pointer: ptr.length ? pointerOf(ptr) : '/', where: `body ${ptr.length ? pointerOf(ptr) : '(root)'}: ${c.what}`, body: ptr.length ? withAt(value, ptr, (p, k) => { p[k] = c.value; }) : c.value });
    }
  };
  visit(schema, value, [], 0);
  return out;
}

/**
 * Every mutation of an operation's valid request.
 * @returns {{kind: string, where: string, method: string, url: string, headers: Record<string,string>, body?: string, expect: number[]}[]}
 *   expect: acceptable statuses ([] = any 4xx).
 */
export function mutationsFor(spec, operation, validator) {
  const method = operation.method.toUpperCase();
  const baseHeaders = { ...headerParameters(spec, operation), 'X-Auth-Token': TOKEN };
  const rb = requestBodyMedia(spec, operation);
  const ex = requestExample(spec, operation);
  const isJson = rb && isJsonMediaType(rb.type);
  const validBody = ex ? JSON.stringify(ex.value) : undefined;
  const validUrl = buildUrl(spec, operation);
  const make = (m) => {
    const headers = { ...baseHeaders, ...(m.headers || {}) };
    for (const [k, v] of Object.entries(headers)) if (v === undefined) delete headers[k];
    let body = 'body' in m ? m.body : validBody;
    if (body !== undefined && typeof body !== 'string') body = JSON.stringify(body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = rb?.type ?? 'application/json';
    return { kind: m.kind, where: m.where, method, url: m.url ?? validUrl, headers, body, expect: m.expect ?? [] };
  };
  const out = [];
  const secured = (operation.op.security ?? spec.security ?? []).length > 0 && !(operation.op.security ?? spec.security).some((r) => !Object.keys(r).length);

  // Credentials.
  if (secured) {
    out.push(make({ kind: 'auth', where: 'no X-Auth-Token, no Authorization', headers: { 'X-Auth-Token': undefined }, expect: [401] }));
    out.push(make({ kind: 'auth', where: 'empty X-Auth-Token', headers: { 'X-Auth-Token': '' }, expect: [401] }));
    out.push(make({ kind: 'auth', where: 'unsigned Authorization header', headers: { 'X-Auth-Token': undefined, Authorization: 'Basic dXNlcjpwYXNz' }, expect: [401] }));
    out.push(make({ kind: 'auth', where: 'malformed SDK-HMAC-SHA256 signature', headers: { 'X-Auth-Token': undefined, Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz' }, expect: [401] }));
  }

  // Parameters.
  for (const p of operation.parameters) {
    if (p.in === 'cookie') continue;
    const valid = parameterValue(spec, p);
    if (p.in === 'path') {
      for (const c of constraintViolations(spec, p.schema || {}, { inUrl: true })) {
        if (c.value === '' || (Array.isArray(c.value))) continue; // an empty segment changes the route
        if (validator.validate(p.schema, coerce(spec, p.schema, String(c.value)), 'request').length === 0) continue;
        out.push(make({ kind: 'invalidPathParam', where: `path ${p.name}: ${c.what}`, url: buildUrl(spec, operation, { [p.name]: String(c.value) }) }));
      }
      continue;
    }
    if (p.required) {
      if (p.in === 'query') out.push(make({ kind: 'missingRequired', where: `query ${p.name}`, url: buildUrl(spec, operation, { [p.name]: undefined }) }));
      if (p.in === 'header') out.push(make({ kind: 'missingRequired', where: `header ${p.name}`, headers: { [p.name]: undefined } }));
    }
    for (const c of constraintViolations(spec, p.schema || {}, { inUrl: true })) {
      if (Array.isArray(c.value)) continue;
      if (validator.validate(p.schema, coerce(spec, p.schema, String(c.value)), 'request').length === 0) continue;
      if (p.in === 'query') out.push(make({ kind: c.kind, where: `query ${p.name}: ${c.what}`, url: buildUrl(spec, operation, { [p.name]: String(c.value) }) }));
      if (p.in === 'header' && /^[\x20-\x7e]*$/.test(String(c.value))) out.push(make({ kind: c.kind, where: `header ${p.name}: ${c.what}`, headers: { [p.name]: String(c.value) } }));
    }
    void valid;
  }

  // Body.
  if (rb) {
    if (rb.required) out.push(make({ kind: 'missingBody', where: 'no body', body: undefined }));
    if (isJson && validBody !== undefined) {
      out.push(make({ kind: 'malformedJson', where: 'truncated JSON', body: validBody.slice(0, Math.max(1, Math.floor(validBody.length / 2))) }));
      out.push(make({ kind: 'malformedJson', where: 'not JSON at all', body: 'this is not json' }));
      out.push(make({ kind: 'wrongContentType', where: 'valid body as text/plain', headers: { 'Content-Type': 'text/plain' } }));
      out.push(make({ kind: 'wrongContentType', where: 'valid body as application/xml', headers: { 'Content-Type': 'application/xml' }, body: '<job/>' }));
      for (const m of bodyMutations(spec, rb.media.schema, ex.value)) {
        if (validator.validate(rb.media.schema, m.body, 'request').length === 0) continue;
        out.push(make(m));
      }
    }
  }
  return out;
}

/** A parameter string converted the way a server would before validating it. */
export function coerce(spec, schema, raw) {
  const s = merged(spec, schema || {});
  if ((s.type === 'integer' || s.type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (s.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** Keeps at most `max` mutations, always keeping every kind, chosen with a seeded PRNG. */
export function bounded(mutations, max, random) {
  if (mutations.length <= max) return mutations;
  const byKind = new Map();
  for (const m of mutations) (byKind.get(m.kind) ?? byKind.set(m.kind, []).get(m.kind)).push(m);
  const keep = [...byKind.values()].map((list) => list[0]);
  const rest = mutations.filter((m) => !keep.includes(m));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...keep, ...rest.slice(0, Math.max(0, max - keep.length))].sort((a, b) => mutations.indexOf(a) - mutations.indexOf(b));
}

export { sentParameters };

// Validates JSON values against the spec's OpenAPI 3.0 schemas with ajv, reporting each problem with a
// JSON pointer and a kind from a fixed taxonomy. OpenAPI 3.0 differs from JSON Schema in `nullable`,
// `readOnly`/`writeOnly` (direction-dependent) and its extra keywords, so the components are converted
// once per direction: in requests readOnly properties are not required and must not appear; in
// responses the same holds for writeOnly.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const KINDS = {
  required: 'missing required property',
  additionalProperty: 'additional property',
  type: 'wrong type',
  enum: 'enum violation',
  range: 'out of range/length/pattern',
  readOnly: 'readOnly property in a request',
  writeOnly: 'writeOnly property in a response',
  other: 'other schema violation',
};

const DROP = new Set(['example', 'xml', 'externalDocs', 'discriminator', 'nullable', 'readOnly', 'writeOnly', 'deprecated']);
const RANGE = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'format']);

function convert(node, direction, refBase) {
  if (Array.isArray(node)) return node.map((n) => convert(n, direction, refBase));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) { out.$ref = `${refBase}${v}`; continue; }
    if (k === 'properties') {
      out.properties = {};
      for (const [name, prop] of Object.entries(v)) {
        const forbidden = direction === 'request' ? prop?.readOnly : prop?.writeOnly;
        out.properties[name] = forbidden ? { [direction === 'request' ? 'x-forbid-readonly' : 'x-forbid-writeonly']: true } : convert(prop, direction, refBase);
      }
      continue;
    }
    if (k === 'required' && Array.isArray(v) && node.properties) {
      const skip = direction === 'request' ? 'readOnly' : 'writeOnly';
      const req = v.filter((r) => !node.properties[r]?.[skip]);
      if (req.length) out.required = req;
      continue;
    }
    out[k] = convert(v, direction, refBase);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (!out.type && (out.oneOf || out.anyOf || out.allOf || out.$ref)) return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** Our taxonomy kind for a JSON-Schema keyword that failed (ajv's `keyword`, Prism's violation `code`). */
export function kindOfKeyword(k) {
  if (k === 'required') return 'required';
  if (k === 'additionalProperties') return 'additionalProperty';
  if (k === 'type' || k === 'oneOf' || k === 'anyOf') return 'type';
  if (k === 'enum' || k === 'const') return 'enum';
  if (RANGE.has(k)) return 'range';
  if (k === 'x-forbid-readonly') return 'readOnly';
  if (k === 'x-forbid-writeonly') return 'writeOnly';
  return 'other';
}

const kindOf = (error) => kindOfKeyword(error.keyword);

function pointerOf(error) {
  const base = error.instancePath || '';
  if (error.keyword === 'required') return `${base}/${error.params.missingProperty}`;
  if (error.keyword === 'additionalProperties') return `${base}/${error.params.additionalProperty}`;
  return base || '/';
}

/** Values with more nodes than this are checked up to their first problem only (see createValidator). */
export const ALL_ERRORS_MAX_NODES = 5000;

/** Whether a JSON value has more than `limit` nodes (stops counting there). */
function hasMoreNodes(value, limit) {
  let count = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (++count > limit) return true;
    // Not `for…in`: on an array of millions it lists every index before the first step.
    if (Array.isArray(v)) {
      if (v.length > limit) return true;
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > limit) return true;
      for (const k of keys) stack.push(v[k]);
    }
  }
  return false;
}

function makeAjv(components, allErrors) {
  // ajv is loaded on first use, not on import: commands that never validate start ~40 % faster.
  const { default: Ajv } = require('ajv');
  const { default: addFormats } = require('ajv-formats');
  // No optimisation pass over the generated code: compiling the bundle's checks costs ~30 % less, and
  // validating with them a few per cent more (each check is compiled once and run a few times).
  const ajv = new Ajv({ strict: false, allErrors, validateFormats: true, code: { optimize: false } });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  for (const keyword of ['x-forbid-readonly', 'x-forbid-writeonly']) {
    ajv.addKeyword({ keyword, schemaType: 'boolean', errors: true, validate: function v() { v.errors = [{ keyword, message: keyword === 'x-forbid-readonly' ? 'is readOnly and must not be sent in a request' : 'is writeOnly and must not appear in a response', params: {} }]; return false; } });
  }
  for (const direction of ['request', 'response']) {
    ajv.addSchema({ $id: `modelarts-${direction}`, components: convert(components, direction, `modelarts-${direction}`) });
  }
  return ajv;
}

// Compiling is most of what a validator costs (seconds at 305 operations), and one process often builds
// several validators for the same bundle: the mock's front, the example checks, a test beside a mock. So
// the compiled checks are kept per components content (a SHA-256 of their JSON, ~6 ms at 305 operations;
// by content, not by object, so a document changed in place is compiled afresh), for the few latest.
const SHARED_COMPONENT_SETS = 4;
const sharedByContent = new Map(); // oldest first

/** The compiled checks for these components: `compiled(schema, direction, allErrors)`, memoised by schema JSON. */
function compiledChecks(components) {
  const text = JSON.stringify(components);
  const key = createHash('sha256').update(text).digest('hex');
  let checks = sharedByContent.get(key);
  if (!checks) {
    const ajvFirst = makeAjv(components, false);
    let ajvAll; // from the text: the caller may change its document later
    const cache = new Map();
    checks = {
      compiled(schema, direction, all) {
        const schemaKey = `${all ? 'all' : 'first'} ${direction} ${JSON.stringify(schema)}`;
        let fn = cache.get(schemaKey);
        if (!fn) {
          const ajv = all ? (ajvAll ??= makeAjv(JSON.parse(text), true)) : ajvFirst;
          fn = ajv.compile(convert(schema, direction, `modelarts-${direction}`));
          cache.set(schemaKey, fn);
        }
        return fn;
      },
    };
    sharedByContent.set(key, checks);
    if (sharedByContent.size > SHARED_COMPONENT_SETS) sharedByContent.delete(sharedByContent.keys().next().value);
  }
  return checks;
}

/**
 * @param {object} spec the bundled spec
 * @returns {{validate(schema: object, value: unknown, direction: 'request'|'response'):
 *   {pointer: string, kind: keyof KINDS, message: string}[]}}
 *
 * Two ajv instances: one stops at the first problem, one collects all. ajv's all-errors mode joins the
 * errors of each `$ref` call with Array#concat, so an array of n failing `$ref` items costs O(n²): a
 * 78 kB request body took 4 s. So every value is checked fail-fast first (linear), and only small values
 * (at most ALL_ERRORS_MAX_NODES nodes) are checked again for the full list; a bigger invalid value gets
 * its first problem, marked as such.
 */
export function createValidator(spec) {
  const { compiled: compiledByKey } = compiledChecks(spec.components || {});
  // Per schema object too, so a caller that validates against the same schema object (the mock, per
  // request) does not serialise it each time to find its function.
  const byObject = { first: { request: new WeakMap(), response: new WeakMap() }, all: { request: new WeakMap(), response: new WeakMap() } };
  const compiled = (schema, direction, all) => {
    const objects = byObject[all ? 'all' : 'first'][direction];
    let fn = objects.get(schema);
    if (!fn) {
      fn = compiledByKey(schema, direction, all);
      objects.set(schema, fn);
    }
    return fn;
  };
  return {
    /** Compiles the fail-fast check of a schema now (a server prepares its schemas before traffic). */
    prepare(schema, direction) {
      compiled(schema, direction, false);
    },
    validate(schema, value, direction) {
      if (!schema) return [{ pointer: '/', kind: 'other', message: 'no schema to validate against' }];
      const first = compiled(schema, direction, false);
      if (first(value)) return [];
      if (hasMoreNodes(value, ALL_ERRORS_MAX_NODES)) {
        return (first.errors || []).map((e) => ({ pointer: pointerOf(e), kind: kindOf(e), message: `${e.instancePath || '/'} ${e.message} (first problem only: the value has more than ${ALL_ERRORS_MAX_NODES} nodes)` }));
      }
      const all = compiled(schema, direction, true);
      all(value);
      const errors = all.errors || [];
      // oneOf/anyOf report every branch's failure plus their own; keep the union-level error only when
      // nothing more specific was found at the same place.
      const seen = new Set();
      const out = [];
      for (const e of errors) {
        const item = { pointer: pointerOf(e), kind: kindOf(e), message: `${e.instancePath || '/'} ${e.message}` };
        const id = `${item.pointer}|${item.kind}|${item.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(item);
      }
      return out;
    },
  };
}

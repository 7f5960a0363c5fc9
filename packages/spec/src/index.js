// Programmatic access to the bundled spec: load it, walk its operations and examples, validate values.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { createValidator, kindOfKeyword, KINDS } from './validate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const bundlePath = path.resolve(here, '../dist/openapi.json');
export const bundleYamlPath = path.resolve(here, '../dist/openapi.yaml');
export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

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
  if (parameter.example !== undefined) return parameter.example;
  const exs = parameter.examples && Object.values(parameter.examples);
  if (exs && exs.length) return deref(spec, exs[0]).value;
  const s = deref(spec, parameter.schema || {});
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

const jsonMedia = (content) => {
  if (!content) return undefined;
  const key = Object.keys(content).find((k) => /json/.test(k));
  return key ? { type: key, media: content[key] } : undefined;
};

/**
 * Every named example of the spec: request bodies and responses.
 * @returns {{operation: object, direction: 'request'|'response', status?: string, mediaType: string,
 *            name: string, example: object, value: unknown, schema: object}[]}
 */
export function examples(spec) {
  const out = [];
  for (const operation of operations(spec)) {
    const body = operation.op.requestBody && deref(spec, operation.op.requestBody);
    const req = jsonMedia(body?.content);
    if (req) {
      for (const [name, ex] of Object.entries(req.media.examples || {})) {
        const example = deref(spec, ex);
        out.push({ operation, direction: 'request', mediaType: req.type, name, example, value: example.value, schema: req.media.schema });
      }
    }
    for (const [status, r] of Object.entries(operation.op.responses || {})) {
      const response = deref(spec, r);
      const res = jsonMedia(response.content);
      if (!res) continue;
      for (const [name, ex] of Object.entries(res.media.examples || {})) {
        const example = deref(spec, ex);
        out.push({ operation, direction: 'response', status, mediaType: res.type, name, example, value: example.value, schema: res.media.schema });
      }
    }
  }
  return out;
}

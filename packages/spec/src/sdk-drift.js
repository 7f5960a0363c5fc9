// Compares the bundled spec with the facts of the official Huawei Cloud SDKs (operations.json, see
// ../shared/reference/modelarts-sdk/README.md): for every operation both have (matched by method and path),
// every SDK parameter and body field, at every nesting level, must be in the spec with a compatible type,
// and no field the SDK sends as optional may be required by the spec. A field whose wire name (or
// `operationId location`) is written in backticks in a spec/DECISIONS.md entry about that operation is
// decided and not a failure.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { contentMedia, deref, operations } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
const FACTS_RELATIVE = '../shared/reference/modelarts-sdk/operations.json';

/**
 * Where the SDK facts are expected: `$MODELARTS_SDK_FACTS`, else `../shared/…` beside the repository (CI),
 * else beside the main clone when this is a git worktree. Returns the first that exists, or the CI path.
 */
export function defaultFactsPath({ env = process.env, root = repoRoot } = {}) {
  if (env.MODELARTS_SDK_FACTS) return path.resolve(env.MODELARTS_SDK_FACTS);
  const candidates = [path.resolve(root, FACTS_RELATIVE)];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    candidates.push(path.resolve(path.dirname(common), FACTS_RELATIVE));
  } catch { /* not a git checkout: only the first candidate */ }
  return candidates.find((f) => fs.existsSync(f)) || candidates[0];
}

/**
 * The decision entries of DECISIONS.md: each list item (with its continuation lines) or paragraph, with
 * the names it writes in backticks and its text (to see which operations it is about).
 */
export function decisionEntries(markdown) {
  const entries = [];
  let current;
  for (const line of String(markdown || '').split('\n')) {
    if (/^\s*[-*] /.test(line) && !/^\s{2,}/.test(line) || /^#/.test(line) || !line.trim()) { current = undefined; }
    if (!line.trim() || /^#/.test(line)) continue;
    if (!current) { current = { text: '' }; entries.push(current); }
    current.text += `${line}\n`;
  }
  for (const e of entries) e.names = [...e.text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1].trim());
  return entries;
}

const dotted = (s) => s.replace(/\[\*?\]/g, '').replace(/\['([^']*)'\]/g, '.$1').replace(/^\./, '');
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a difference is decided: one entry of DECISIONS.md names the operation (its operationId or the
 * SDK's name) and writes the field in backticks, as its wire name or a dotted path ending in it
 * (`spec.resource.flavor_id`); or an entry writes `operationId location` in backticks.
 */
export function isDecided(entries, d) {
  const location = dotted(d.location);
  const full = `${d.operation} ${d.location}`;
  return entries.some((e) => {
    if (e.names.includes(full)) return true;
    const aboutOp = [d.operation, d.sdkOperation].some((op) => op && new RegExp(`\\b${escapeRe(op)}\\b`).test(e.text));
    if (!aboutOp) return false;
    return e.names.some((n) => n === d.field || (n.includes('.') && (location === dotted(n) || location.endsWith(`.${dotted(n)}`))));
  });
}

const normPath = (p) => p.replace(/\/+$/, '').replace(/\{[^}]+\}/g, '{}');
const segment = (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `['${name}']`);

/** The JSON types a spec schema accepts (merged through allOf/oneOf/anyOf), or null for "anything". */
function specTypes(spec, schema, seen = new Set()) {
  const s = deref(spec, schema || {});
  if (!s || typeof s !== 'object' || seen.has(s)) return null;
  seen.add(s);
  if (s.type) return new Set([s.type]);
  const out = new Set();
  for (const k of ['oneOf', 'anyOf', 'allOf']) {
    for (const x of s[k] || []) {
      const t = specTypes(spec, x, seen);
      if (t === null) { if (k !== 'allOf') return null; } else t.forEach((v) => out.add(v));
    }
  }
  if (out.size) return out;
  if (s.properties || s.additionalProperties) return new Set(['object']);
  if (s.items) return new Set(['array']);
  return null;
}

/** Properties, required names and map value schema of a spec schema, merged through allOf/oneOf/anyOf. */
function specShape(spec, schema, seen = new Set()) {
  const s = deref(spec, schema || {});
  const out = { properties: {}, required: new Set(), additional: undefined, items: undefined };
  if (!s || typeof s !== 'object' || seen.has(s)) return out;
  seen.add(s);
  Object.assign(out.properties, s.properties || {});
  for (const r of s.required || []) out.required.add(r);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additional = s.additionalProperties;
  if (s.items) out.items = s.items;
  for (const k of ['allOf', 'oneOf', 'anyOf']) {
    for (const x of s[k] || []) {
      const sub = specShape(spec, x, seen);
      for (const [n, v] of Object.entries(sub.properties)) if (!(n in out.properties)) out.properties[n] = v;
      if (k === 'allOf') sub.required.forEach((r) => out.required.add(r));
      out.additional ??= sub.additional;
      out.items ??= sub.items;
    }
  }
  return out;
}

/** SDK enum values (trimmed) that a spec schema's `enum` would reject; none when the spec has no enum. */
function enumRejects(spec, sdkNode, schema) {
  const values = (sdkNode.type === 'array' ? sdkNode.items?.enum : sdkNode.enum) || [];
  if (!values.length || !schema) return [];
  let s = deref(spec, schema);
  if (sdkNode.type === 'array') s = deref(spec, specShape(spec, s).items || {});
  if (!Array.isArray(s?.enum)) return [];
  return values.map((v) => String(v).trim()).filter((v) => !s.enum.includes(v));
}

/** Whether a value of the SDK's type is accepted by a spec schema accepting `types` (null = anything). */
export function typesCompatible(sdkType, types) {
  if (!sdkType || types === null || types === undefined) return true;
  if (types.has(sdkType)) return true;
  if (sdkType === 'integer' && types.has('number')) return true;
  return false;
}

const describeTypes = (types) => (types === null ? 'any' : [...types].sort().join('|'));

/**
 * Compares a bundle with the SDK facts.
 * @param {object} spec the bundled OpenAPI document ($refs allowed)
 * @param {object} facts the parsed operations.json
 * @param {{decisions?: string}} options DECISIONS.md text
 * @returns {{sharedOperations: number, sdkOperations: number, specOperations: number, sdkOnly: object[],
 *   specOnly: object[], fields: number, differences: object[], decided: object[]}}
 *   A difference: {kind: 'missing'|'type'|'enum'|'required', operation, sdkOperation, method, path, location, field, sdk, spec}.
 */
export function compareWithSdk(spec, facts, { decisions = '' } = {}) {
  const entries = decisionEntries(decisions);
  const models = facts.models || {};
  const resolve = (n) => (n && n.$model ? { ...(models[n.$model] || {}), model: n.$model } : n || {});
  const specOps = new Map();
  for (const o of operations(spec)) specOps.set(`${o.method.toUpperCase()} ${normPath(o.path)}`, o);
  const result = { sdkOperations: facts.operations.length, specOperations: specOps.size, sharedOperations: 0, sdkOnly: [], specOnly: [], fields: 0, differences: [], decided: [] };
  const matched = new Set();

  for (const f of facts.operations) {
    const key = `${f.method} ${normPath(f.path)}`;
    const o = specOps.get(key);
    if (!o) { result.sdkOnly.push({ sdkOperation: f.operation, method: f.method, path: f.path, area: f.area }); continue; }
    matched.add(key);
    result.sharedOperations++;
    const report = (kind, location, field, sdk, specText) => {
      const d = { kind, operation: o.id, sdkOperation: f.operation, method: f.method, path: o.path, location, field, sdk, spec: specText };
      (isDecided(entries, d) ? result.decided : result.differences).push(d);
    };

    // Parameters: path parameters by position (placeholder names are not on the wire), the rest by name.
    const specPathNames = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const sdkPathNames = [...f.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const p of f.parameters || []) {
      if (p.sdk_auto_filled) continue;
      result.fields++;
      const location = `request.${p.in}${segment(p.name)}`;
      let sp;
      if (p.in === 'path') {
        const name = specPathNames[sdkPathNames.indexOf(p.name)];
        sp = o.parameters.find((x) => x.in === 'path' && x.name === name);
      } else if (p.in === 'header') {
        sp = o.parameters.find((x) => x.in === 'header' && x.name.toLowerCase() === p.name.toLowerCase());
      } else {
        sp = o.parameters.find((x) => x.in === p.in && x.name === p.name);
      }
      if (!sp) { report('missing', location, p.name, p.type, 'absent'); continue; }
      const types = specTypes(spec, sp.schema);
      if (!typesCompatible(p.type, types)) report('type', location, p.name, p.type, describeTypes(types));
      else if (p.type === 'array' && p.items) {
        const it = specTypes(spec, specShape(spec, sp.schema).items);
        if (!typesCompatible(p.items, it)) report('type', `${location}[*]`, p.name, p.items, describeTypes(it));
      }
      if (sp.required && !p.required) report('required', location, p.name, 'optional', 'required');
      const rejected = enumRejects(spec, { enum: p.enum || p.items_enum }, p.enum ? sp.schema : specShape(spec, sp.schema).items);
      if (rejected.length) report('enum', location, p.name, rejected.join('|'), 'not in enum');
    }

    // Bodies, at every nesting level. `stack` holds the SDK models on the way down (one model recurses).
    const walk = (node0, schema, location, direction, stack) => {
      const node = resolve(node0);
      if (node.model && stack.includes(node.model)) return;
      const inner = node.model ? [...stack, node.model] : stack;
      if (node.type === 'array') {
        const shape = specShape(spec, schema);
        if (shape.items) walk(node.items, shape.items, `${location}[*]`, direction, inner);
        return;
      }
      if (node.type !== 'object') return;
      const shape = specShape(spec, schema);
      if (node.additionalProperties && !node.properties) {
        if (shape.additional) walk(node.additionalProperties, shape.additional, `${location}.*`, direction, inner);
        return;
      }
      for (const [name, child0] of Object.entries(node.properties || {})) {
        const child = resolve(child0);
        result.fields++;
        const at = `${location}${segment(name)}`;
        // A string map in the spec (labels, annotations, resource quantities) holds every key the SDK names
        // as a property: the key is there when the map's values take the SDK field's type.
        const sc = shape.properties[name] ?? shape.additional;
        if (!sc) { report('missing', at, name, child.type || 'any', 'absent'); continue; }
        const types = specTypes(spec, sc);
        if (!typesCompatible(child.type, types)) { report('type', at, name, child.type, describeTypes(types)); continue; }
        if (direction === 'request' && shape.required.has(name) && !(node.required || []).includes(name)) report('required', at, name, 'optional', 'required');
        const rejected = enumRejects(spec, child, sc);
        if (rejected.length) report('enum', at, name, rejected.join('|'), 'not in enum');
        walk(child, sc, at, direction, inner);
      }
    };
    const media = (content) => contentMedia(content)?.media;
    if (f.request_body) {
      const rb = o.op.requestBody && deref(spec, o.op.requestBody);
      const m = media(rb?.content);
      if (!m) { result.fields++; report('missing', 'request.body', 'body', 'object', 'absent'); }
      else walk(f.request_body, m.schema, 'request.body', 'request', []);
    }
    const status = Object.keys(o.op.responses || {}).filter((c) => /^2/.test(c)).sort()[0];
    const response = status && deref(spec, o.op.responses[status]);
    if (f.response_body && !['empty', 'stream', 'bare-any'].includes(f.response_kind)) {
      const m = media(response?.content);
      if (!m) { result.fields++; report('missing', `response[${status || '2xx'}].body`, 'body', f.response_kind, 'absent'); }
      else {
        const top = resolve(f.response_body);
        const types = specTypes(spec, m.schema);
        if (top.type && !typesCompatible(top.type, types)) report('type', `response[${status}].body`, 'body', top.type, describeTypes(types));
        else walk(f.response_body, m.schema, `response[${status}].body`, 'response', []);
      }
    }
    for (const h of f.response_headers || []) {
      result.fields++;
      const declared = Object.keys(response?.headers || {}).some((n) => n.toLowerCase() === h.name.toLowerCase());
      if (!declared) report('missing', `response[${status || '2xx'}].header.${h.name}`, h.name, h.type, 'absent');
    }
  }
  for (const [key, o] of specOps) if (!matched.has(key)) result.specOnly.push({ operation: o.id, method: o.method.toUpperCase(), path: o.path });
  return result;
}

const KIND_TITLES = { missing: 'SDK fields missing from the spec', type: 'type conflicts', enum: 'SDK enum values a request enum rejects', required: 'required in the spec, optional in the SDK' };

/** A readable report: each undecided difference with operation and JSON path, then the summary. */
export function formatDriftReport(r, { verbose = false } = {}) {
  const lines = [];
  for (const kind of Object.keys(KIND_TITLES)) {
    const list = r.differences.filter((d) => d.kind === kind);
    if (!list.length) continue;
    lines.push(`${KIND_TITLES[kind]} (${list.length}):`);
    for (const d of list) lines.push(`  ${d.operation} ${d.location}${kind === 'missing' ? ` (${d.sdk})` : `: sdk ${d.sdk}, spec ${d.spec}`}`);
  }
  if (verbose && r.decided.length) {
    lines.push(`decided in DECISIONS.md (${r.decided.length}):`);
    for (const d of r.decided) lines.push(`  ${d.operation} ${d.location} [${d.kind}] \`${d.field}\``);
  }
  if (r.sdkOnly.length) {
    const byArea = {};
    for (const s of r.sdkOnly) byArea[s.area] = (byArea[s.area] || 0) + 1;
    lines.push(`SDK operations not in the spec (${r.sdkOnly.length}, informational; --verbose lists them): ${Object.entries(byArea).sort().map(([a, n]) => `${a} ${n}`).join(', ')}`);
    if (verbose) for (const s of r.sdkOnly) lines.push(`  ${s.sdkOperation} ${s.method} ${s.path}`);
  }
  const count = (k) => r.differences.filter((d) => d.kind === k).length;
  lines.push(`sdk-drift: ${r.sharedOperations} operations in both (${r.sdkOnly.length} SDK operations not in the spec, ${r.specOnly.length} spec operations not in the SDK; informational) · ${r.fields} SDK fields checked · missing ${count('missing')} · type conflicts ${count('type')} · enum values rejected ${count('enum')} · falsely required ${count('required')} · decided ${r.decided.length}`);
  return lines.join('\n');
}

// Checks every named example of an OpenAPI 3.0 description against its schema and reports each problem
// with its operation, direction, status, example name, JSON pointer (into the example value) and a kind
// from a fixed taxonomy (EXAMPLE_KINDS). Works on the bundle or on a multi-file source tree (bundled with
// Redocly first; the source files are then named in the report).
//
// Besides schema problems (the validator's kinds), two spec-level kinds:
// - undeclaredStatus: a response example says which status it belongs to, and that is not the status it is
//   filed under. An example states its status by
//     1. `x-status: <code>` on the Example Object (explicit; wins over the others),
//     2. `x-seed-sample: <op>.response.<status>[-N].json` (the seed sample it was made from; the status
//        token `error` means "some 4xx/5xx"),
//     3. its source file: a directory named after a status (`examples/<area>/<op>/404/notFound.yaml`) or a
//        file name ending in `.<status>.yaml` (`notFound.404.yaml`), or the seed naming
//        `<op>.response.<status>.json` — only when the source tree is checked;
//   and, when it states nothing, by its value: a body that validates against the schema of a response of
//   the other class (success vs. error) and uses only properties declared there, while it uses properties
//   the schema it is filed under does not declare (e.g. `{error_code, error_msg}` filed under a lenient 200).
//   The problem says whether the claimed status is declared at all or only filed under the wrong code.
// - missingExample: an operation with a request body, or a 2xx response with a body, and no named example
//   there (an unnamed `example` does not count: the mock and the docs select examples by name).
// Parameter examples (`example`/`examples` on parameters) are checked against their schemas too.
import fs from 'node:fs';
import path from 'node:path';
import { createValidator, KINDS } from './validate.js';
import { contentMedia, deref, isJsonMediaType, METHODS } from './index.js';
import { bundleSource, hasExternalRef, parseSpecFile as parseFile } from './source.js';

export const EXAMPLE_KINDS = {
  required: KINDS.required,
  additionalProperty: KINDS.additionalProperty,
  type: KINDS.type,
  enum: KINDS.enum,
  range: KINDS.range,
  readOnly: KINDS.readOnly,
  writeOnly: KINDS.writeOnly,
  undeclaredStatus: 'example for an undeclared status',
  missingExample: 'operation without an example',
  other: KINDS.other,
};

const escapePointer = (s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (...parts) => `#/${parts.map(escapePointer).join('/')}`;

const statusClass = (status) => (/^[45]/.test(status) || status === 'default' ? 'error' : 'success');
const statusMatches = (declared, code) => declared === code || (/^[1-5]XX$/i.test(declared) && declared[0] === code[0]);

// ---------------------------------------------------------------------------------------------------
// Loading: a bundle (JSON/YAML, local refs only) or a source tree (external refs, bundled with Redocly).

/**
 * Walks a multi-file source from its root to every named example of every operation, following $refs
 * across files, and records which file holds each example.
 * @returns {Map<string, string>} key `${operationId} ${direction} ${status ?? ''} ${name}` → absolute file
 */
export function exampleSourceFiles(rootFile) {
  const cache = new Map();
  const load = (file) => {
    if (!cache.has(file)) cache.set(file, parseFile(file));
    return cache.get(file);
  };
  const resolve = (node, file) => {
    let n = node;
    let f = file;
    for (let i = 0; i < 50 && n && typeof n === 'object' && typeof n.$ref === 'string'; i++) {
      const [filePart, frag = ''] = n.$ref.split('#');
      if (filePart) f = path.resolve(path.dirname(f), decodeURIComponent(filePart));
      n = frag.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => o?.[k], load(f));
    }
    return { node: n, file: f };
  };
  const out = new Map();
  const walkContent = (content, file, key) => {
    for (const media of Object.values(content || {})) {
      const m = resolve(media, file);
      for (const [name, ex] of Object.entries(m.node?.examples || {})) out.set(`${key} ${name}`, resolve(ex, m.file).file);
    }
  };
  const rootPath = path.resolve(rootFile);
  const root = load(rootPath);
  for (const item of Object.values(root.paths || {})) {
    const pi = resolve(item, rootPath);
    for (const method of METHODS) {
      if (!pi.node?.[method]) continue;
      const op = resolve(pi.node[method], pi.file);
      const id = op.node?.operationId;
      if (!id) continue;
      if (op.node.requestBody) {
        const rb = resolve(op.node.requestBody, op.file);
        walkContent(rb.node?.content, rb.file, `${id} request `);
      }
      for (const [status, r] of Object.entries(op.node.responses || {})) {
        const res = resolve(r, op.file);
        walkContent(res.node?.content, res.file, `${id} response ${status}`);
      }
    }
  }
  return out;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:/i;
const unescapePointer = (s) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function* refsIn(node, where = '#') {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* refsIn(node[i], `${where}/${i}`);
  } else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string') yield { ref: node.$ref, where };
    for (const [k, v] of Object.entries(node)) if (k !== '$ref') yield* refsIn(v, `${where}/${escapePointer(k)}`);
  }
}

/** The node at a JSON pointer fragment (`/a/b`), or undefined. */
function atPointer(doc, fragment) {
  let n = doc;
  for (const part of fragment.split('/').slice(1)) {
    let key;
    try {
      key = unescapePointer(decodeURIComponent(part));
    } catch {
      return undefined;
    }
    if (!n || typeof n !== 'object' || !Object.hasOwn(n, key)) return undefined;
    n = n[key];
  }
  return n;
}

/**
 * Checks every `$ref` reachable from the root before anything is bundled, so that a broken description
 * fails with one line naming the file and the place, never with a stack trace or a file's content:
 * remote refs (http:, file:, …) unless `allowRemoteRefs`; files outside the root file's folder unless
 * `allowExternalRefs`; missing files and pointers that lead nowhere; and `$ref`s that only point at each
 * other in a circle (a recursive schema is fine: its `$ref` sits inside a property).
 * `rootDoc`: the root's content to use instead of the file's (a root changed in memory, e.g. cut to some paths).
 * @returns {string[]} every local file the root reaches (real paths), the root first
 */
export function checkRefs(rootFile, { allowRemoteRefs = false, allowExternalRefs = false, rootDoc } = {}) {
  const rootDir = fs.realpathSync(path.dirname(path.resolve(rootFile)));
  const shown = (f) => path.relative(rootDir, f) || path.basename(f);
  const docs = new Map();
  const load = (file) => {
    if (!docs.has(file)) {
      try {
        docs.set(file, parseFile(file));
      } catch (e) {
        throw new Error(`cannot parse ${shown(file)}: ${String(e.message).split('\n')[0]}`);
      }
    }
    return docs.get(file);
  };
  const target = (ref, file, where) => {
    if (REMOTE.test(ref)) {
      if (!allowRemoteRefs) throw new Error(`remote $ref "${ref}" at ${shown(file)}${where}: not fetched (pass --allow-remote-refs to allow)`);
      return undefined;
    }
    const [filePart, fragment = ''] = ref.split('#');
    let f = file;
    if (filePart) {
      f = path.resolve(path.dirname(file), decodeURIComponent(filePart));
      if (!fs.existsSync(f)) throw new Error(`unresolved $ref "${ref}" at ${shown(file)}${where}: no such file`);
      f = fs.realpathSync(f);
      if (!allowExternalRefs && f !== rootDir && !f.startsWith(rootDir + path.sep)) {
        throw new Error(`$ref "${ref}" at ${shown(file)}${where} leaves the spec's folder (pass --allow-external-refs to allow)`);
      }
      if (!fs.statSync(f).isFile()) throw new Error(`unresolved $ref "${ref}" at ${shown(file)}${where}: not a file`);
    }
    const doc = load(f);
    const node = fragment ? atPointer(doc, fragment) : doc;
    if (node === undefined) throw new Error(`unresolved $ref "${ref}" at ${shown(file)}${where}`);
    return { file: f, fragment, node };
  };
  const root = fs.realpathSync(path.resolve(rootFile));
  if (rootDoc !== undefined) docs.set(root, rootDoc);
  const seenFiles = new Set();
  const queue = [root];
  while (queue.length) {
    const file = queue.pop();
    if (seenFiles.has(file)) continue;
    seenFiles.add(file);
    for (const { ref, where } of refsIn(load(file))) {
      const t = target(ref, file, where);
      if (!t) continue;
      if (!seenFiles.has(t.file)) queue.push(t.file);
      // A chain of bare $refs must end somewhere.
      const chain = new Set([`${file}#${where.slice(1)}`]);
      let cur = t;
      while (cur.node && typeof cur.node === 'object' && typeof cur.node.$ref === 'string') {
        const id = `${cur.file}#${cur.fragment}`;
        if (chain.has(id)) throw new Error(`circular $ref: "${ref}" at ${shown(file)}${where} leads back to itself through $refs only`);
        chain.add(id);
        cur = target(cur.node.$ref, cur.file, `#${cur.fragment}`);
        if (!cur) break;
      }
    }
  }
  return [...seenFiles];
}

/**
 * Loads a spec for checking: a bundle as is, a multi-file source bundled with Redocly. Every `$ref` is
 * checked first (see checkRefs); any problem throws one line.
 * @param {string} file
 * @param {{allowRemoteRefs?: boolean, allowExternalRefs?: boolean}} [options]
 * @returns {{spec: object, file: string, sources?: Map<string,string>}}
 */
export function loadSpecForValidation(file, options = {}) {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new Error(`${file} does not exist`);
  if (!fs.statSync(abs).isFile()) throw new Error(`${file} is not a file`);
  let doc;
  try {
    doc = parseFile(abs);
  } catch (e) {
    throw new Error(`cannot parse ${file}: ${String(e.message).split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || !doc.openapi) throw new Error(`${file} is not an OpenAPI document (no "openapi" field)`);
  if (!/^3\.0\./.test(String(doc.openapi))) throw new Error(`${file} is OpenAPI ${doc.openapi}; only 3.0.x is supported`);
  checkRefs(abs, options);
  if (!hasExternalRef(doc)) return { spec: doc, file: abs };
  return { spec: bundleSource(abs, { config: false }), file: abs, sources: exampleSourceFiles(abs) };
}

// ---------------------------------------------------------------------------------------------------
// Status claims and body shapes.

/** The statuses an example says it belongs to: [{status: '404'|'error', via: string}] (strongest first). */
export function claimedStatuses(example, sourceFile) {
  if (example['x-status'] !== undefined) return [{ status: String(example['x-status']).toUpperCase(), via: 'x-status' }];
  const out = [];
  const seed = typeof example['x-seed-sample'] === 'string' && /\.response\.(\d{3}|error)(?:-\d+)?\.json$/i.exec(example['x-seed-sample']);
  if (seed) out.push({ status: seed[1].toLowerCase(), via: `x-seed-sample ${example['x-seed-sample']}` });
  if (sourceFile) {
    const base = path.basename(sourceFile);
    const dir = path.basename(path.dirname(sourceFile));
    const m = /\.response\.(\d{3}|error)(?:-\d+)?\.(?:json|ya?ml)$/i.exec(base) || /\.([1-5]\d\d)\.(?:json|ya?ml)$/i.exec(base);
    if (m) out.push({ status: m[1].toLowerCase(), via: `file name ${base}` });
    else if (/^[1-5]\d\d$/.test(dir)) out.push({ status: dir, via: `directory ${dir}/` });
  }
  return out;
}

/** Top-level property names a schema declares: {keys, open} (open = a free-form map or no properties at all). */
function declaredKeys(spec, schema, depth = 0) {
  const s = deref(spec, schema || {});
  const keys = new Set(Object.keys(s.properties || {}));
  let open = false;
  let structured = !!s.properties;
  if (s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length) open = true;
  if (s.additionalProperties === true) open = true;
  for (const k of ['allOf', 'oneOf', 'anyOf']) {
    for (const sub of s[k] || []) {
      if (depth > 20) break;
      const d = declaredKeys(spec, sub, depth + 1);
      d.keys.forEach((x) => keys.add(x));
      if (d.open) open = true;
      if (d.structured) structured = true;
    }
  }
  if (!structured && (!s.type || s.type === 'object')) open = true;
  return { keys, open, structured };
}

/** Top-level required property names (through allOf). */
function requiredKeys(spec, schema, depth = 0) {
  const s = deref(spec, schema || {});
  const out = new Set(s.required || []);
  if (depth < 20) for (const sub of s.allOf || []) requiredKeys(spec, sub, depth + 1).forEach((k) => out.add(k));
  return out;
}

function fitsKeys(spec, schema, value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const d = declaredKeys(spec, schema);
  return d.open || Object.keys(value).every((k) => d.keys.has(k));
}

// ---------------------------------------------------------------------------------------------------

/**
 * Checks every named example of a (bundled) spec.
 * @param {object} spec bundled OpenAPI 3.0 document (local refs only)
 * @param {{sources?: Map<string,string>, baseDir?: string}} [options] sources from exampleSourceFiles()
 * @returns {{problems: object[], warnings: object[], checked: number, operations: number, counts: Record<string, number>}}
 */
export function validateExamples(spec, options = {}) {
  const validator = createValidator(spec);
  const problems = [];
  const warnings = [];
  let checked = 0;
  let opCount = 0;
  const rel = (f) => (f ? path.relative(options.baseDir ?? process.cwd(), f) || f : undefined);

  for (const [p, rawItem] of Object.entries(spec.paths || {})) {
    const item = deref(spec, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      opCount++;
      const id = op.operationId ?? `${method.toUpperCase()} ${p}`;
      const at = (...parts) => pointer('paths', p, method, ...parts);
      const base = { operation: id, method, path: p };
      const add = (list, prob) => list.push({ ...base, ...prob, kindText: EXAMPLE_KINDS[prob.kind] ?? prob.kind });
      const schemaProblems = (schema, value, direction, extra) => {
        let found;
        try {
          found = validator.validate(schema, value, direction);
        } catch (e) {
          found = [{ pointer: '/', kind: 'other', message: `schema cannot be compiled: ${e.message}` }];
        }
        // The pointer is reported on its own; the message keeps only what is wrong there.
        for (const f of found) add(problems, { ...extra, pointer: f.pointer, kind: f.kind, message: f.message.replace(/^\/\S*\s/, '') });
      };

      // Parameters (path-level ones merged; an operation's own win).
      const shared = (item.parameters || []).map((x) => deref(spec, x));
      const own = (op.parameters || []).map((x) => deref(spec, x));
      const params = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      for (const param of params) {
        const schema = param.schema ?? contentMedia(param.content)?.media?.schema;
        if (!schema) continue;
        const named = param.examples ? Object.entries(param.examples).map(([n, e]) => [n, deref(spec, e).value]) : [];
        if (param.example !== undefined) named.unshift(['example', param.example]);
        for (const [name, value] of named) {
          checked++;
          schemaProblems(schema, value, 'request', { direction: 'parameter', status: undefined, example: `${param.in} ${param.name}: ${name}` });
        }
      }

      // Request body.
      const body = op.requestBody && deref(spec, op.requestBody);
      if (body?.content) {
        let named = 0;
        for (const [type, media] of Object.entries(body.content)) {
          for (const [name, ref] of Object.entries(media.examples || {})) {
            named++;
            checked++;
            const location = at('requestBody', 'content', type, 'examples', name);
            const file = rel(options.sources?.get(`${id} request  ${name}`));
            let ex;
            try { ex = deref(spec, ref); } catch (e) { add(problems, { direction: 'request', example: name, pointer: '/', kind: 'other', message: e.message, location, file }); continue; }
            if (!isJsonMediaType(type)) continue;
            if (!('value' in ex)) { add(problems, { direction: 'request', example: name, pointer: '/', kind: 'other', message: ex.externalValue ? 'externalValue examples are not checked' : 'example has no value', location, file }); continue; }
            schemaProblems(media.schema, ex.value, 'request', { direction: 'request', status: undefined, example: name, location, file });
          }
        }
        if (!named && Object.values(body.content).some((m) => m.schema)) {
          const unnamed = Object.values(body.content).some((m) => m.example !== undefined);
          add(problems, { direction: 'request', example: undefined, pointer: '/', kind: 'missingExample', location: at('requestBody'),
            message: `request body has no named example${unnamed ? ' (only an unnamed `example`, which the mock and the docs cannot select by name)' : ''}` });
        }
      }

      // Responses.
      const responses = op.responses || {};
      const declared = Object.keys(responses);
      const resolved = Object.fromEntries(declared.map((s) => { try { return [s, deref(spec, responses[s])]; } catch { return [s, {}]; } }));
      for (const status of declared) {
        const response = resolved[status];
        const content = response.content;
        let named = 0;
        for (const [type, media] of Object.entries(content || {})) {
          for (const [name, ref] of Object.entries(media.examples || {})) {
            named++;
            checked++;
            const location = at('responses', status, 'content', type, 'examples', name);
            const srcFile = options.sources?.get(`${id} response ${status} ${name}`);
            const file = rel(srcFile);
            const ctx = { direction: 'response', status, example: name, location, file };
            let ex;
            try { ex = deref(spec, ref); } catch (e) { add(problems, { ...ctx, pointer: '/', kind: 'other', message: e.message }); continue; }

            // The status the example says it belongs to.
            const claims = claimedStatuses(ex, srcFile);
            for (const claim of claims.slice(0, 1)) {
              if (claim.status === 'error') {
                if (statusClass(status) !== 'error') add(problems, { ...ctx, pointer: '/', kind: 'undeclaredStatus', claimed: 'error', via: claim.via,
                  message: `is a failure example (${claim.via}) but is filed under ${status}` });
              } else if (claim.status !== status.toUpperCase()) {
                const home = declared.find((d) => statusMatches(d.toUpperCase(), claim.status));
                add(problems, { ...ctx, pointer: '/', kind: 'undeclaredStatus', claimed: claim.status, via: claim.via,
                  message: home
                    ? `claims status ${claim.status} (${claim.via}) but is filed under ${status}; move it to the ${home} response`
                    : `claims status ${claim.status} (${claim.via}), which the operation does not declare (declared: ${declared.join(', ')})` });
              }
            }
            if (!isJsonMediaType(type)) continue;
            if (!('value' in ex)) { add(problems, { ...ctx, pointer: '/', kind: 'other', message: ex.externalValue ? 'externalValue examples are not checked' : 'example has no value' }); continue; }
            schemaProblems(media.schema, ex.value, 'response', ctx);

            // No stated status: does the value look like another status's body?
            // It does when it validates against a response of the other class (success vs. error), uses only
            // properties declared there, and either uses properties the schema it is filed under does not
            // declare, or carries every property the other schema requires beyond this one's (an error
            // envelope such as {is_success: false, error_code} filed under a lenient v1 200).
            const value = ex.value;
            if (!claims.length && media.schema && value && typeof value === 'object' && !Array.isArray(value)) {
              const fitsHere = fitsKeys(spec, media.schema, value);
              const requiredHere = requiredKeys(spec, media.schema);
              const other = declared.find((s) => {
                if (statusClass(s) === statusClass(status)) return false;
                const m = contentMedia(resolved[s].content)?.media;
                if (!m?.schema || !fitsKeys(spec, m.schema, value)) return false;
                const distinguishing = [...requiredKeys(spec, m.schema)].filter((k) => !requiredHere.has(k));
                if (fitsHere && !(distinguishing.length && distinguishing.every((k) => k in value))) return false;
                try { return validator.validate(m.schema, value, 'response').length === 0; } catch { return false; }
              });
              if (other) add(problems, { ...ctx, pointer: '/', kind: 'undeclaredStatus', claimed: other, via: 'value',
                message: `its value is shaped like the ${other} response (it validates there and uses only properties declared there); file it under ${other}, or state its status with x-status` });
            }
          }
        }
        const hasBody = Object.values(content || {}).some((m) => m.schema);
        if (/^2/.test(status) && hasBody && !named) {
          const unnamed = Object.values(content).some((m) => m.example !== undefined);
          add(problems, { direction: 'response', status, example: undefined, pointer: '/', kind: 'missingExample', location: at('responses', status),
            message: `${status} response body has no named example${unnamed ? ' (only an unnamed `example`, which the mock and the docs cannot select by name)' : ''}` });
        }
      }

      // The mock (Prism) answers a plain request with the first example of the lowest 2xx: that should be
      // the documented seed sample when the operation has one.
      const successes = declared.filter((s) => /^2\d\d$/.test(s)).sort();
      const firstOf = (s) => { const m = contentMedia(resolved[s]?.content)?.media; const e = m && Object.entries(m.examples || {}); return e || []; };
      const seeded = successes.find((s) => firstOf(s).some(([, r]) => { try { return deref(spec, r)['x-seed-sample']; } catch { return false; } }));
      if (seeded) {
        const lowest = successes[0];
        const [firstName, firstRef] = firstOf(lowest)[0] ?? [];
        let firstSeed;
        try { firstSeed = firstRef && deref(spec, firstRef)['x-seed-sample']; } catch { firstSeed = undefined; }
        if (!firstSeed) {
          const seedName = firstOf(seeded).find(([, r]) => deref(spec, r)['x-seed-sample'])[0];
          add(warnings, { direction: 'response', status: lowest, example: firstName, pointer: '/', kind: 'defaultNotSeed',
            message: `a plain request to the mock returns ${firstName ? `"${firstName}"` : 'a generated body'} (first example of ${lowest}), not the seed sample "${seedName}" (${seeded}); list the seed sample first` });
        }
      }
    }
  }
  const counts = {};
  for (const kind of Object.keys(EXAMPLE_KINDS)) {
    const n = problems.filter((pr) => pr.kind === kind).length;
    if (n) counts[kind] = n;
  }
  return { problems, warnings, checked, operations: opCount, counts };
}

/** A readable report, grouped by operation. */
export function formatReport(result, { specFile } = {}) {
  const lines = [];
  const byOp = new Map();
  for (const pr of [...result.problems, ...result.warnings.map((w) => ({ ...w, warning: true }))]) {
    const key = pr.operation;
    if (!byOp.has(key)) byOp.set(key, []);
    byOp.get(key).push(pr);
  }
  if (specFile) lines.push(`validate-examples: ${specFile}`);
  for (const [opId, list] of byOp) {
    const first = list[0];
    lines.push('', `${opId}  ${first.method.toUpperCase()} ${first.path}`);
    for (const pr of list) {
      const where = pr.direction === 'response' ? `response ${pr.status}` : pr.direction;
      const name = pr.example ? ` "${pr.example}"` : '';
      const label = pr.warning ? 'warning: ' : '';
      lines.push(`  ${label}${where}${name}  ${pr.pointer}  ${pr.kindText ?? pr.kind}: ${pr.message}`);
      if (pr.file) lines.push(`      in ${pr.file}`);
    }
  }
  const kinds = Object.entries(result.counts).map(([k, n]) => `${n} ${EXAMPLE_KINDS[k] ?? k}`).join(', ');
  lines.push('');
  lines.push(result.problems.length
    ? `${result.problems.length} problem(s) in ${new Set(result.problems.map((x) => x.operation)).size} operation(s): ${kinds}; ${result.checked} examples in ${result.operations} operations checked`
    : `ok: ${result.checked} examples in ${result.operations} operations, no problems${result.warnings.length ? ` (${result.warnings.length} warning(s))` : ''}`);
  return lines.join('\n');
}

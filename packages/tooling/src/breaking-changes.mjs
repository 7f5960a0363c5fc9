#!/usr/bin/env node
// Breaking-change check: compares the spec with an earlier version and fails when the change would
// break an existing client. Two maintained npm differs do the comparing; this script only bundles the
// two versions, runs both, merges their findings and decides the exit code:
//
// - openapi-diff (Atlassian): removed paths/methods and request/response body changes, computed by set
//   theory on the JSON schemas (removed or newly required request fields, narrowed request types,
//   removed or retyped response properties, a changed response shape). It does not look at parameters
//   or enums.
// - api-smart-diff: parameters (removed, newly required, narrowed enum/type), enums and types in bodies,
//   removed response status codes. Its findings under `components` are left out: it cannot tell there
//   whether a schema is read or written, and the same change is reported where an operation uses it.
//   An added value in a *response* enum is reported as a warning, not a failure (like oasdiff): it is
//   an addition, which this project treats as compatible.
//
// A breaking change passes when the spec's info.version takes a major step (for 0.x, a minor step:
// 0.1.x → 0.2.0) over the base's, or with --allow-breaking; it is still listed.
//
// Usage:
//   node packages/tooling/src/breaking-changes.mjs                 against the last release tag (v*), if any
//   node packages/tooling/src/breaking-changes.mjs --base HEAD~1  against a git ref (CI: the previous commit)
//   node packages/tooling/src/breaking-changes.mjs --base-file old.json --head-file new.json
//   options: --head REF (default: the working tree's spec/), --repo DIR, --format text|json|markdown,
//            --allow-breaking
// Exit: 0 no breaking change (or allowed; or nothing to compare with), 1 breaking changes, 2 error.
import { execFileSync, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { apiCompare } from 'api-smart-diff';
import { bundleSource, METHODS, readSpec } from '@modelarts-openapi/spec';

const require = createRequire(import.meta.url);
// openapi-diff costs ~0.25 s to load: loaded by the first comparison, not by --help, a skip or an import.
let openapiDiff;
const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

// ---------------------------------------------------------------------------------------------- loading

const git = (repo, args, opts = {}) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', maxBuffer: 256 << 20, ...opts });

/** The newest release tag (v*) reachable from HEAD, or undefined. */
export function lastReleaseTag(repo = repoRoot) {
  const r = git(repo, ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Bundles a spec root file (openapi.yaml, with the redocly.yaml next to it) into a plain object. */
export const bundleSpec = (rootFile) => bundleSource(rootFile);

/** Reads a spec file: a bundle (.json/.yaml) or a split root, which is bundled first. */
export const readSpecFile = (file) => readSpec(file);

/**
 * The bundled spec at a git ref, or {missing: reason} when there is nothing to compare with.
 * @returns {{spec: object, label: string} | {missing: string}}
 */
export function specAtRef(ref, repo = repoRoot) {
  const commit = git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (commit.status !== 0) return { missing: `there is no commit "${ref}" in this clone (first commit, or a shallow clone)` };
  const sha = commit.stdout.trim();
  if (git(repo, ['cat-file', '-e', `${sha}:spec/openapi.yaml`]).status !== 0) return { missing: `${ref} (${sha.slice(0, 7)}) has no spec/openapi.yaml` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelarts-bc-ref-'));
  try {
    const tar = git(repo, ['archive', '--format=tar', sha, 'spec'], { encoding: 'buffer' });
    if (tar.status !== 0) throw new Error(`git archive ${ref} failed: ${tar.stderr}`);
    execFileSync('tar', ['-x', '-C', dir], { input: tar.stdout });
    try {
      return { spec: bundleSpec(path.join(dir, 'spec/openapi.yaml')), label: `${ref} (${sha.slice(0, 7)})` };
    } catch (e) {
      // A commit whose spec does not bundle (e.g. a file it references was committed later) was never a
      // usable contract: say so and compare with nothing rather than block every later commit.
      if (e.bundleFailed) return { missing: `the spec at ${ref} (${sha.slice(0, 7)}) does not bundle (${e.problems})` };
      throw e;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** An empty document of the same OpenAPI version: the base of a first release's changelog. */
export const emptySpec = (like) => ({ openapi: like?.openapi ?? '3.0.3', info: { title: like?.info?.title ?? 'empty', version: '0.0.0' }, paths: {}, components: {} });

// ---------------------------------------------------------------------------------------------- comparing

function operationAt(spec, p, method) {
  const op = spec?.paths?.[p]?.[method];
  return op ? { method, path: p, id: op.operationId } : undefined;
}

/** Splits an openapi-diff location ("paths./v1/{x}/jobs.post.requestBody...") into operation parts. */
function parseLocation(location, base, head) {
  if (!location?.startsWith('paths.')) return { where: location };
  const rest = location.slice('paths.'.length);
  const keys = [...new Set([...Object.keys(base.paths || {}), ...Object.keys(head.paths || {})])].sort((a, b) => b.length - a.length);
  const p = keys.find((k) => rest === k || rest.startsWith(`${k}.`));
  if (!p) return { where: location };
  const tail = rest.slice(p.length + 1);
  const method = METHODS.find((m) => tail === m || tail.startsWith(`${m}.`));
  return { path: p, method, where: method ? tail.slice(method.length + 1) : tail };
}

const describeOd = (d) => {
  const where = d.sourceSpecEntityDetails?.[0]?.location ?? d.destinationSpecEntityDetails?.[0]?.location;
  const texts = {
    'path.remove': 'path removed',
    'method.remove': 'operation removed',
    'path.add': 'path added',
    'method.add': 'operation added',
    'request.body.scope.remove': 'the request body accepts less than before (a field removed, newly required, or narrowed)',
    'request.body.scope.add': 'the request body accepts more than before',
    'response.body.scope.add': 'the response body can hold what it could not before (a property removed or retyped, or a new shape)',
    'response.body.scope.remove': 'the response body is narrower than before',
    'response.status-code.remove': 'response status code removed',
    'response.status-code.add': 'response status code added',
    'response.required.header.remove': 'required response header removed',
    'response.optional.header.remove': 'optional response header removed',
    'response.required.header.add': 'required response header added',
    'response.optional.header.add': 'optional response header added',
  };
  return { text: texts[d.code] ?? d.code, where };
};

/** JSON of a node with every local $ref resolved (a $ref met again inside itself stays a $ref). */
function resolvedJson(spec, node, stack = []) {
  if (Array.isArray(node)) return `[${node.map((x) => resolvedJson(spec, x, stack)).join(',')}]`;
  if (!node || typeof node !== 'object') return JSON.stringify(node);
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (stack.includes(node.$ref)) return JSON.stringify(node);
    const target = node.$ref.slice(2).split('/').map((x) => x.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => o?.[k], spec);
    return resolvedJson(spec, target, [...stack, node.$ref]);
  }
  return `{${Object.keys(node).sort().map((k) => `${JSON.stringify(k)}:${resolvedJson(spec, node[k], stack)}`).join(',')}}`;
}

/**
 * openapi-diff compares every operation's bodies by set arithmetic, seconds per operation on our bundle.
 * An operation whose resolved definition is the same on both sides cannot differ, so both copies handed
 * to it leave such operations out (a path with nothing left is dropped on both sides).
 */
function withoutUnchanged(base, head) {
  const b = structuredClone(base);
  const h = structuredClone(head);
  for (const p of Object.keys(b.paths || {})) {
    if (!h.paths?.[p]) continue;
    for (const m of METHODS) {
      if (b.paths[p][m] && h.paths[p][m] && resolvedJson(base, { ...base.paths[p][m], parameters: [...(base.paths[p].parameters || []), ...(base.paths[p][m].parameters || [])] }) === resolvedJson(head, { ...head.paths[p][m], parameters: [...(head.paths[p].parameters || []), ...(head.paths[p][m].parameters || [])] })) {
        delete b.paths[p][m];
        delete h.paths[p][m];
      }
    }
    if (!METHODS.some((m) => b.paths[p][m]) && !METHODS.some((m) => h.paths[p][m])) {
      delete b.paths[p];
      delete h.paths[p];
    }
  }
  return [b, h];
}

/**
 * The spec with quote characters in `pattern`s written literally: `\x22`/`\x27` (how spec/ writes them,
 * see DECISIONS.md "Quote characters in patterns") match exactly what `"`/`'` match, but the differs
 * compare patterns as text.
 */
function withLiteralQuotesInPatterns(spec) {
  return JSON.parse(JSON.stringify(spec), (key, value) => (key === 'pattern' && typeof value === 'string'
    ? value.replace(/(?<!\\)((?:\\\\)*)\\x(22|27)/g, (_m, pairs, hex) => `${pairs}${hex === '22' ? '"' : "'"}`)
    : value));
}

/**
 * Compares two bundled specs with both tools.
 * @returns {{breaking: Finding[], warnings: Finding[], compatible: Finding[], unclassified: Finding[],
 *            added: object[], removed: object[]}}
 *   Finding = {tool, kind, operation?: {method, path, id}, text, where}
 */
export async function compareSpecs(baseSpec, headSpec) {
  const base = withLiteralQuotesInPatterns(baseSpec);
  const head = withLiteralQuotesInPatterns(headSpec);
  const findings = [];
  const [odBase, odHead] = withoutUnchanged(base, head);
  openapiDiff ??= require('openapi-diff');
  const od = await openapiDiff.diffSpecs({
    sourceSpec: { content: JSON.stringify(odBase), location: 'base', format: 'openapi3' },
    destinationSpec: { content: JSON.stringify(odHead), location: 'head', format: 'openapi3' },
  });
  const odGroups = [['breaking', od.breakingDifferences || []], ['compatible', od.nonBreakingDifferences || []], ['unclassified', od.unclassifiedDifferences || []]];
  for (const [kind, list] of odGroups) {
    for (const d of list) {
      const { text, where } = describeOd(d);
      const loc = parseLocation(where, base, head);
      findings.push({ tool: 'openapi-diff', kind, code: d.code, operation: loc.method ? operationAt(d.code.endsWith('.add') && d.entity !== 'response.body.scope' ? head : base, loc.path, loc.method) ?? operationAt(head, loc.path, loc.method) : undefined, pathKey: loc.path, text, where: loc.where || where });
    }
  }
  const { diffs } = apiCompare(base, head);
  for (const d of diffs) {
    if (d.path[0] !== 'paths') continue; // components: see the header comment
    const [, p, method, ...rest] = d.path;
    const isMethod = METHODS.includes(method);
    let kind = { breaking: 'breaking', 'non-breaking': 'compatible', deprecated: 'compatible', annotation: 'annotation' }[d.type] ?? 'unclassified';
    if (kind === 'breaking' && d.action === 'add' && rest.includes('responses') && rest.includes('enum')) kind = 'warning';
    // Examples are documentation: api-smart-diff leaves them unclassified.
    if (kind === 'unclassified' && (rest.includes('example') || rest.includes('examples'))) kind = 'annotation';
    if (kind === 'annotation') continue;
    findings.push({
      tool: 'api-smart-diff',
      kind,
      code: `${d.action}`,
      operation: isMethod ? operationAt(d.action === 'add' ? head : base, p, method) ?? operationAt(head, p, method) : undefined,
      pathKey: p,
      text: (d.description || `${d.action} ${d.path.join('.')}`).replace(/\s+/g, ' ').trim(),
      where: (isMethod ? rest : d.path.slice(2)).join('.'),
    });
  }
  const before = operationsByKey(base);
  const after = operationsByKey(head);
  return {
    breaking: findings.filter((f) => f.kind === 'breaking'),
    warnings: findings.filter((f) => f.kind === 'warning'),
    compatible: findings.filter((f) => f.kind === 'compatible'),
    unclassified: findings.filter((f) => f.kind === 'unclassified'),
    added: [...after].filter(([k]) => !before.has(k)).map(([, v]) => v),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, v]) => v),
    baseVersion: base.info?.version,
    headVersion: head.info?.version,
  };
}

/** "GET /path" → {method, path, id, tag} for every operation of a description. */
const operationsByKey = (s) => new Map(Object.entries(s.paths || {}).flatMap(([p, item]) => METHODS.filter((m) => item?.[m]).map((m) => [`${m.toUpperCase()} ${p}`, { method: m, path: p, id: item[m].operationId, tag: item[m].tags?.[0] }])));

/**
 * The comparison of `head` with nothing (a first release): every operation is added. Running the differs
 * against emptySpec() says no more — each of their findings is then about an added operation or path,
 * which renderMarkdown does not list — and costs about 60 ms of CPU per operation (20 s at 305), so this
 * builds the result directly; its findings lists are empty.
 */
export function comparedWithNothing(head) {
  return {
    breaking: [], warnings: [], compatible: [], unclassified: [],
    added: [...operationsByKey(head).values()],
    removed: [],
    baseVersion: emptySpec(head).info.version,
    headVersion: head.info?.version,
  };
}

/** True when `to` is a major step over `from` (for 0.x versions, a minor step). */
export function isMajorBump(from, to) {
  const parse = (v) => String(v ?? '').match(/^(\d+)\.(\d+)\.(\d+)/)?.slice(1).map(Number);
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return false;
  if (a[0] === 0 && b[0] === 0) return b[1] > a[1];
  return b[0] > a[0];
}

// ---------------------------------------------------------------------------------------------- output

const opLabel = (o) => (o ? `${o.method.toUpperCase()} ${o.path}${o.id ? ` (${o.id})` : ''}` : undefined);
const findingLine = (f) => `${opLabel(f.operation) ?? f.pathKey ?? 'document'}: ${f.text}${f.where ? ` — at ${f.where}` : ''} [${f.tool}]`;

export function renderText(r, { baseLabel, headLabel }) {
  const lines = [`breaking-changes: ${baseLabel} → ${headLabel} (info.version ${r.baseVersion} → ${r.headVersion})`];
  lines.push(`  ${r.added.length} operations added, ${r.removed.length} removed; ${r.breaking.length} breaking findings, ${r.warnings.length} warnings, ${r.compatible.length} compatible, ${r.unclassified.length} unclassified`);
  const section = (title, list) => {
    if (!list.length) return;
    lines.push('', `${title}:`);
    for (const f of list) lines.push(`  - ${findingLine(f)}`);
  };
  section('BREAKING', r.breaking);
  section('warnings (not failing)', r.warnings);
  section('unclassified (not failing)', r.unclassified);
  if (r.added.length) lines.push('', 'added operations:', ...r.added.map((o) => `  + ${opLabel(o)}`));
  return lines.join('\n');
}

/** A changelog section in markdown (used for packages/client/CHANGELOG.md). */
export function renderMarkdown(r, { version, date, baseLabel }) {
  const out = [`## ${version} — ${date}`, '', baseLabel ? `Compared with ${baseLabel} by \`packages/tooling/src/breaking-changes.mjs\` (openapi-diff + api-smart-diff).` : 'First release.', ''];
  const byOp = (list) => {
    const groups = new Map();
    for (const f of list) {
      const key = opLabel(f.operation) ?? f.pathKey ?? 'document';
      if (!groups.has(key)) groups.set(key, new Set());
      groups.get(key).add(f.text);
    }
    return [...groups].sort(([a], [b]) => a.localeCompare(b));
  };
  const addedKeys = new Set(r.added.map(opLabel));
  const removedKeys = new Set(r.removed.map(opLabel));
  if (r.breaking.length) {
    out.push('### Breaking changes', '');
    for (const [op, texts] of byOp(r.breaking)) out.push(`- \`${op}\`: ${[...texts].join('; ')}`);
    out.push('');
  }
  if (r.added.length) {
    out.push(`### Added operations (${r.added.length})`, '');
    const tags = [...new Set(r.added.map((o) => o.tag ?? 'Other'))];
    for (const tag of tags) {
      out.push(`- ${tag}:`);
      for (const o of r.added.filter((x) => (x.tag ?? 'Other') === tag)) out.push(`  - \`${o.id}\` — \`${o.method.toUpperCase()} ${o.path}\``);
    }
    out.push('');
  }
  const changed = byOp([...r.compatible, ...r.warnings, ...r.unclassified].filter((f) => !addedKeys.has(opLabel(f.operation)) && !removedKeys.has(opLabel(f.operation)) && f.operation));
  if (changed.length) {
    out.push('### Other changes', '');
    for (const [op, texts] of changed) out.push(`- \`${op}\`: ${[...texts].slice(0, 8).join('; ')}${texts.size > 8 ? `; and ${texts.size - 8} more` : ''}`);
    out.push('');
  }
  if (!r.breaking.length && !r.added.length && !changed.length) out.push('No API changes.', '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------- CLI

function cliOptions(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' }, head: { type: 'string' }, 'base-file': { type: 'string' }, 'head-file': { type: 'string' },
      repo: { type: 'string' }, format: { type: 'string', default: 'text' }, 'allow-breaking': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (!['text', 'json', 'markdown'].includes(v.format)) throw new Error(`--format must be text, json or markdown`);
  return {
    base: v.base, head: v.head, baseFile: v['base-file'], headFile: v['head-file'], repo: v.repo === undefined ? undefined : path.resolve(v.repo),
    format: v.format, allowBreaking: Boolean(v['allow-breaking']), help: v.help,
  };
}

/** Resolves base and head per the options. @returns {{base?, head?, baseLabel, headLabel, skip?: string}} */
export function loadPair(o) {
  const repo = o.repo ?? repoRoot;
  let base;
  let baseLabel;
  if (o.baseFile) { base = readSpecFile(o.baseFile); baseLabel = o.baseFile; }
  else {
    const ref = o.base ?? lastReleaseTag(repo);
    if (!ref) return { skip: 'no release tag (v*) yet and no --base given: nothing to compare with' };
    const r = specAtRef(ref, repo);
    if (r.missing) return { skip: `${r.missing}: nothing to compare with` };
    base = r.spec;
    baseLabel = r.label;
  }
  let head;
  let headLabel;
  if (o.headFile) { head = readSpecFile(o.headFile); headLabel = o.headFile; }
  else if (o.head) {
    const r = specAtRef(o.head, repo);
    if (r.missing) throw new Error(r.missing);
    head = r.spec;
    headLabel = r.label;
  } else {
    const root = path.join(repo, 'spec/openapi.yaml');
    if (!fs.existsSync(root)) throw new Error(`${root} does not exist`);
    head = bundleSpec(root);
    headLabel = 'working tree';
  }
  return { base, head, baseLabel, headLabel };
}

async function main() {
  let o;
  try { o = cliOptions(process.argv.slice(2)); } catch (e) { console.error(`breaking-changes: ${e.message} (--help for usage)`); process.exit(2); }
  if (o.help) {
    const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
    console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
    return;
  }
  const pair = loadPair(o);
  if (pair.skip) {
    if (o.format === 'json') console.log(JSON.stringify({ skipped: pair.skip }));
    else console.log(`breaking-changes: ${pair.skip} — passing`);
    return;
  }
  const r = await compareSpecs(pair.base, pair.head);
  const bumped = isMajorBump(r.baseVersion, r.headVersion);
  const fail = r.breaking.length > 0 && !bumped && !o.allowBreaking;
  if (o.format === 'json') console.log(JSON.stringify({ base: pair.baseLabel, head: pair.headLabel, ...r, passed: !fail }, null, 2));
  else if (o.format === 'markdown') console.log(renderMarkdown(r, { version: r.headVersion, date: new Date().toISOString().slice(0, 10), baseLabel: pair.baseLabel }));
  else console.log(renderText(r, pair));
  if (r.breaking.length) {
    const why = bumped ? `allowed: info.version ${r.baseVersion} → ${r.headVersion} is a major step` : o.allowBreaking ? 'allowed by --allow-breaking' : `failing: bump info.version's major (for 0.x, minor) part in spec/openapi.yaml to release them, or undo them`;
    console.error(`breaking-changes: ${r.breaking.length} breaking findings — ${why}`);
  } else if (o.format === 'text') console.log('breaking-changes: no breaking change — passing');
  if (fail) process.exitCode = 1;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => { console.error(`breaking-changes: ${e.stack || e.message}`); process.exit(2); });
}

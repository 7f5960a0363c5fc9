// The breaking-change check (@modelarts-openapi/tooling/breaking-changes) flags deliberate breaks of the real bundle,
// passes compatible additions, and in git mode passes when the previous commit has no spec, no
// previous commit exists, or the previous spec is smaller.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { deref, loadSpec } from '@modelarts-openapi/spec';
import { comparedWithNothing, compareSpecs, emptySpec, isMajorBump, renderMarkdown } from '@modelarts-openapi/tooling/breaking-changes';
import { cutToPaths } from '@modelarts-openapi/testkit';
import { copySourceCut } from '@modelarts-openapi/testkit/source-tree';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = createRequire(import.meta.url).resolve('@modelarts-openapi/tooling/breaking-changes');
const LIST = '/v1/{project_id}/training-jobs';
// Both differs cost time in proportion to the whole document (openapi-diff's set arithmetic, seconds per
// operation; api-smart-diff walks every component), so the mutation cases run on the real bundle cut down
// to the v1 training-jobs path and the components it reaches (real schemas, parameters and responses).
const full = loadSpec();
const spec = cutToPaths(full, [LIST]);
const clone = () => structuredClone(spec);
const schemaOf = (s, name) => s.components.schemas[name];
const requestSchemaName = (s) => s.paths[LIST].post.requestBody.content['application/json'].schema.$ref.split('/').pop();
const responseSchemaName = (s) => s.paths[LIST].get.responses['200'].content['application/json'].schema.$ref.split('/').pop();
/** The object part of a (possibly allOf) response schema that carries the properties. */
const propsOf = (s, name) => {
  const sc = schemaOf(s, name);
  // v1 bodies are allOf [LegacyResult, {own properties}]: the inline part is the operation's own.
  return sc.properties ? sc : sc.allOf.find((x) => !x.$ref && x.properties && Object.keys(x.properties).length);
};

let tmp;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-test-')); });
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

function cli(args, cwd = root) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}
function writeSpec(name, doc) {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, JSON.stringify(doc));
  return f;
}

// Each deliberate break: a mutation of the real bundle and the operation the report must name.
const breaks = {
  'removed operation': [(s) => { delete s.paths[LIST].post; }, 'createTrainingJob'],
  'removed query parameter': [(s) => { s.paths[LIST].get.parameters = s.paths[LIST].get.parameters.filter((p) => p.name !== 'page'); }, 'listTrainingJobs'],
  'new required query parameter': [(s) => { s.paths[LIST].get.parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } }); }, 'listTrainingJobs'],
  'narrowed parameter enum': [(s) => {
    const p = s.paths[LIST].get.parameters.map((x) => deref(s, x)).find((x) => deref(s, x.schema || {}).enum?.length >= 2);
    expect(p, 'listTrainingJobs has a query parameter with an enum').toBeDefined();
    const sc = deref(s, p.schema);
    sc.enum = sc.enum.slice(0, -1);
  }, 'listTrainingJobs'],
  'new required request field': [(s) => {
    const sc = schemaOf(s, requestSchemaName(s));
    const optional = Object.keys(sc.properties).find((k) => !sc.required.includes(k));
    sc.required.push(optional);
  }, 'createTrainingJob'],
  'removed request property': [(s) => {
    const sc = schemaOf(s, requestSchemaName(s));
    delete sc.properties[Object.keys(sc.properties).find((k) => !sc.required.includes(k))];
  }, 'createTrainingJob'],
  'narrowed request type': [(s) => {
    const sc = schemaOf(s, requestSchemaName(s));
    const name = Object.keys(sc.properties).find((k) => sc.properties[k].type === 'string');
    sc.properties[name] = { type: 'integer' };
  }, 'createTrainingJob'],
  'narrowed request length': [(s) => {
    const sc = schemaOf(s, requestSchemaName(s));
    const name = Object.keys(sc.properties).find((k) => sc.properties[k].maxLength > 2);
    sc.properties[name].maxLength = 2;
  }, 'createTrainingJob'],
  'removed response property': [(s) => {
    const obj = propsOf(s, responseSchemaName(s));
    delete obj.properties[Object.keys(obj.properties)[0]];
  }, 'listTrainingJobs'],
  'retyped response property': [(s) => {
    const obj = propsOf(s, responseSchemaName(s));
    const name = Object.keys(obj.properties).find((k) => obj.properties[k].type === 'integer');
    obj.properties[name] = { type: 'string' };
  }, 'listTrainingJobs'],
  'response shape changed to an array': [(s) => {
    const media = s.paths[LIST].get.responses['200'].content['application/json'];
    media.schema = { type: 'array', items: media.schema };
  }, 'listTrainingJobs'],
  'removed success response': [(s) => {
    const r = s.paths[LIST].get.responses;
    r['202'] = r['200'];
    delete r['200'];
  }, 'listTrainingJobs'],
};

describe('flags deliberate breaks of the real bundle', () => {
  it.each(Object.entries(breaks))('%s', async (_name, [mutate, operationId]) => {
    const head = clone();
    mutate(head);
    const r = await compareSpecs(spec, head);
    expect(r.breaking.length, JSON.stringify(r.compatible.slice(0, 5))).toBeGreaterThan(0);
    expect(r.breaking.some((f) => f.operation?.id === operationId), r.breaking.map((f) => `${f.operation?.id}: ${f.text}`).join('\n')).toBe(true);
  });

  it('the command exits 1 and names the break', () => {
    const head = clone();
    breaks['removed query parameter'][0](head);
    breaks['new required request field'][0](head);
    const r = cli(['--base-file', writeSpec('base.json', spec), '--head-file', writeSpec('broken.json', head)]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/BREAKING/);
    expect(r.out).toMatch(/GET \/v1\/\{project_id\}\/training-jobs \(listTrainingJobs\)/);
    expect(r.out).toMatch(/POST \/v1\/\{project_id\}\/training-jobs \(createTrainingJob\)/);
  });

  it('a major version step lets a break pass (still listed)', () => {
    const head = clone();
    breaks['removed operation'][0](head);
    const [major, minor] = spec.info.version.split('.').map(Number);
    head.info.version = major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
    expect(isMajorBump(spec.info.version, head.info.version)).toBe(true);
    const r = cli(['--base-file', writeSpec('base.json', spec), '--head-file', writeSpec('bumped.json', head)]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/createTrainingJob/);
    expect(r.out).toMatch(/allowed: info\.version/);
  });
});

describe('passes compatible additions', () => {
  function compatible() {
    const head = clone();
    head.paths['/v1/{project_id}/training-jobs-extra'] = { get: { ...structuredClone(spec.paths[LIST].get), operationId: 'listTrainingJobsExtra' } };
    head.paths[LIST].get.parameters.push({ name: 'extra_filter', in: 'query', required: false, schema: { type: 'string' }, example: 'x' });
    const req = schemaOf(head, requestSchemaName(head));
    req.properties.extra_note = { type: 'string', maxLength: 64 };
    const res = propsOf(head, responseSchemaName(head));
    res.properties.extra_count = { type: 'integer' };
    return head;
  }

  it('an added operation, optional parameter, optional request field and response property', async () => {
    const r = await compareSpecs(spec, compatible());
    expect(r.breaking.map((f) => `${f.operation?.id}: ${f.text} [${f.tool}]`)).toEqual([]);
    expect(r.added.map((o) => o.id)).toEqual(['listTrainingJobsExtra']);
    expect(r.compatible.length).toBeGreaterThan(0);
  });

  it('the command exits 0 on them', () => {
    const r = cli(['--base-file', writeSpec('base.json', spec), '--head-file', writeSpec('compatible.json', compatible())]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/no breaking change — passing/);
    expect(r.out).toMatch(/\+ GET \/v1\/\{project_id\}\/training-jobs-extra \(listTrainingJobsExtra\)/);
  });

  it('a first release (compared with nothing) renders as the differs would, without running them', async () => {
    const two = { ...structuredClone(full), paths: Object.fromEntries(Object.entries(full.paths).slice(0, 2)) };
    const label = { version: '0.1.0', date: '2026-01-01' };
    const direct = comparedWithNothing(two);
    expect(direct.added.length).toBeGreaterThanOrEqual(2);
    expect(renderMarkdown(direct, label)).toBe(renderMarkdown(await compareSpecs(emptySpec(two), two), label));
  });

  it('the whole bundle compared with itself has no findings', async () => {
    const r = await compareSpecs(full, structuredClone(full));
    expect([...r.breaking, ...r.compatible, ...r.warnings]).toEqual([]);
  });
});

describe('git mode (CI: --base HEAD~1)', () => {
  let repo;
  const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@localhost' } });
  const rootYaml = () => path.join(repo, 'spec/openapi.yaml');
  // The real source, its paths table cut to the training-jobs path and one other, and the files they reach
  // (to stay fast: git add, git archive and Redocly then handle dozens of files, not the whole tree).
  const OTHER = Object.keys(full.paths).find((p) => p !== LIST);
  const copySpec = () => copySourceCut(path.join(root, 'spec'), path.join(repo, 'spec'), [LIST, OTHER]);
  const dropPath = (p) => {
    const doc = YAML.parse(fs.readFileSync(rootYaml(), 'utf8'));
    delete doc.paths[p];
    fs.writeFileSync(rootYaml(), YAML.stringify(doc));
  };
  beforeAll(() => {
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'README.md'), 'no spec yet\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'first');
  });

  it('no previous commit: says so and passes', () => {
    const r = cli(['--base', 'HEAD~1', '--repo', repo]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/no commit "HEAD~1".*nothing to compare with — passing/);
  });

  it('previous commit without a spec: says so and passes', () => {
    copySpec();
    dropPath(LIST); // the first spec is smaller than ours
    git('add', '-A');
    git('commit', '-q', '-m', 'spec');
    const r = cli(['--base', 'HEAD~1', '--repo', repo]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/has no spec\/openapi\.yaml: nothing to compare with — passing/);
  });

  it('a previous commit with a smaller spec: additions pass', () => {
    copySpec(); // restores the full spec (adds the training-jobs path back)
    git('add', '-A');
    git('commit', '-q', '-m', 'more operations');
    const r = cli(['--base', 'HEAD~1', '--repo', repo]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/\+ GET \/v1\/\{project_id\}\/training-jobs \(listTrainingJobs\)/);
    expect(r.out).toMatch(/no breaking change — passing/);
  });

  it('a commit that removes an operation fails', () => {
    dropPath(LIST);
    git('add', '-A');
    git('commit', '-q', '-m', 'remove');
    const r = cli(['--base', 'HEAD~1', '--repo', repo]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/GET \/v1\/\{project_id\}\/training-jobs \(listTrainingJobs\): \[Removed\] operation/);
  });

  it('a previous commit whose spec does not bundle: says so and passes', () => {
    const doc = YAML.parse(fs.readFileSync(rootYaml(), 'utf8'));
    doc.paths['/v1/{project_id}/not-there'] = { get: { $ref: 'paths/nowhere/listNothing.yaml' } };
    fs.writeFileSync(rootYaml(), YAML.stringify(doc));
    git('add', '-A');
    git('commit', '-q', '-m', 'broken');
    copySpec();
    git('add', '-A');
    git('commit', '-q', '-m', 'fixed');
    const r = cli(['--base', 'HEAD~1', '--repo', repo]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/does not bundle \(Can't resolve \$ref.*nowhere\/listNothing\.yaml.*nothing to compare with — passing/);
  });

  it('no release tag: the default base says so and passes', () => {
    const r = cli(['--repo', repo]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/no release tag/);
  });
});

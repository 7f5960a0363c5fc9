// @modelarts-openapi/client is publishable: its package.json (exports map, ESM + types, files, version =
// the spec's info.version), the content of `npm pack` (compiled JS and declarations only: no tests,
// sources, source maps or secrets), and the packed tarball installed into an empty project loads as ESM
// and type-checks from TypeScript through the exports map, with every TypeScript example of the READMEs.
// Plus the CHANGELOG section for this version.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadSpec } from '@modelarts-openapi/spec';
import { listWorkspaces } from '@modelarts-openapi/testkit/workspaces';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'packages/client');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (!fs.existsSync(path.join(pkgDir, 'dist/index.js'))) throw new Error('packages/client/dist is missing: run "npx turbo run build --filter=@modelarts-openapi/client" first');

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

/** The ```ts blocks of the root README and the client's README: [{from: 'README.md:217', code}]. */
function readmeSnippets() {
  return ['README.md', 'packages/client/README.md'].flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return [...text.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => ({ from: `${file}:${text.slice(0, m.index).split('\n').length}`, code: m[1] }));
  });
}

describe('package.json', () => {
  it("has the spec's info.version", () => {
    const source = YAML.parse(fs.readFileSync(path.join(root, 'spec/openapi.yaml'), 'utf8')).info.version;
    expect(pkg.version).toBe(source);
    expect(pkg.version).toBe(loadSpec().info.version);
  });

  it('is the only workspace package npm would publish (the others need the workspace, so they are private)', () => {
    const dirs = listWorkspaces(root);
    const published = dirs.map((d) => JSON.parse(fs.readFileSync(path.join(root, d, 'package.json'), 'utf8'))).filter((p) => !p.private).map((p) => p.name);
    expect(dirs.length).toBeGreaterThan(5);
    expect(published).toEqual(['@modelarts-openapi/client']);
  });

  it('is a public ESM package with an exports map to JS and declarations', () => {
    expect(pkg.name).toBe('@modelarts-openapi/client');
    expect(pkg.private).not.toBe(true);
    expect(pkg.type).toBe('module');
    expect(pkg.publishConfig?.access).toBe('public');
    expect(pkg.license).toBeTruthy();
    expect(pkg.engines?.node).toMatch(/>=\s*20/);
    const dot = pkg.exports['.'];
    expect(Object.keys(dot)[0], 'types must come first in the condition list').toBe('types');
    expect(dot.types).toMatch(/\.d\.ts$/);
    expect(dot.import).toMatch(/\.js$/);
    expect(pkg.types).toBe(dot.types);
    expect(pkg.main === undefined || pkg.main === dot.import).toBe(true);
    expect(pkg.files).toBeDefined();
  });
});

describe('npm pack', () => {
  let tmp;
  let packed;
  let tarball;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'client-pack-'));
    // --ignore-scripts: prepack only re-checks what this file checks; the tarball is what matters.
    const r = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: pkgDir });
    if (r.code !== 0) throw new Error(`npm pack failed: ${r.err}`);
    const info = JSON.parse(r.out.slice(r.out.indexOf('[')))[0];
    packed = info.files.map((f) => f.path);
    tarball = path.join(tmp, info.filename);
  }, 120_000);
  afterAll(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

  it('holds only compiled JS, declarations and the package docs', () => {
    const allowed = (f) => /^dist\/.+\.(js|d\.ts)$/.test(f) || ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f);
    expect(packed.filter((f) => !allowed(f))).toEqual([]);
    expect(packed.filter((f) => /\.(map|tsbuildinfo)$|\.test\.|\/__tests__\/|^src\/|^scripts\/|^templates\//.test(f))).toEqual([]);
    expect(packed).toContain('package.json');
    expect(packed).toContain('CHANGELOG.md');
    for (const target of [pkg.exports['.'].types, pkg.exports['.'].import]) expect(packed).toContain(target.replace(/^\.\//, ''));
  });

  it('holds no secrets', () => {
    expect(packed.filter((f) => /(^|\/)(\.env[^/]*|\.npmrc|id_rsa[^/]*|[^/]+\.(pem|key|p12|pfx))$/.test(f))).toEqual([]);
    const leaks = [];
    for (const f of packed.filter((x) => /\.(js|ts|json|md)$/.test(x))) {
      const text = fs.readFileSync(path.join(pkgDir, f), 'utf8');
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) leaks.push(`${f}: private key`);
      if (/\b(npm_[A-Za-z0-9]{36}|ghp_[A-Za-z0-9]{36})\b/.test(text)) leaks.push(`${f}: access token`);
      if (/(MIIE[A-Za-z0-9+/]{60,})/.test(text)) leaks.push(`${f}: base64 key material`);
    }
    expect(leaks).toEqual([]);
  });

  it('every relative import of the packed JS resolves to a packed file, and no undeclared package is imported', () => {
    const set = new Set(packed);
    const deps = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
    const problems = [];
    for (const f of packed.filter((x) => x.endsWith('.js') || x.endsWith('.d.ts'))) {
      const text = fs.readFileSync(path.join(pkgDir, f), 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (spec.startsWith('.')) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec));
          const candidates = f.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
          if (!candidates.some((c) => set.has(c))) problems.push(`${f}: ${spec}`);
        } else if (!spec.startsWith('node:')) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!deps.has(name)) problems.push(`${f}: imports undeclared package ${name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('installed from the tarball into an empty project, it loads as ESM and type-checks through the exports map', async () => {
    const app = path.join(tmp, 'app');
    const nm = path.join(app, 'node_modules/@modelarts-openapi/client');
    fs.mkdirSync(nm, { recursive: true });
    const x = await run('tar', ['-xzf', tarball, '-C', nm, '--strip-components=1']);
    expect(x.code, x.err).toBe(0);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    fs.writeFileSync(path.join(app, 'check.mjs'), "const m = await import('@modelarts-openapi/client');\nconsole.log(JSON.stringify({ createClient: typeof m.createClient, exports: Object.keys(m).length }));\n");
    const r = await run(process.execPath, ['check.mjs'], { cwd: app });
    expect(r.code, r.err).toBe(0);
    const loaded = JSON.parse(r.out);
    expect(loaded.createClient).toBe('function');
    expect(loaded.exports).toBeGreaterThan(10);

    fs.writeFileSync(path.join(app, 'use.ts'), [
      "import { createClient } from '@modelarts-openapi/client';",
      'const client = createClient({ endpoint: "http://127.0.0.1:4010", token: "t" });',
      'export const ok: object = client;',
      '',
    ].join('\n'));
    // and every TypeScript example of the READMEs, as a user would paste it (Node's types for process.env)
    const snippets = readmeSnippets();
    expect(snippets.length).toBeGreaterThanOrEqual(6);
    // each file named after its README and the line its block starts on, so a tsc error points there
    const snippetFile = (s) => `${s.from.replace(/[/:]/g, '_')}.ts`;
    for (const s of snippets) fs.writeFileSync(path.join(app, snippetFile(s)), `// ${s.from}\n${s.code}\nexport {};\n`);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'],
        typeRoots: [path.join(root, 'node_modules/@types')], types: ['node'],
      },
      files: ['use.ts', ...snippets.map(snippetFile)],
    }));
    const tsc = await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app });
    expect(tsc.code, `${tsc.out}${tsc.err}`).toBe(0);
  }, 120_000);
});

describe('CHANGELOG.md', () => {
  it('has a section for this version, generated from the spec diff', () => {
    const text = fs.readFileSync(path.join(pkgDir, 'CHANGELOG.md'), 'utf8');
    const section = text.split(/^## /m).find((s) => s.startsWith(`${pkg.version} `));
    expect(section, `no "## ${pkg.version}" section: run npm run changelog -w @modelarts-openapi/client`).toBeDefined();
    expect(section).toMatch(/### (Added operations|Breaking changes|Other changes)|No API changes/);
  });
});

// Users generate their own clients with their own settings: the bundle must also work with the
// generator's stock templates and default options (none of ours). One generator process (`batch`)
// generates typescript-fetch, typescript-axios, python, go and java into generators/build/.stock/, then
// each compiles with its own toolchain: tsc --strict, Python import (pydantic models and all), go vet,
// Maven compile. A missing toolchain skips that language (CI=true: fails).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRoot, bundleJson, GLOBAL_PROPERTIES, languages, toolchainProblems } from '@modelarts-openapi/generators';
import { exec } from '@modelarts-openapi/generators/proc';
import { generateBatch, repoRoot } from '@modelarts-openapi/tooling/openapi-generator';

const stock = path.join(buildRoot, '.stock');
const GENERATORS = ['typescript-fetch', 'typescript-axios', 'python', 'go', 'java'];
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const ci = process.env.CI === 'true';
let generated;

beforeAll(() => {
  generateBatch(GENERATORS.map((g) => ({ generatorName: g, inputSpec: bundleJson, outputDir: path.join(stock, g), globalProperties: GLOBAL_PROPERTIES })));
  generated = true;
}, 300_000);

/** it(), or a skip naming the missing tools (a failure under CI=true). */
function withToolchain(lang, name, fn, timeout) {
  const problems = lang ? toolchainProblems(lang) : [];
  if (problems.length && !ci) return it.skip(`${name} (skipped: missing ${problems.join('; ')})`, () => {});
  return it(name, async () => {
    expect(problems, `missing toolchain (CI=true)`).toEqual([]);
    expect(generated).toBe(true);
    await fn();
  }, timeout);
}

// typescript-axios types its operationServerMap entries as {url, description}, then writes `variables`
// into them for a server with variables (createIamToken's IAM server): tsc rejects the literal. The one
// stock-template defect left (generators/README.md, A1); every other error fails the test.
const KNOWN = {
  'typescript-axios': [/^base\.ts\(\d+,\d+\): error TS2353: Object literal may only specify known properties, and 'variables' does not exist in type '\{ url: string; description: string; \}'\.$/],
};

async function typecheck(generator) {
  const dir = path.join(stock, generator);
  fs.writeFileSync(path.join(dir, 'tsconfig.check.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true, noEmit: true, skipLibCheck: true, types: [],
    },
    include: ['**/*.ts'],
  }));
  const { output } = await exec(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.check.json')], { cwd: dir, allowFailure: true });
  const errors = output.split('\n').filter((l) => /error TS\d+/.test(l));
  expect(errors.filter((e) => !(KNOWN[generator] || []).some((k) => k.test(e))), output.slice(-4000)).toEqual([]);
}

describe('stock templates, default options: the generated code compiles', () => {
  withToolchain(null, 'typescript-fetch (tsc --strict)', () => typecheck('typescript-fetch'), 120_000);
  withToolchain(null, 'typescript-axios (tsc --strict; the known operationServerMap typing defect aside)', () => typecheck('typescript-axios'), 120_000);

  withToolchain('python', 'python (every module imports, on the build\'s virtualenv)', async () => {
    const python = languages.python.venvPython(path.join(buildRoot, 'python'));
    expect(fs.existsSync(python), `${python} is missing: run "npx turbo run build"`).toBe(true);
    const dir = path.join(stock, 'python');
    const code = 'import importlib, pkgutil, openapi_client\n'
      + 'for m in pkgutil.walk_packages(openapi_client.__path__, "openapi_client."): importlib.import_module(m.name)\n';
    await exec(python, ['-c', code], { cwd: dir, env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' } });
  }, 180_000);

  withToolchain('go', 'go (go vet)', async () => {
    await exec('go', ['vet', './...'], { cwd: path.join(stock, 'go'), env: languages.go.toolEnv() });
  }, 300_000);

  withToolchain('java', 'java okhttp-gson (mvn compile)', async () => {
    await exec('mvn', [...languages.java.MVN, 'compile'], { cwd: path.join(stock, 'java'), env: languages.java.toolEnv() });
  }, 600_000);
});

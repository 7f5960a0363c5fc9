// Python client: OpenAPI Generator `python` (the urllib3 client of 5.0.0-beta2), run on Debian's python3.
import fs from 'node:fs';
import path from 'node:path';
import { exec, requireCommand, requireFile } from './proc.mjs';

// Debian's interpreter: another python3 earlier on PATH (pyenv) does not see Debian's python3-* packages.
export const PYTHON = '/usr/bin/python3';
export const PACKAGE = 'modelarts_client';

export function checkToolchain() {
  requireFile(PYTHON, 'python3', '/usr/bin/python3');
  for (const [mod, pkg] of [['urllib3', 'python3-urllib3'], ['dateutil', 'python3-dateutil'], ['certifi', 'python3-certifi'], ['six', 'python3-six']]) {
    requireCommand(PYTHON, ['-c', `import ${mod}`], pkg, `${PYTHON} -c "import ${mod}"`);
  }
}

export function postGenerate(dir) {
  const apis = fs.readdirSync(path.join(dir, PACKAGE, 'api')).filter((f) => f.endsWith('_api.py')).length;
  const models = fs.readdirSync(path.join(dir, PACKAGE, 'models')).filter((f) => f.endsWith('.py') && f !== '__init__.py').length;
  return `${apis} API classes, ${models} models`;
}

/** Byte-compiles the package (syntax of every generated file) and imports it. */
export async function compile({ dir }) {
  await exec(PYTHON, ['-m', 'compileall', '-q', path.join(dir, PACKAGE)]);
  await exec(PYTHON, ['-c', `import ${PACKAGE}, ${PACKAGE}.models, ${PACKAGE}.api`], { env: { ...process.env, PYTHONPATH: dir } });
}

export function run({ dir, planFile, driverDir }) {
  return exec(PYTHON, [path.join(driverDir, 'driver.py'), planFile], { env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1' }, timeoutMs: 120_000 });
}

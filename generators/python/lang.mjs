// Python: the generator's default `python` client (pydantic v2), an installable pyproject package that the
// build pip-installs (with pytest) into a virtualenv of its own; pytest runs the call plan.
import fs from 'node:fs';
import path from 'node:path';
import { exec } from '../lib/proc.mjs';

export const PACKAGE = 'modelarts_client';
const PYTHON = process.env.PYTHON ?? 'python3';
export const tools = [
  {
    cmd: PYTHON,
    args: ['-c', "import venv, pip, sys; sys.exit(tuple(map(int, pip.__version__.split('.')[:2])) < (22, 3))"],
    what: 'Python 3 with venv and pip >= 22.3 (set PYTHON to choose the interpreter)',
  },
];

/** The virtualenv the build creates next to the generated package. */
export const venvDir = (dir) => `${dir}-venv`;
export const venvPython = (dir) => path.join(venvDir(dir), 'bin', 'python');

export function summary(dir) {
  const count = (d) => fs.readdirSync(path.join(dir, PACKAGE, d)).filter((f) => f.endsWith('.py') && f !== '__init__.py').length;
  return `${count('api')} API classes, ${count('models')} models`;
}

/**
 * True when turbo can restore the virtualenv from its cache. turbo (≥ 2.9) silently turns a restore into a
 * cache miss when the outputs hold a symlink out of the repository (venv's `bin/python3` → the interpreter)
 * or a symlinked folder (venv's `lib64` → `lib`, whose files it archives twice), so every restore of this
 * task would rebuild it (vercel/turborepo#13430).
 */
function restorable(venv) {
  if (fs.lstatSync(path.join(venv, 'lib64'), { throwIfNoEntry: false })?.isSymbolicLink()) return false;
  const bin = path.join(venv, 'bin');
  return fs.readdirSync(bin).every((f) => {
    const p = path.join(bin, f);
    return !fs.lstatSync(p).isSymbolicLink() || !path.isAbsolute(fs.readlinkSync(p));
  });
}

export async function build({ dir, testDir, log }) {
  const venv = venvDir(dir);
  if (fs.existsSync(venvPython(dir)) && !restorable(venv)) fs.rmSync(venv, { recursive: true, force: true });
  if (!fs.existsSync(venvPython(dir))) {
    log(`python: creating the virtualenv ${path.basename(venv)}`);
    // Without a pip of its own: the interpreter's pip installs into it (`pip --python`), which saves
    // copying pip into every fresh virtualenv (about 4 s of CPU per clean build). --copies and no `lib64`
    // link: see restorable() (site-packages is lib/pythonX.Y/site-packages; pip creates lib64/ if needed).
    await exec(PYTHON, ['-m', 'venv', '--without-pip', '--copies', venv]);
    fs.rmSync(path.join(venv, 'lib64'), { force: true });
    if (!restorable(venv)) throw new Error(`python: ${venv} still holds a symlink turbo cannot restore`);
  }
  const pip = [PYTHON, '-m', 'pip', '--python', venvPython(dir), 'install', '-q', '--disable-pip-version-check'];
  // the package's dependencies (the generated requirements.txt) and pytest, then the package itself, which
  // pip builds from pyproject.toml (reinstalled: its version stays 0.1.0 while its code changes)
  await exec(pip[0], [...pip.slice(1), '-c', path.join(testDir, 'constraints.txt'), '-r', path.join(dir, 'requirements.txt'), 'pytest']);
  await exec(pip[0], [...pip.slice(1), '--force-reinstall', '--no-deps', dir]);
  await exec(venvPython(dir), ['-c', `import ${PACKAGE}, ${PACKAGE}.models, ${PACKAGE}.api`], { cwd: venv });
}

export function test({ dir, testDir, planFile, resultsFile }) {
  return exec(venvPython(dir), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', testDir, path.join(testDir, 'test_operations.py')], {
    cwd: venvDir(dir),
    env: { ...process.env, MODELARTS_PLAN: planFile, MODELARTS_RESULTS: resultsFile, PYTHONDONTWRITEBYTECODE: '1' },
    allowFailure: true,
  }).then((r) => ({ exitCode: r.exitCode, output: r.output }));
}

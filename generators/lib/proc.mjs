// Small process helpers shared by the language modules.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/openapi-generator.mjs';

/** Runs a command, resolving with stdout; rejects with the command, exit code and output. */
export function exec(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(stdout);
      const err = new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-6000)}${stdout.slice(-3000)}`);
      err.stdout = stdout;
      err.stderr = stderr;
      reject(err);
    });
  });
}

/** Throws `message` naming the Debian package when `file` is missing. */
export function requireFile(file, debianPackage, what = file) {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} is missing: install Debian package ${debianPackage} (scripts/system-deps.sh installs every package the project needs)`);
  }
}

/** Throws naming the Debian package when `cmd args` fails. */
export function requireCommand(cmd, args, debianPackage, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${what} failed (${r.error?.code ?? `exit ${r.status}`}): install Debian package ${debianPackage} (scripts/system-deps.sh installs every package the project needs)\n${r.stderr || ''}`);
  }
  return r.stdout;
}

/** Every file under a directory (none when it does not exist). */
export const walk = (d) => (fs.existsSync(d)
  ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
  : []);

/** sha256 over files (path + content), in a stable order. */
export function hashFiles(files) {
  const h = crypto.createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(path.relative(repoRoot, f));
    h.update('\0');
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : Buffer.alloc(0));
    h.update('\0');
  }
  return h.digest('hex');
}

// Process helpers shared by the language modules.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs a command; resolves with {exitCode, output} (stdout + stderr). Rejects when it cannot start, and,
 * unless options.allowFailure, when it exits non-zero (the message names the command and its output).
 */
export function exec(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${cmd}: ${e.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = code ?? 128;
      if (exitCode !== 0 && !options.allowFailure) {
        return reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-8000)}`));
      }
      resolve({ exitCode, output, signal });
    });
  });
}

/** The tools of a language ([{cmd, args, what}]) that do not run here, as "what (cmd: reason)". */
export function missingTools(tools) {
  return tools.flatMap(({ cmd, args, what }) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
    return r.status === 0 ? [] : [`${what} (\`${cmd} ${args.join(' ')}\`: ${r.error?.code ?? `exit ${r.status}`})`];
  });
}

/** Every file under a directory (none when it does not exist). */
export const walk = (d) => (fs.existsSync(d)
  ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
  : []);

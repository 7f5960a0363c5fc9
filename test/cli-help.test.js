// Every command-line entry point answers --help with its usage (exit 0) and refuses an unknown option by
// name (exit 2). The commands are found, not listed: every `node <file>` in a workspace's package.json
// scripts, every `bin`, and every file with a `#!` line in scripts/, bench/, generators/ and
// packages/*/{src,scripts}, so a new command is covered without touching this file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listWorkspaces } from '@modelarts-openapi/testkit/workspaces';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (f) => path.relative(root, f).split(path.sep).join('/');

function discoverClis() {
  const found = new Set();
  for (const dir of ['.', ...listWorkspaces(root)]) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    for (const script of Object.values(pkg.scripts || {})) {
      for (const m of script.matchAll(/(?:^|[\s;&|])node\s+([^\s;&|]+\.[cm]?js)\b/g)) found.add(rel(path.join(root, dir, m[1])));
    }
    const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin || {});
    for (const b of bins) found.add(rel(path.join(root, dir, b)));
  }
  const scanDirs = ['scripts', 'bench', 'generators', ...fs.readdirSync(path.join(root, 'packages')).flatMap((p) => [`packages/${p}/src`, `packages/${p}/scripts`])];
  for (const dir of scanDirs) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      if (!e.isFile() || !/\.[cm]?js$/.test(e.name)) continue;
      if (fs.readFileSync(path.join(abs, e.name), 'utf8').startsWith('#!')) found.add(`${dir}/${e.name}`);
    }
  }
  return [...found].sort();
}

const clis = discoverClis();

function run(file, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, out, err }); });
  });
}

/** Runs fn over items, two at a time (the machine has two cores; vitest runs another file beside this one). */
async function pool(items, fn, width = 2) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

describe('command-line entry points', () => {
  it('are found from package.json scripts, bins and #! lines', () => {
    expect(clis).toEqual(expect.arrayContaining([
      'packages/tooling/src/breaking-changes.mjs', 'packages/mock/src/cli.js', 'packages/spec/src/bundle.js', 'generators/generate.mjs', 'bench/run-all.mjs',
    ]));
    for (const f of clis) expect(fs.existsSync(path.join(root, f)), `${f} (named in a package.json) exists`).toBe(true);
  });

  it('print their usage on --help (exit 0) and name an unknown option (exit 2)', { timeout: 300_000 }, async () => {
    const problems = [];
    await pool(clis, async (f) => {
      const help = await run(f, ['--help']);
      if (help.code !== 0 || !/usage/i.test(help.out)) problems.push(`${f} --help: exit ${help.code ?? help.signal}, stdout ${JSON.stringify(help.out.slice(0, 120))}, stderr ${JSON.stringify(help.err.slice(0, 200))}`);
      const bad = await run(f, ['--no-such-option']);
      if (bad.code !== 2 || !bad.err.includes('--no-such-option')) problems.push(`${f} --no-such-option: exit ${bad.code ?? bad.signal}, stderr ${JSON.stringify(bad.err.slice(0, 200))}`);
    });
    expect(problems).toEqual([]);
  });
});

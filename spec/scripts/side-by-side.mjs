#!/usr/bin/env node
// Runs independent commands at the same time (e.g. the source's two linters, which are single-threaded
// and would otherwise hold up everything turbo runs after them on a 2-core machine), then prints each
// one's output in the order given and fails when any of them failed.
//
//   node scripts/side-by-side.mjs CMD [ARG...] [-- CMD [ARG...]]...
// Commands are run without a shell, from the current directory, with the current PATH (npm scripts put
// node_modules/.bin on it).
import { spawn } from 'node:child_process';

const USAGE = 'usage: node scripts/side-by-side.mjs CMD [ARG...] [-- CMD [ARG...]]...\n  runs the commands at the same time; prints their output in this order; exits 1 when any failed';
const args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h') {
  console.log(USAGE);
  process.exit(0);
}
// Everything after the first command is passed on as it is; before it, there is no option but --help.
if (!args.length || args[0].startsWith('-')) {
  console.error(`side-by-side: ${args.length ? `unknown option ${args[0]}` : 'no command'}\n${USAGE}`);
  process.exit(2);
}
const commands = [[]];
for (const a of args) {
  if (a === '--') commands.push([]);
  else commands.at(-1).push(a);
}
const runs = commands.filter((c) => c.length).map(([cmd, ...rest]) => new Promise((resolve) => {
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  child.on('error', (e) => resolve({ cmd, code: 127, out: [Buffer.from(`${cmd}: ${e.message}\n`)] }));
  child.on('close', (code, signal) => resolve({ cmd, code: code ?? 128, signal, out }));
}));
let failed = 0;
for (const r of await Promise.all(runs)) {
  process.stdout.write(Buffer.concat(r.out));
  if (r.code !== 0) {
    failed += 1;
    console.error(`side-by-side: ${r.cmd} failed (${r.signal ?? `exit ${r.code}`})`);
  }
}
process.exit(failed ? 1 : 0);

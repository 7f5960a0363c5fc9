// vitest setup file for bench/contract.mjs: a test file's CPU cost is the CPU time (user + sys) its worker
// process used while the file ran, its own and that of the children it waited for (javac, go, pytest,
// Chromium, Prism …): the difference between the file's start and end, so it holds whether a worker runs
// one file (isolated) or several in turn (isolate: false). Linux only (/proc); enabled only when
// CONTRACT_CPU_REPORT names the JSON-lines file to append to (test/vitest.config.js).
import fs from 'node:fs';
import { afterAll } from 'vitest';

const report = process.env.CONTRACT_CPU_REPORT;
const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime, stime, cutime, cstime of this process in ms (fields 14–17 of /proc/self/stat). */
function cpu() {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = f.slice(11, 15).map((x) => Number(x) * TICK_MS);
  return { self: utime + stime, children: cutime + cstime };
}

if (report) {
  // Read when the setup file runs, before the test file is imported (its module-level work counts).
  const start = cpu();
  // Registered first, so (hooks run as a stack) it runs after the file's own afterAll hooks.
  // (vitest insists that a hook's first parameter, the context, is destructured)
  afterAll(({}, file) => {
    const c = cpu();
    fs.appendFileSync(report, `${JSON.stringify({ file: file.filepath, pid: process.pid, selfMs: c.self - start.self, childrenMs: c.children - start.children })}\n`);
  });
}

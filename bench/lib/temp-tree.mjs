// Shared by the pipeline, scale and contract benchmarks: a throw-away copy of the working tree in which
// turbo can build from scratch without touching the real tree's dist/, .turbo/ cache or test artifacts,
// and a bounded process runner.
//
// The copy holds every tracked and untracked-but-not-ignored file (what `git clone` of the working tree
// would hold, uncommitted edits included), is itself a fresh git repository (turbo hashes with git, as
// in a clone), and gets a node_modules/ whose entries are symlinks to the real install — so "install"
// is excluded from every figure — except the workspace links (@modelarts-openapi/*), which point at the
// copy's own packages.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listWorkspaces } from '@modelarts-openapi/testkit/workspaces';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const quietEnv = {
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
};
export const benchEnv = () => ({ ...process.env, ...quietEnv });

function listFiles(root) {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 256 << 20 });
  return [...new Set(out.toString('utf8').split('\0').filter(Boolean))];
}

/** Mirrors `from` (a node_modules dir) into `to`: symlinks per entry, workspace links re-pointed into `tree`. */
function mirrorNodeModules(from, to, source, tree) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.name === '.vite' || entry.name === '.vite-temp' || entry.name === '.cache') continue;
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      // A scope: keep links into the source tree's workspaces pointing at the copy's workspaces.
      fs.mkdirSync(dst, { recursive: true });
      for (const inner of fs.readdirSync(src, { withFileTypes: true })) {
        const s = path.join(src, inner.name);
        const d = path.join(dst, inner.name);
        if (inner.isSymbolicLink()) {
          const real = fs.realpathSync(s);
          const rel = path.relative(source, real);
          if (!rel.startsWith('..') && !rel.split(path.sep).includes('node_modules')) {
            fs.symlinkSync(path.relative(dst, path.join(tree, rel)), d);
            continue;
          }
        }
        fs.symlinkSync(s, d);
      }
      continue;
    }
    fs.symlinkSync(src, dst);
  }
}

/**
 * Copies the working tree at `source` into a new temporary directory.
 * @param {{source?: string, prefix?: string, transform?: (dir: string) => void}} [o]
 *   `transform` runs on the copy before it is committed (the scale benchmark grows the spec there).
 * @returns {{dir: string, files: number, remove: () => void}}
 */
export function makeTempTree(o = {}) {
  const source = o.source ?? repoRoot;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.prefix ?? 'modelarts-bench-'));
  let files = 0;
  for (const rel of listFiles(source)) {
    const src = path.join(source, rel);
    let st;
    try { st = fs.lstatSync(src); } catch { continue; } // tracked but deleted in the working tree
    if (st.isDirectory()) continue; // a nested repository or submodule entry
    const dst = path.join(dir, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else fs.copyFileSync(src, dst);
    files += 1;
  }
  // node_modules of the root and of every workspace that has one (install excluded from the figures).
  const nmDirs = [path.join(source, 'node_modules')];
  for (const rel of listWorkspaces(source)) {
    const nm = path.join(source, rel, 'node_modules');
    if (fs.existsSync(nm)) nmDirs.push(nm);
  }
  for (const nm of nmDirs) mirrorNodeModules(nm, path.join(dir, path.relative(source, nm)), source, dir);
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const unregister = onInterrupt(remove);
  if (o.transform) o.transform(dir);
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost' } });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--no-verify', '--no-gpg-sign', '-m', 'benchmark copy');
  return { dir, files, remove: () => { unregister(); remove(); } };
}

/**
 * Runs a command in its own process group, killed (group-wide) when it overruns `timeoutMs`.
 * @returns {Promise<{code: number|null, signal: string|null, ms: number, out: string, timedOut: boolean}>}
 */
const active = new Set();
const cleanups = new Set();
/** Registers a clean-up (e.g. removing a temporary tree) to run if the benchmark is interrupted. */
export const onInterrupt = (fn) => { cleanups.add(fn); return () => cleanups.delete(fn); };
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    for (const pid of active) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
    for (const fn of cleanups) { try { fn(); } catch { /* best effort */ } }
    process.exit(130);
  });
}

export function runBounded(cmd, args, { cwd, timeoutMs, env, echo = false, cpu = false } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // cpu: run under bash, whose `times` reports the user+sys CPU of everything it waited for (the
    // command and the processes the command waited for): a cost figure far less sensitive than wall
    // time to whatever else the machine is doing.
    const [file, argv] = cpu ? ['bash', ['-c', '"$@"; rc=$?; echo "@@times"; times; exit $rc', 'bash', cmd, ...args]] : [cmd, args];
    const child = spawn(file, argv, { cwd, env: env ?? benchEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    active.add(child.pid);
    let out = '';
    const onData = (c) => {
      out += c;
      if (out.length > 4_000_000) out = out.slice(-2_000_000);
      if (echo) process.stderr.write(c);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* already gone */ } };
    const timer = timeoutMs ? setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 5000).unref();
    }, timeoutMs) : undefined;
    child.on('close', (code, signal) => {
      active.delete(child.pid);
      if (timer) clearTimeout(timer);
      // Leave nothing behind: anything the command left running in its group goes too.
      killGroup('SIGKILL');
      let cpuMs;
      if (cpu) {
        const i = out.lastIndexOf('@@times\n');
        if (i >= 0) {
          const lines = out.slice(i + 8).trim().split('\n');
          const t = (lines[1] || '').match(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/);
          if (t) cpuMs = (Number(t[1]) * 60 + Number(t[2]) + Number(t[3]) * 60 + Number(t[4])) * 1000;
          out = out.slice(0, i);
        }
      }
      resolve({ code, signal, ms: Number(process.hrtime.bigint() - started) / 1e6, cpuMs, out, timedOut });
    });
  });
}

/** Reads the newest turbo run summary (`--summarize`) of a tree: per-task durations. */
export function turboSummary(dir) {
  const runs = path.join(dir, '.turbo/runs');
  if (!fs.existsSync(runs)) return undefined;
  const newest = fs.readdirSync(runs).filter((f) => f.endsWith('.json'))
    .map((f) => ({ f, t: fs.statSync(path.join(runs, f)).mtimeMs })).sort((a, b) => b.t - a.t)[0];
  if (!newest) return undefined;
  const s = JSON.parse(fs.readFileSync(path.join(runs, newest.f), 'utf8'));
  const tasks = (s.tasks || []).map((t) => ({
    id: t.taskId,
    cache: t.cache?.status,
    ms: t.execution ? t.execution.endTime - t.execution.startTime : undefined,
    exitCode: t.execution?.exitCode,
  }));
  fs.rmSync(path.join(runs, newest.f));
  return { tasks, attempted: s.execution?.attempted, cached: s.execution?.cached, failed: s.execution?.failed };
}

export const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: (os.cpus()[0]?.model || 'unknown').trim(),
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
});

export const seconds = (ms) => (ms / 1000).toFixed(1);
export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** True when the module at `url` is the script node was started with. */
export const isMain = (url) => Boolean(process.argv[1]) && fs.realpathSync(fileURLToPath(url)) === fs.realpathSync(path.resolve(process.argv[1]));

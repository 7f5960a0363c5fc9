#!/usr/bin/env node
// Benchmark of the mock, side by side in one run: 100,000 requests over loopback, 50 connections, a mix of
// every operation's valid request (built from the spec like the contract tests build them), against
//   1. the mock as users run it (`modelarts-mock`: the compiled engine, Prism beside it as the fallback);
//   2. the mock with `--engine prism` (the front forwarding every valid request to Prism: the reference);
//   3. a bare Node http server answering the same requests with the same status and bodies, the floor.
// The mock runs with its CLI's heap flags (MOCK_NODE_FLAGS), and once more with Node's defaults for comparison.
// Also the start-up time (spawn of `modelarts-mock` → first 200 of a plain request, on the full spec).
// Reports throughput, p50/p99 latency, errors (goal 0) and the mock's RSS per process after warm-up and
// at the end (goal: growth < 20 %), and the engine/bare ratios (goals: throughput ≥ 0.5×, p99 ≤ 3×), taken
// as the median of interleaved rounds (engine, bare, engine, bare, …) so that other work on a shared
// machine weighs on both sides alike.
//
//   node bench/soak.mjs [--requests 100000] [--prism-requests 10000] [--connections 50] [--max-seconds 300]
//                       [--no-prism] [--no-write]
//     --prism-requests  requests of run 2 (Prism serves ~1,000/s: the full count would take minutes)
//     --max-seconds     per run; a run still going then is stopped and reported as such
//     --no-prism        skip run 2
//     --no-write        print the figures only (no bench/RESULTS.md / bench/out update)
//     --note <text>     what else ran on the machine meanwhile (recorded with the figures)
// `npm run bench:soak`. Not a test: figures depend on the machine.
import { spawn } from 'node:child_process';
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { freePort, MOCK_NODE_FLAGS } from '@modelarts-openapi/mock';
import { loadSpec, operations } from '@modelarts-openapi/spec';
import { buildUrl, headerParameters, requestBodyMedia, requestExample, TOKEN } from '@modelarts-openapi/testkit';
import { isMain, repoRoot } from './lib/temp-tree.mjs';
import { dateLine, machineLine, table, writeFigures, writeSection } from './lib/results-md.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const USAGE = `usage: node bench/soak.mjs [--requests 100000] [--prism-requests 10000] [--connections 50] [--max-seconds 300]
                         [--no-prism] [--no-write] [--note TEXT]
  The mock (compiled engine, with its heap flags and with Node's defaults), the mock with --engine prism
  and a bare Node server under the same load.
  --requests N        requests per run (default 100000)
  --prism-requests N  requests of the Prism run (default 10000 or --requests, whichever is smaller)
  --connections N     concurrent connections (default 50)
  --max-seconds N     per run; a run still going then is stopped and reported as such (default 300)
  --no-prism          skip the Prism run
  --no-write          print the figures only (no bench/RESULTS.md / bench/out update)
  --note TEXT         what else ran on the machine meanwhile (recorded with the figures)
  -h, --help          this text`;
const rawArgs = process.argv.slice(2);
// --serve-bare <answers.json> <port>: the child-process mode below (the only use of positionals).
const parsed = readArgs('soak', USAGE, {
  allowPositionals: true,
  options: {
    requests: { type: 'string' }, 'prism-requests': { type: 'string' }, connections: { type: 'string' }, 'max-seconds': { type: 'string' },
    'no-prism': { type: 'boolean' }, 'no-write': { type: 'boolean' }, note: { type: 'string' }, 'serve-bare': { type: 'string' },
  },
  check: (values, positionals) => {
    if (values['serve-bare'] === undefined && positionals.length) throw new Error(`Unexpected argument '${positionals[0]}'`);
    for (const k of ['requests', 'prism-requests', 'connections', 'max-seconds']) {
      if (values[k] !== undefined && !/^[1-9]\d*$/.test(values[k])) throw new Error(`--${k} must be a positive integer, not "${values[k]}"`);
    }
  },
});
const args = { ...parsed.values, positionals: parsed.positionals };
const num = (name, dflt) => (args[name] === undefined ? dflt : Number(args[name]));
const REQUESTS = num('requests', 100_000);
const CONNECTIONS = num('connections', 50);
const MAX_SECONDS = num('max-seconds', 300);
// What else ran on the machine meanwhile, for the record (--note "…").
const NOTE = args.note;
const PRISM_REQUESTS = num('prism-requests', Math.min(10_000, REQUESTS));
const STARTUPS = 5;
const ROUNDS = 5;
const ROUND_REQUESTS = Math.min(20_000, REQUESTS);
const GOALS = { throughputRatio: 0.5, p99Ratio: 3, startupMs: 1000, rssMiB: 150 };
// Long enough for both processes' heaps to reach their working size (Prism's alone swings by ±40 MiB
// between collections), so that start→end growth measures leaks rather than heap sizing.
const WARMUP = Math.min(10_000, Math.ceil(REQUESTS / 10));
const GOAL_RSS_GROWTH = 0.2;
const HOST = '127.0.0.1';

// ---------------------------------------------------------------------------------------------------
// Child-process mode: the bare server (node bench/soak.mjs --serve-bare <answers.json> <port>).
if (args['serve-bare'] !== undefined) {
  const answers = JSON.parse(fs.readFileSync(args['serve-bare'], 'utf8'));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answers[`${req.method} ${req.url}`];
      if (!a) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end('{"error_code":"Bare.404"}');
      }
      res.writeHead(a.status, { 'content-type': a.contentType, 'content-length': Buffer.byteLength(a.body) });
      res.end(a.body);
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(Number(args.positionals[0]), HOST, () => console.log(`bare listening on http://${HOST}:${args.positionals[0]}`));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
} else if (isMain(import.meta.url)) {
  main().catch((e) => {
    console.error(`soak: ${e.stack || e.message}`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------------

/** Starts a node script as a child and waits for `ready` on its output. */
async function startChild(script, childArgs, ready, { timeoutMs = 60_000, nodeFlags = [] } = {}) {
  const child = spawn(process.execPath, [...nodeFlags, script, ...childArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  const notes = [];
  child.stdout.on('data', (d) => {
    out = (out + d).slice(-20_000);
    for (const line of String(d).split('\n')) if (/front: /.test(line) && notes.length < 1000) notes.push(line);
  });
  child.stderr.on('data', (d) => { out = (out + d).slice(-20_000); });
  const started = Date.now();
  while (!ready.test(out)) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - started > timeoutMs) { child.kill('SIGKILL'); throw new Error(`${path.basename(script)} not ready within ${timeoutMs} ms:\n${out}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise((r) => child.once('exit', r));
  return {
    pid: child.pid,
    output: () => out,
    notes: () => notes,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** The pid and its descendants (the mock CLI and its Prism process). */
function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    let children = [];
    try {
      for (const task of fs.readdirSync(`/proc/${pids[i]}/task`)) {
        const text = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (text) children.push(...text.split(/\s+/).map(Number));
      }
    } catch {
      children = [];
    }
    pids.push(...children.filter((c) => !pids.includes(c)));
  }
  return pids;
}

/** RSS in MiB per process of the tree. */
function rss(pid) {
  const out = {};
  for (const p of processTree(pid)) {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      out[/prism-cli/.test(cmd) ? 'prism' : p === pid ? 'main' : `pid ${p}`] = kb / 1024;
    } catch { /* exited */ }
  }
  return out;
}
const total = (r) => Object.values(r).reduce((a, b) => a + b, 0);

/** CPU seconds (user + system) used so far per process of the tree, named like rss(). */
function cpu(pid) {
  const out = {};
  for (const p of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      out[/prism-cli/.test(cmd) ? 'prism' : p === pid ? 'main' : `pid ${p}`] = ticks / 100;
    } catch { /* exited */ }
  }
  return out;
}

/** The request mix: every operation's valid request, shuffled with a fixed seed, repeated. */
function requestMix(spec) {
  const reqs = operations(spec).map((o) => {
    const rb = requestBodyMedia(spec, o);
    const ex = requestExample(spec, o);
    const headers = { ...headerParameters(spec, o), 'x-auth-token': TOKEN };
    if (ex) headers['content-type'] = rb.type;
    return { operation: o.id, method: o.method.toUpperCase(), path: buildUrl(spec, o), headers, body: ex ? JSON.stringify(ex.value) : undefined };
  });
  let seed = 0x50a4;
  const random = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
  const mix = [];
  for (let round = 0; round < 4; round++) {
    const copy = [...reqs];
    for (let i = copy.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [copy[i], copy[j]] = [copy[j], copy[i]]; }
    mix.push(...copy);
  }
  return { distinct: reqs, mix };
}

function load(url, requests, amount, label) {
  return new Promise((resolve, reject) => {
    let stopped = false;
    const instance = autocannon({
      url,
      connections: CONNECTIONS,
      amount,
      timeout: 10,
      requests: requests.map(({ method, path: p, headers, body }) => ({ method, path: p, headers, body })),
    }, (err, result) => {
      clearTimeout(timer);
      if (err) return reject(err);
      resolve({ ...result, stoppedAfterMaxSeconds: stopped, errorCodes, statuses, times2xx });
    });
    const errorCodes = {};
    const statuses = {};
    // Each 2xx response's own time (ms, from hrtime): autocannon's latency histogram keeps whole
    // milliseconds, too coarse for a ratio of two p99s of a few ms each.
    const times2xx = [];
    instance.on('reqError', (e) => { const k = e.code || e.message; errorCodes[k] = (errorCodes[k] ?? 0) + 1; });
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 300) statuses[status] = (statuses[status] ?? 0) + 1;
      else if (status >= 200) times2xx.push(responseTime);
    });
    const timer = setTimeout(() => { stopped = true; instance.stop(); }, MAX_SECONDS * 1000);
    if (label) process.stdout.write(`soak: ${label}: ${amount} requests, ${CONNECTIONS} connections...\n`);
  });
}

/** The p-th percentile (nearest rank) of the times, in ms to 0.01 ms; undefined when there are none. */
function percentile(times, p) {
  if (!times.length) return undefined;
  const sorted = Float64Array.from(times).sort();
  return Number(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(2));
}

function summarise(result) {
  const sent = result.requests.sent ?? result.requests.total;
  const ok = result['2xx'];
  return {
    requests: result.requests.total,
    seconds: result.duration,
    throughput: Math.round(result.requests.total / result.duration),
    p50: percentile(result.times2xx, 50),
    p99: percentile(result.times2xx, 99),
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx + (result.resets ?? 0),
    detail: { connectionErrors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, '2xx': ok, sent, stoppedAfterMaxSeconds: result.stoppedAfterMaxSeconds, errorCodes: result.errorCodes, non2xxStatuses: result.statuses },
  };
}

/** Spawn of the CLI → first 200 of `probe` (ms), `times` times, each on a fresh process. */
async function startupTimes(probe, times) {
  const out = [];
  for (let i = 0; i < times; i++) {
    const port = await freePort(HOST);
    const t0 = performance.now();
    const child = spawn(process.execPath, [...MOCK_NODE_FLAGS, path.join(repoRoot, 'packages/mock/src/cli.js'), '--port', String(port), '--host', HOST], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`modelarts-mock exited with ${child.exitCode} during start-up`);
        if (performance.now() - t0 > 30_000) throw new Error('modelarts-mock gave no 200 within 30 s');
        const status = await new Promise((resolve) => {
          const req = http.request({ host: HOST, port, method: probe.method, path: probe.path, headers: probe.headers, agent: false }, (res) => { res.resume(); resolve(res.statusCode); });
          req.on('error', () => resolve(0));
          req.end(probe.body);
        });
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const wall = Math.round(performance.now() - t0);
      const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push(wall);
      (out.cpu ??= []).push(Math.round(((Number(fields[11]) + Number(fields[12])) / 100) * 1000));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }
  return out;
}

async function soakMock(label, cliArgs, mix, amount = REQUESTS, nodeFlags = MOCK_NODE_FLAGS) {
  const port = await freePort(HOST);
  const child = await startChild(path.join(repoRoot, 'packages/mock/src/cli.js'), ['--port', String(port), '--host', HOST, ...cliArgs], /^mock: ModelArts mock listening on/m, { nodeFlags });
  try {
    const url = `http://${HOST}:${port}`;
    const idle = rss(child.pid);
    const warm = await load(url, mix, WARMUP);
    // The reference (Prism) may time out under load; that is a figure of its run, not a reason to stop.
    if (label.includes('--engine prism') && (warm.non2xx || warm.errors)) console.log(`soak: ${label}: warm-up had ${warm.non2xx} non-2xx answers and ${warm.errors} errors (${JSON.stringify(warm.errorCodes)})`);
    else if (warm.non2xx || warm.errors) throw new Error(`${label}: warm-up had ${warm.non2xx} non-2xx answers and ${warm.errors} errors: ${JSON.stringify({ codes: warm.errorCodes, statuses: warm.statuses, timeouts: warm.timeouts })}`);
    const start = rss(child.pid);
    const cpuStart = cpu(child.pid);
    const samples = [];
    const t0 = Date.now();
    const sampler = setInterval(() => samples.push({ s: Math.round((Date.now() - t0) / 1000), ...rss(child.pid) }), 1000);
    const result = await load(url, mix, amount, label);
    clearInterval(sampler);
    const end = rss(child.pid);
    const cpuEnd = cpu(child.pid);
    // CPU time per request of each process: unlike throughput, not skewed by other work on the machine.
    const cpuMsPerRequest = Object.fromEntries(Object.keys(cpuEnd).map((k) => [k, Number((((cpuEnd[k] - (cpuStart[k] ?? 0)) * 1000) / result.requests.total).toFixed(3))]));
    const totals = samples.map(({ s: _s, ...r }) => total(r)).concat(total(start), total(end));
    const peakMain = Math.max(...samples.map((x) => x.main ?? 0), start.main ?? 0, end.main ?? 0);
    const peak = Math.max(...totals);
    const low = Math.min(...totals);
    // Ten evenly spaced samples, to tell a trend from the collector's sawtooth.
    const trend = samples.length ? Array.from({ length: 10 }, (_, i) => samples[Math.min(samples.length - 1, Math.round(((i + 1) * samples.length) / 10) - 1)]) : [];
    const frontLines = child.notes();
    if (frontLines.length) {
      const reasons = {};
      for (const l of frontLines) { const k = /\(([^)]+)\), answered 502|: (\w+) from Prism, sent again/.exec(l); const key = k ? (k[1] ? `502 after ${k[1]}` : `retried after ${k[2]}`) : l; reasons[key] = (reasons[key] ?? 0) + 1; }
      console.log(`soak: ${label}: the front logged ${frontLines.length} line(s): ${JSON.stringify(reasons)}\n  ${frontLines.slice(-5).join('\n  ')}`);
    }
    // The collector's sawtooth (±20 MiB within seconds) makes one end sample a matter of phase; a leak
    // shows as the run's last third sitting above its first third, so the medians of both are compared.
    const all = samples.map(({ s: _s, ...r }) => total(r));
    const third = Math.max(1, Math.floor(all.length / 3));
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const trendGrowth = all.length >= 3 ? median(all.slice(-third)) / median(all.slice(0, third)) - 1 : total(end) / total(start) - 1;
    return { ...summarise(result), cpuMsPerRequest, rss: { idle, start, end, peak, peakMain, low, trend, growth: total(end) / total(start) - 1, trendGrowth } };
  } finally {
    await child.stop();
  }
}

export async function main() {
  const write = !args['no-write'];
  const started = new Date();
  const loadBefore = os.loadavg()[0];
  const spec = loadSpec();
  const { distinct, mix } = requestMix(spec);
  console.log(`soak: ${distinct.length} operations, ${REQUESTS} requests per run, ${CONNECTIONS} connections, at most ${MAX_SECONDS} s per run (load average ${loadBefore.toFixed(1)})`);

  // Record what the mock answers to each request (status, content type, body) for the bare server, and
  // check that every request of the mix is a success.
  const answers = {};
  {
    const port = await freePort(HOST);
    const mock = await startChild(path.join(repoRoot, 'packages/mock/src/cli.js'), ['--port', String(port), '--host', HOST], /^mock: ModelArts mock listening on/m);
    try {
      for (const r of distinct) {
        const res = await fetch(`http://${HOST}:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
        const body = await res.text();
        if (res.status >= 300) throw new Error(`${r.operation}: the mix's request got ${res.status} ${body.slice(0, 200)}`);
        answers[`${r.method} ${r.path}`] = { status: res.status, contentType: res.headers.get('content-type') || 'application/json', body };
      }
    } finally {
      await mock.stop();
    }
  }

  const probe = distinct.find((r) => r.operation === 'listTrainingJobs') ?? distinct.find((r) => r.method === 'GET');
  const startups = await startupTimes(probe, STARTUPS);
  console.log(`soak: start-up (spawn → first 200 of ${probe.method} ${probe.path}): ${startups.join(', ')} ms; CPU time of the mock process until then: ${startups.cpu.join(', ')} ms`);
  const runs = {};
  const rounds = [];
  runs.mock = await soakMock('mock (compiled engine)', [], mix);
  // The same with Node's default heap sizing, to show what the CLI's heap flags cost and save.
  runs.defaultHeap = await soakMock("mock (compiled engine), Node's default heap sizing", [], mix, REQUESTS, []);
  if (!args['no-prism']) runs.prism = await soakMock('mock --engine prism (front + Prism)', ['--engine', 'prism'], mix, PRISM_REQUESTS);
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
    const file = path.join(dir, 'answers.json');
    fs.writeFileSync(file, JSON.stringify(answers));
    const port = await freePort(HOST);
    const bare = await startChild(path.join(repoRoot, 'bench/soak.mjs'), ['--serve-bare', file, String(port)], /bare listening/);
    try {
      const url = `http://${HOST}:${port}`;
      await load(url, mix, WARMUP);
      runs.bare = { ...summarise(await load(url, mix, REQUESTS, 'bare Node http server')), rss: undefined };
      // Interleaved rounds, engine then bare server, both running: other work on a shared machine comes
      // and goes within a minute, and a ratio of two runs minutes apart measures that, not the mock.
      const mockPort = await freePort(HOST);
      const mockChild = await startChild(path.join(repoRoot, 'packages/mock/src/cli.js'), ['--port', String(mockPort), '--host', HOST], /^mock: ModelArts mock listening on/m, { nodeFlags: MOCK_NODE_FLAGS });
      try {
        const mockUrl = `http://${HOST}:${mockPort}`;
        await load(mockUrl, mix, WARMUP);
        process.stdout.write(`soak: ${ROUNDS} interleaved rounds of ${ROUND_REQUESTS} requests, engine then bare server...\n`);
        for (let i = 0; i < ROUNDS; i++) {
          const e = summarise(await load(mockUrl, mix, ROUND_REQUESTS));
          const b = summarise(await load(url, mix, ROUND_REQUESTS));
          rounds.push({ engine: e, bare: b, throughputRatio: e.throughput / b.throughput, p99Ratio: e.p99 / Math.max(b.p99, 0.01) });
        }
      } finally {
        await mockChild.stop();
      }
    } finally {
      await bare.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const loadAfter = os.loadavg()[0];
  const m = runs.mock;
  const mb = (x) => Number(x.toFixed(1));
  // The engine process's highest RSS sample of a run (the sampler's peak and both end points).
  const peakMainRss = (run) => Math.max(run.rss.peakMain ?? 0, run.rss.start.main ?? 0, run.rss.end.main ?? 0);
  const maxRss = peakMainRss(m);
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const throughputRatio = med(rounds.map((r) => r.throughputRatio));
  const p99Ratio = med(rounds.map((r) => r.p99Ratio));
  // The median of the fresh starts: one start can land on a burst of other work on a shared machine
  // (all three are listed with the figures).
  const startup = [...startups].sort((a, b) => a - b)[Math.floor(startups.length / 2)];
  const figures = [
    { label: 'mock throughput (100k run)', value: m.throughput, unit: 'req/s' },
    { label: 'mock latency p50', value: m.p50, unit: 'ms' },
    { label: 'mock latency p99', value: m.p99, unit: 'ms' },
    { label: `mock / bare Node server throughput (median of ${ROUNDS} interleaved rounds)`, value: Number(throughputRatio.toFixed(3)), unit: '×', goal: `≥ ${GOALS.throughputRatio}`, ok: throughputRatio >= GOALS.throughputRatio },
    { label: `mock / bare Node server p99 latency (median of ${ROUNDS} interleaved rounds)`, value: Number(p99Ratio.toFixed(2)), unit: '×', goal: `≤ ${GOALS.p99Ratio}`, ok: p99Ratio <= GOALS.p99Ratio },
    { label: `mock start-up (spawn → first 200, median of ${STARTUPS}: ${startups.join(', ')} ms)`, value: startup, unit: 'ms', goal: `≤ ${GOALS.startupMs}`, ok: startup <= GOALS.startupMs },
    { label: `mock start-up CPU time (mock process, worst of ${STARTUPS})`, value: Math.max(...startups.cpu), unit: 'ms' },
    { label: 'mock errors (connection errors, timeouts, non-2xx)', value: m.errors, unit: '', goal: '0', ok: m.errors === 0 },
    { label: 'mock RSS, engine process, peak', value: mb(maxRss), unit: 'MiB', goal: `≤ ${GOALS.rssMiB}`, ok: maxRss <= GOALS.rssMiB },
    { label: 'mock RSS after warm-up (engine process; Prism not started)', value: mb(total(m.rss.start)), unit: 'MiB' },
    { label: 'mock RSS at the end (engine process; Prism not started)', value: mb(total(m.rss.end)), unit: 'MiB' },
    { label: 'mock RSS growth (median of the last third of the run vs the first third)', value: Number((m.rss.trendGrowth * 100).toFixed(1)), unit: '%', goal: `< ${GOAL_RSS_GROWTH * 100} %`, ok: m.rss.trendGrowth < GOAL_RSS_GROWTH },
    { label: 'mock RSS, end of the run vs after warm-up (one sample each)', value: Number((m.rss.growth * 100).toFixed(1)), unit: '%' },
  ];
  if (runs.prism) figures.push({ label: 'mock / mock --engine prism throughput', value: Number((m.throughput / runs.prism.throughput).toFixed(1)), unit: '×' });
  figures.push({ label: `CPU per request: mock (engine process, ${MOCK_NODE_FLAGS.join(' ')})`, value: m.cpuMsPerRequest.main, unit: 'ms' });
  const d = runs.defaultHeap;
  if (d) {
    figures.push(
      { label: "CPU per request: mock with Node's default heap sizing (same run)", value: d.cpuMsPerRequest.main, unit: 'ms' },
      { label: "mock RSS peak with Node's default heap sizing (same run)", value: mb(peakMainRss(d)), unit: 'MiB' },
      { label: "mock RSS growth with Node's default heap sizing (same measure)", value: Number((d.rss.trendGrowth * 100).toFixed(1)), unit: '%' },
    );
  }
  if (runs.prism) figures.push({ label: 'CPU per request: mock --engine prism (front + Prism)', value: Number(((runs.prism.cpuMsPerRequest.main ?? 0) + (runs.prism.cpuMsPerRequest.prism ?? 0)).toFixed(3)), unit: 'ms' });
  const stoppedEarly = Object.entries(runs).filter(([, r]) => r.detail.stoppedAfterMaxSeconds).map(([k]) => k);

  const rows = Object.entries(runs).map(([k, r]) => [
    { mock: `mock (compiled engine; ${MOCK_NODE_FLAGS.join(' ')})`, defaultHeap: "mock (compiled engine; Node's default heap sizing)", prism: 'mock --engine prism (front + Prism)', bare: 'bare Node http server, same bodies' }[k],
    r.requests, r.seconds, r.throughput, r.p50, r.p99, r.max, r.errors,
    r.rss ? `${mb(total(r.rss.start))} → ${mb(total(r.rss.end))} (${r.rss.growth >= 0 ? '+' : ''}${(r.rss.growth * 100).toFixed(1)} %)` : '—',
  ]);
  const head = ['target', 'requests', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'RSS MiB after warm-up → end'];
  console.log(table(head, rows));
  for (const [i, r] of rounds.entries()) console.log(`soak: round ${i + 1}: engine ${r.engine.throughput} req/s p99 ${r.engine.p99} ms, bare ${r.bare.throughput} req/s p99 ${r.bare.p99} ms: ${r.throughputRatio.toFixed(2)}× / ${r.p99Ratio.toFixed(2)}×`);
  for (const f of figures) console.log(`soak: ${f.label}: ${f.value} ${f.unit}${f.goal ? ` (goal ${f.goal}: ${f.ok ? 'met' : 'NOT met'})` : ''}`);
  console.log(`soak: CPU ms per request by process: ${Object.entries(runs).filter(([, r]) => r.cpuMsPerRequest).map(([k, r]) => `${k} ${JSON.stringify(r.cpuMsPerRequest)}`).join('; ')}`);
  for (const [k, r] of Object.entries(runs)) if (r.errors) console.log(`soak: ${k} errors: ${JSON.stringify({ codes: r.detail.errorCodes, statuses: r.detail.non2xxStatuses, timeouts: r.detail.timeouts })}`);
  if (stoppedEarly.length) console.log(`soak: stopped after ${MAX_SECONDS} s: ${stoppedEarly.join(', ')}`);
  if (!write) return { runs, figures };

  const command = `node bench/soak.mjs${rawArgs.filter((a) => a !== '--no-write').length ? ` ${rawArgs.join(' ')}` : ''}`;
  writeFigures('soak', { command, figures, extra: { runs, operations: distinct.length, loadAverage: { start: loadBefore, end: loadAfter } } });
  const procs = (r) => Object.entries(r).map(([k, v]) => `${k} ${mb(v)}`).join(', ');
  writeSection('soak', `## Mock: throughput, start-up and soak (${REQUESTS.toLocaleString('en')} requests, ${CONNECTIONS} connections)

- **Machine:** ${machineLine()}
- **Date:** ${dateLine(started)}
- **Command:** \`npm run bench:soak\` (\`${command}\`): loopback only; autocannon ${CONNECTIONS} connections, ${REQUESTS.toLocaleString('en')}
  requests per target (${PRISM_REQUESTS.toLocaleString('en')} for \`--engine prism\`) after a ${WARMUP.toLocaleString('en')}-request warm-up, cycling through every operation's valid request
  (${distinct.length} operations, shuffled with a fixed seed); p50/p99 are nearest-rank percentiles of every 2xx response's own time
  (autocannon's \`response\` event, fractions of a millisecond kept), max is autocannon's; each target runs in its own process, autocannon in the
  benchmark's process (all on the same ${os.cpus().length} cores). The bare server answers each request with the status, content
  type and body the mock gave it. Start-up: spawn of \`modelarts-mock\` → first 200 of \`${probe.method} ${probe.path}\`,
  ${STARTUPS} fresh processes: ${startups.join(', ')} ms wall; CPU time (user + system) of the mock process until then:
  ${startups.cpu.join(', ')} ms (the part of start-up that does not depend on other work on the machine).
- **Machine load:** 1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (on ${os.cpus().length} cores: anything
  above ${os.cpus().length} means other work competed for the CPU, and throughput/latency figures are pessimistic).${NOTE ? `\n- **Also running:** ${NOTE}` : ''}${stoppedEarly.length ? `\n- **Stopped after ${MAX_SECONDS} s:** ${stoppedEarly.join(', ')}` : ''}

${table(head, rows)}

Interleaved rounds (engine, then bare server, ${ROUND_REQUESTS.toLocaleString('en')} requests each; the ratios above are their medians):

${table(['round', 'engine req/s', 'bare req/s', 'ratio', 'engine p99 ms', 'bare p99 ms', 'ratio'], rounds.map((r, i) => [i + 1, r.engine.throughput, r.bare.throughput, r.throughputRatio.toFixed(2), r.engine.p99, r.bare.p99, r.p99Ratio.toFixed(2)]))}

${table(['figure', 'value', 'goal', 'status'], figures.map((f) => [f.label, `${f.value} ${f.unit}`.trim(), f.goal ?? '—', f.goal ? (f.ok ? 'met' : '**not met**') : '—']))}

RSS of the mock per process (MiB; \`main\` = the mock CLI with the engine; Prism starts only when a request needs it, which none of the mix does) — idle: ${procs(m.rss.idle)};
after warm-up: ${procs(m.rss.start)}; end: ${procs(m.rss.end)}; total during the run between ${mb(m.rss.low)} and ${mb(m.rss.peak)}.
Sampled at each tenth of the run: ${m.rss.trend.map((x) => `${x.s} s ${mb(total({ main: x.main ?? 0, prism: x.prism ?? 0 }))}`).join(', ')}.
`);
  console.log('soak: bench/RESULTS.md and bench/out/soak.json updated');
  return { runs, figures };
}

// The mock is one supervised unit: however the CLI ends, no Prism engine or temp folder outlives it, an
// engine that dies on its own ends the CLI with status 1 and a log line, and a port another process takes
// before Prism binds it costs a retry, not the mock.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startMock } from '@modelarts-openapi/mock';
import { loadSpec } from '@modelarts-openapi/spec';
import { binPath, cutToPaths } from '@modelarts-openapi/testkit';

const cli = binPath('@modelarts-openapi/mock', 'modelarts-mock');
const started = [];

// Supervision does not depend on the spec's size, but Prism's start-up does (seconds at 305 operations,
// once per mock here): every mock below serves the bundle cut to the two paths the requests use.
const full = loadSpec();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'supervision-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const specFile = path.join(tmp, 'openapi.json');
fs.writeFileSync(specFile, JSON.stringify(cutToPaths(full, ['/v1/{project_id}/training-jobs', '/v1/{project_id}/training-job-configs/{config_name}'])));

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const until = async (fn, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

/** Starts the CLI; resolves once it listens, with its engine's PID and snapshot folder. */
async function startCli(extra = []) {
  // Port 0: the CLI binds a port the system picks and names it (a port found free here could be taken first).
  const child = spawn(process.execPath, [cli, '--port', '0', '--spec', specFile, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  expect(await until(() => /mock: ModelArts mock listening on/.test(out), 30_000), out).toBe(true);
  const port = Number(/mock: ModelArts mock listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)[1]);
  // The compiled engine starts Prism on the first request it forwards: one that only Prism serves.
  await fetch(`http://127.0.0.1:${port}/v1/p/training-jobs`, { headers: { 'X-Auth-Token': 't', Prefer: 'dynamic=true' }, signal: AbortSignal.timeout(60_000) }).then((r) => r.text());
  // The engine is the CLI's child; its command line names the snapshot folder.
  const engine = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).find((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(child.pid);
    } catch {
      return false;
    }
  });
  const cmdline = fs.readFileSync(`/proc/${engine}/cmdline`, 'utf8').split('\0');
  const snapshotDir = cmdline[cmdline.findIndex((a) => a.endsWith('engine.js')) + 1];
  expect(fs.existsSync(snapshotDir)).toBe(true);
  return { child, port, engine, snapshotDir, exited, output: () => out };
}

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe.skipIf(process.platform !== 'linux')('modelarts-mock as one unit', () => {
  it.each(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP'])('after %s of the CLI, no engine process and no temp folder remain', async (signal) => {
    const m = await startCli();
    m.child.kill(signal);
    const { code } = await m.exited;
    if (signal !== 'SIGKILL') expect(code).toBe(0);
    expect(await until(() => !alive(m.engine)), `engine ${m.engine} still runs`).toBe(true);
    expect(await until(() => !fs.existsSync(m.snapshotDir)), `${m.snapshotDir} still exists`).toBe(true);
  });

  it('exits 1 with the reason when its engine is killed, and leaves nothing behind', async () => {
    const m = await startCli();
    process.kill(m.engine, 'SIGKILL');
    const { code } = await m.exited;
    expect(code).toBe(1);
    expect(m.output()).toMatch(/Prism engine exited unexpectedly \(signal SIGKILL\)/);
    expect(fs.existsSync(m.snapshotDir)).toBe(false);
  });

  it('with --no-validate (bare Prism), a request that crashes Prism ends the CLI with status 1 instead of a mock answering 502 forever', async () => {
    const m = await startCli(['--no-validate']);
    await fetch(`http://127.0.0.1:${m.port}/v1/p/training-job-configs/%zz`).catch(() => {});
    const { code } = await m.exited;
    expect(code).toBe(1);
    expect(m.output()).toMatch(/engine exited unexpectedly/);
    expect(fs.existsSync(m.snapshotDir)).toBe(false);
  });

  it('startMock: an engine death stops the front (no 502 forever) and resolves engineDied', async () => {
    const mock = await startMock({ spec: specFile, prism: 'background' });
    await mock.prismReady();
    process.kill(mock.prismPid, 'SIGKILL');
    const died = await mock.engineDied;
    expect(died.reason).toMatch(/signal SIGKILL/);
    await expect(fetch(mock.url)).rejects.toThrow();
    expect(fs.existsSync(mock.snapshotDir)).toBe(false);
  });

  it('a port taken between freePort() and Prism\'s bind: Prism starts again on another (Prism engine and bare Prism)', async () => {
    // Any process may bind a port freePort() found free before Prism does (an outgoing connection can get
    // it as its local port). Here the first freePort() answers a port that is held open.
    const holder = net.createServer();
    await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = holder.address().port;
    try {
      for (const options of [{ engine: 'prism' }, { validate: false }]) {
        const logs = [];
        const restore = firstFreePortAnswers(taken);
        let mock;
        try {
          mock = await startMock({ spec: specFile, ...options, log: (l) => logs.push(l) });
        } finally {
          restore();
        }
        try {
          expect(logs, JSON.stringify(options)).toContain(`mock: port ${taken} was taken before Prism could listen on it; trying another`);
          expect(new URL(mock.prismUrl).port).not.toBe(String(taken));
          expect((await fetch(`${mock.url}/v1/p/training-jobs`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
        } finally {
          await mock.stop();
        }
        expect(fs.existsSync(mock.snapshotDir)).toBe(false);
      }
    } finally {
      holder.close();
    }
  });

  it('startMock without a port does not depend on freePort() (the front binds a port the system picks)', async () => {
    const holder = net.createServer();
    await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const restore = everyFreePortAnswers(holder.address().port);
    let mock;
    try {
      mock = await startMock({ spec: specFile });
    } finally {
      restore();
      holder.close();
    }
    try {
      expect((await fetch(`${mock.url}/v1/p/training-jobs`, { headers: { 'X-Auth-Token': 't' } })).status).toBe(200);
    } finally {
      await mock.stop();
    }
  });

  it('a usage error exits 2 with the reason', async () => {
    const child = spawn(process.execPath, [cli, '--max-clock-skew', 'soon'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--max-clock-skew: "soon" is not a duration/);
  });
});

/** Makes freePort() (net.createServer().listen(0)) answer `port` for its next `times` calls; returns the undo. */
function freePortAnswers(port, times) {
  const real = net.createServer;
  let left = times;
  net.createServer = (...args) => {
    const server = real(...args);
    if (left-- > 0) {
      const address = server.address.bind(server);
      server.address = () => ({ ...address(), port });
    }
    return server;
  };
  return () => { net.createServer = real; };
}
const firstFreePortAnswers = (port) => freePortAnswers(port, 1);
const everyFreePortAnswers = (port) => freePortAnswers(port, Infinity);

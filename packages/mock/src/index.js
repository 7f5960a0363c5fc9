// Start and stop the mock of the bundled spec. Used by `npm start`, the contract tests, the other-language
// client tests and the benchmarks, so all of them run the mock the same way.
// By default the front (./front.js) answers by itself: it rejects unauthenticated and invalid requests with
// the operation's documented 401/400 format (explained), and serves the spec's examples from bytes prepared
// per operation; Prism runs beside it as the reference and the fallback for what the engine does not serve.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createFront } from './front.js';

export { MOCK_NODE_FLAGS } from './node-flags.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const defaultSpec = path.resolve(here, '../../spec/dist/openapi.json');

/** A free TCP port on the loopback interface. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function prismBin() {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  return path.join(path.dirname(pkg), 'dist/index.js');
}

/**
 * The spec as an object, and its text when that can serve as the snapshot as it is. A self-contained
 * OpenAPI 3.0 JSON bundle (the usual case) is read directly; anything else (YAML, external $refs, a
 * broken file) goes through the spec package's loader, which bundles or explains what is wrong.
 */
async function readSpec(file) {
  if (/\.json$/i.test(file)) {
    const text = fs.readFileSync(file, 'utf8');
    let doc;
    try { doc = JSON.parse(text); } catch { doc = undefined; }
    if (doc && /^3\.0\./.test(String(doc.openapi)) && !/"\$ref"\s*:\s*"(?!#)/.test(text)) return { doc, text };
  }
  const { loadSpecForValidation } = await import('@modelarts-openapi/spec/validate-examples');
  return { doc: loadSpecForValidation(file).spec };
}

/**
 * Starts `prism mock` on (a snapshot of) the bundle, behind the validating front unless `validate: false`.
 * @param {{port?: number, host?: string, spec?: string, proxy?: string, errors?: boolean, dynamic?: boolean,
 *          validate?: boolean, auth?: boolean, credentials?: Record<string, string>, maxClockSkewMs?: number,
 *          lenient?: boolean, engine?: 'compiled'|'prism', warm?: 'wait'|'background', prism?: 'lazy'|'background', latency?: string|{min: number, max: number},
 *          faults?: string|{status: number|'reset', rate: number}[], seed?: number, retryAfter?: number,
 *          log?: (line: string) => void, timeoutMs?: number}} [options]
 *   `proxy`: run `prism proxy` against this upstream instead (validating proxy mode; no front); `errors`
 *     (default true) passes `--errors`, so violations replace the upstream's answer with a Prism error.
 *   `validate` (default true, mock mode only): put the validating front before Prism. `false` = bare Prism.
 *   `auth` (default true): the front requires credentials where the spec does (X-Auth-Token, or an
 *     `Authorization: SDK-HMAC-SHA256 …` header with X-Sdk-Date); `credentials` ({AK: SK}) also
 *     verifies signatures, X-Sdk-Content-Sha256 against the body, and that X-Sdk-Date is at most
 *     `maxClockSkewMs` (default 15 min) away from now.
 *   `lenient`: unknown request body properties are listed in `sl-violations` (severity Warning) and the
 *     request is answered as if they were not there, instead of the 400.
 *   `engine` (default 'compiled'): the front answers valid requests from the spec's examples itself and
 *     forwards only the rest (`Prefer: dynamic=true`, …) to Prism; 'prism': every valid request goes to
 *     Prism (started and waited for at start). `prism` (compiled engine only): 'lazy' (default) starts
 *     Prism on the first request that needs it; 'background' starts it at once without waiting.
 *   `warm` ('wait' by default): resolve once every validator is compiled (about a second); 'background':
 *     resolve as soon as the mock listens, compiling meanwhile (the CLI's choice: start-up ≤ 1 s).
 *   `latency` ("20-200" ms), `faults` ("429=5%,503=1%,reset=1%"), `seed` (default 1), `retryAfter`
 *     (seconds, default 1, sent on 429/503): misbehaviour on purpose, see ./faults.js. Per request,
 *     `Prefer: delay=<ms>` delays the answer.
 * @returns {Promise<{url: string, port: number, host: string, stop: () => Promise<void>, output: () => string,
 *          prismUrl: string|undefined, prismPid: number|undefined, snapshotDir: string,
 *          engineDied: Promise<{code: number|null, signal: string|null, reason: string}>}>}
 *   `engineDied` resolves (after stopping the front) only if the Prism engine ends without stop().
 */
export async function startMock(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const front = !options.proxy && options.validate !== false;
  // Without a front, Prism listens on the public port; with one, the front does (on a free port the
  // system gives it when none is asked for) and Prism gets a free port of its own when it starts.
  let publicPort = options.port || 0;
  let port;
  const spec = options.spec ?? defaultSpec;
  if (!fs.existsSync(spec)) throw new Error(`${spec} does not exist: run "npx turbo run build --filter=@modelarts-openapi/spec" first`);
  // Parse before spawning, so a broken spec fails here with a readable message. Prism then serves a
  // snapshot of it: Prism watches its document and restarts (refusing connections meanwhile) whenever the
  // file changes, e.g. when the bundle is rebuilt during a test run; a mock must not change under its
  // clients (restart it to serve a new spec).
  const { doc, text } = await readSpec(spec);
  const snapshotText = text ?? JSON.stringify(doc);
  let snapshotDir;
  /** A new temp folder with the snapshot (an engine removes its folder when it exits). */
  const writeSnapshot = () => {
    snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelarts-mock-'));
    fs.writeFileSync(path.join(snapshotDir, 'openapi.json'), snapshotText);
  };
  writeSnapshot();
  const prismArgs = (p) => {
    const snapshot = path.join(snapshotDir, 'openapi.json');
    return options.proxy
      ? ['proxy', snapshot, options.proxy, ...(options.errors === false ? [] : ['--errors']), '-h', host, '-p', String(p)]
      : ['mock', snapshot, '-h', host, '-p', String(p), ...(options.dynamic ? ['--dynamic'] : [])];
  };
  const compiled = front && options.engine !== 'prism';
  // The compiled engine answers without Prism: Prism starts on the first request that needs it (lazy,
  // the default: start-up and memory are the engine's alone) or at once without being waited for
  // ('background'). Otherwise the mock is Prism, and starts with it.
  const prismMode = compiled ? (options.prism ?? 'lazy') : 'now';
  if (!['lazy', 'background', 'now'].includes(prismMode)) throw new Error(`startMock: prism must be 'lazy' or 'background', not ${prismMode}`);

  let child;
  let exited;
  let prismListening;
  let stopping = false;
  let server;
  let output = '';
  let died;
  // Resolves only when the engine ends without stop(): the mock cannot answer any more.
  const engineDied = new Promise((resolve) => { died = resolve; });
  // If this process exits without stop() (process.exit, an uncaught error), take the engine along now.
  const onProcessExit = () => {
    child?.kill('SIGKILL');
    fs.rmSync(snapshotDir, { recursive: true, force: true });
  };
  process.on('exit', onProcessExit);
  const onData = (chunk) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 1_000_000) output = output.slice(-500_000);
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  const timeoutMs = options.timeoutMs ?? 30000;

  /** Starts the Prism engine (once); resolves with its URL when it listens. */
  const launch = () => {
    if (prismListening) return prismListening;
    prismListening = listeningPrism();
    // Started with the mock ('now'), a Prism that cannot start fails startMock. Started later, it stops the
    // mock (no 502 forever for what only Prism answers).
    prismListening.catch(async (e) => {
      if (stopping || prismMode === 'now') return;
      const why = `the Prism engine did not start (${String(e.message).split('\n')[0]})`;
      options.log?.(`mock: ${why}; the mock stops`);
      await stop();
      died({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null, reason: why });
    });
    return prismListening;
  };
  // A free port is only free until somebody binds it: another process may take it between freePort() and
  // Prism's bind (any outgoing connection can get it as its local port). Prism then exits before it listens,
  // and it is started again on another free port — unless the caller chose the port.
  const PORT_ATTEMPTS = 3;
  const callersPort = front ? undefined : options.port || undefined; // Prism listens on the port asked for
  const listeningPrism = async () => {
    for (let attempt = 1; ; attempt++) {
      const chosen = callersPort ?? (await freePort(host));
      if (!front) publicPort = chosen;
      try {
        await spawnPrism(chosen);
        port = chosen;
        return `http://${host}:${chosen}`;
      } catch (e) {
        if (!e.portTaken || attempt === PORT_ATTEMPTS || callersPort) throw e;
        options.log?.(`mock: port ${chosen} was taken before Prism could listen on it; trying another`);
        writeSnapshot();
      }
    }
  };
  /** Spawns Prism on `p`; resolves when it listens, rejects (portTaken when the port was in use) if it exits first. */
  const spawnPrism = (p) => {
    if (stopping) return Promise.reject(new Error('the mock is stopping'));
    // The engine (./engine.js) runs Prism and exits, removing the snapshot, when this process ends in any
    // way (its stdin is a pipe from here); an engine that dies on its own stops this mock (engineDied).
    child = spawn(process.execPath, [path.join(here, 'engine.js'), snapshotDir, prismBin(), ...prismArgs(p)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    child.stdin.on('error', () => {});
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const proc = child;
    let mine = ''; // this process's output (a stream of the one before may still deliver a last chunk)
    const own = (chunk) => { if (mine.length < 100_000) mine += chunk; };
    proc.stdout.on('data', own);
    proc.stderr.on('data', own);
    let listening = false;
    exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    exited.then(async ({ code, signal }) => {
      if (stopping || !listening) return; // one that never listened is the start's failure, reported there
      const why = `the Prism engine exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      options.log?.(`mock: ${why}; the mock stops`);
      await stop();
      died({ code, signal, reason: why });
    });
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (/Prism is listening/.test(mine)) {
          listening = true;
          return resolve();
        }
        if (proc.exitCode !== null || proc.signalCode !== null) {
          return reject(Object.assign(new Error(`prism exited with ${proc.exitCode ?? proc.signalCode} before listening:\n${mine}`), { portTaken: /EADDRINUSE/.test(mine) }));
        }
        if (Date.now() - started > timeoutMs) {
          proc.kill('SIGKILL');
          return reject(new Error(`prism did not listen within ${timeoutMs} ms:\n${mine}`));
        }
        setTimeout(check, 25);
      };
      check();
    });
  };

  const stopPrism = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(snapshotDir, { recursive: true, force: true });
    process.off('exit', onProcessExit);
  };
  const stop = async () => {
    stopping = true;
    if (server) {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      server = undefined;
    }
    await stopPrism();
  };

  try {
    if (prismMode === 'now') await launch();
    else if (prismMode === 'background') launch();
    if (front) {
      server = createFront(doc, {
        engine: compiled ? 'compiled' : 'prism', ready: launch,
        auth: options.auth, credentials: options.credentials, maxClockSkewMs: options.maxClockSkewMs, lenient: options.lenient,
        latency: options.latency, faults: options.faults, seed: options.seed, retryAfter: options.retryAfter, log: options.log,
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(publicPort, host, () => { server.off('error', reject); resolve(); });
      });
      publicPort = server.address().port;
      // Validators compile right after listening; unless told to answer at once (the CLI), wait for
      // them, so that no caller's first requests compete with the compilation.
      if (options.warm !== 'background') await server.warmed;
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: `http://${host}:${publicPort}`, port: publicPort, host, stop, output: () => output, engineDied,
    /** The temp folder of the snapshot Prism serves (a new one if Prism had to be started again). */
    get snapshotDir() { return snapshotDir; },
    /** Prism's URL (undefined while a lazy Prism has not been needed). */
    get prismUrl() { return port && `http://${host}:${port}`; },
    /** The Prism engine's process ID (undefined while a lazy Prism has not been needed). */
    get prismPid() { return child?.pid; },
    /** Starts Prism if it has not started; resolves once it listens. */
    prismReady: launch,
    forwarded: () => server?.forwarded() ?? 0,
    engine: compiled ? 'compiled' : front ? 'prism' : 'bare',
  };
}

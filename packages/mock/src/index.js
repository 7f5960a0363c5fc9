// Start and stop the Prism mock of the bundled spec. Used by `npm start`, the contract tests, the
// other-language client tests and the benchmarks, so all of them run the mock the same way.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

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
 * Starts `prism mock` on the bundle.
 * @param {{port?: number, host?: string, spec?: string, proxy?: string, dynamic?: boolean,
 *          log?: (line: string) => void, timeoutMs?: number}} [options]
 *   `proxy`: run `prism proxy` against this upstream instead (validating proxy mode).
 * @returns {Promise<{url: string, port: number, host: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startMock(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const spec = options.spec ?? defaultSpec;
  const args = options.proxy
    ? ['proxy', spec, options.proxy, '--errors', '-h', host, '-p', String(port)]
    : ['mock', spec, '-h', host, '-p', String(port), ...(options.dynamic ? ['--dynamic'] : [])];
  const child = spawn(process.execPath, [prismBin(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 1_000_000) output = output.slice(-500_000);
    if (options.log) for (const line of text.split('\n')) if (line.trim()) options.log(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.timeoutMs ?? 30000;
  const started = Date.now();
  try {
    await new Promise((resolve, reject) => {
      const check = () => {
        if (/Prism is listening/.test(output)) return resolve();
        if (child.exitCode !== null) return reject(new Error(`prism exited with ${child.exitCode} before listening:\n${output}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`prism did not listen within ${timeoutMs} ms:\n${output}`));
        setTimeout(check, 50);
      };
      check();
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://${host}:${port}`, port, host, stop, output: () => output };
}

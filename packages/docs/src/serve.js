// A small static server for the built docs (dist/), on loopback by default. Used by `npm start`, the
// browser test and the benchmark. Files are read once and kept in memory (gzip-compressed on demand).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/**
 * Serves the built docs.
 * @param {{port?: number, host?: string, root?: string, allowNonLoopback?: boolean}} [o]
 *   port 0 (default) picks a free port; host defaults to 127.0.0.1.
 * @returns {Promise<{url: string, port: number, host: string, stop: () => Promise<void>}>}
 */
export async function serveDocs(o = {}) {
  const host = o.host || '127.0.0.1';
  if (!LOOPBACK.test(host) && !o.allowNonLoopback) throw new Error(`serveDocs: "${host}" is not a loopback address (pass allowNonLoopback to override)`);
  const root = path.resolve(o.root || distDir);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new Error(`${path.join(root, 'index.html')} does not exist: run "npx turbo run build --filter=@modelarts-openapi/docs" first`);
  }
  const cache = new Map();
  const load = (file) => {
    if (!cache.has(file)) {
      const body = fs.readFileSync(file);
      cache.set(file, { body, gzip: body.length > 1024 ? zlib.gzipSync(body, { level: 6 }) : undefined });
    }
    return cache.get(file);
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    // Redoc routes by URL path (/tag/..., /operation/...): unknown extension-less paths get the page.
    if (!fs.existsSync(file) && !path.extname(pathname)) file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const { body, gzip } = load(file);
    const useGzip = gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const headers = {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': (useGzip ? gzip : body).length,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    };
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : useGzip ? gzip : body);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    host,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

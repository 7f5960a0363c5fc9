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

// The page is self-contained (inline script and styles, images as data: URLs, Redoc's search worker from a
// blob:); nothing else may load, and no other site may frame it.
export const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// The "Try it" console exists to send requests to a server the reader picks (the local mock, a regional
// endpoint): it may connect to any http(s) origin; everything else stays as strict as the other pages.
export const CONSOLE_HEADERS = {
  ...SECURITY_HEADERS,
  'Content-Security-Policy': SECURITY_HEADERS['Content-Security-Policy'].replace("connect-src 'self'", "connect-src 'self' http: https:"),
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
  if (!fs.existsSync(path.join(o.root || distDir, 'index.html'))) {
    throw new Error(`${path.join(path.resolve(o.root || distDir), 'index.html')} does not exist: run "npx turbo run build --filter=@modelarts-openapi/docs" first`);
  }
  // The real folder: a file is served only if its real path (symlinks followed) lies inside it.
  const root = fs.realpathSync(path.resolve(o.root || distDir));
  const inside = (file) => file === root || file.startsWith(root + path.sep);
  const cache = new Map();
  /**
   * The file's content, or undefined when it is not a regular file inside the root. Opened without
   * blocking and checked on the open descriptor: a FIFO or device is never read, and a file swapped
   * after the check is not either.
   */
  const load = (candidate) => {
    let real;
    try {
      real = fs.realpathSync(candidate);
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
      throw e;
    }
    if (!inside(real)) return undefined;
    if (cache.has(real)) return cache.get(real);
    const fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      if (!fs.fstatSync(fd).isFile()) return undefined;
      const body = fs.readFileSync(fd);
      const entry = { body, gzip: body.length > 1024 ? zlib.gzipSync(body, { level: 6 }) : undefined };
      cache.set(real, entry);
      return entry;
    } finally {
      fs.closeSync(fd);
    }
  };
  const isDirectory = (file) => {
    try {
      return fs.statSync(file).isDirectory();
    } catch {
      return false;
    }
  };
  const plain = (res, status, text) => res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end(text ? `${text}\n` : undefined);

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      // A file-system error (permissions, I/O) is this request's 500, never the server's end.
      if (!res.headersSent) plain(res, 500, `cannot read the file (${e.code ?? 'error'})`);
      else res.destroy();
    }
  });
  server.on('clientError', (e, socket) => socket.destroy());

  function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      plain(res, 400, 'bad request');
      return;
    }
    if (pathname.includes('\0')) {
      plain(res, 400, 'bad request');
      return;
    }
    let file = path.resolve(root, `.${pathname}`);
    if (!inside(file)) {
      plain(res, 403, 'forbidden');
      return;
    }
    if (isDirectory(file)) file = path.join(file, 'index.html');
    let entry = load(file);
    // Redoc routes by URL path (/tag/..., /operation/...): unknown extension-less paths get the page.
    if (!entry && !path.extname(pathname) && !fs.existsSync(file)) {
      file = path.join(root, 'index.html');
      entry = load(file);
    }
    if (!entry) {
      plain(res, 404, 'not found');
      return;
    }
    const { body, gzip } = entry;
    const useGzip = gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const headers = {
      ...(path.basename(file) === 'console.html' ? CONSOLE_HEADERS : SECURITY_HEADERS),
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Content-Length': (useGzip ? gzip : body).length,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    };
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : useGzip ? gzip : body);
  }

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

// The docs server with a crafted root: nothing outside the root is served, nothing blocks it, no file-system
// error ends it, and every answer carries the browser protections.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs } from '@modelarts-openapi/docs';

const SECRET = 'secret outside the docs root';
let dir;
let root;
let server;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-robust-'));
  root = path.join(dir, 'root');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>docs</title>');
  fs.writeFileSync(path.join(root, 'sub', 'inside.txt'), 'inside');
  fs.writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  fs.mkdirSync(path.join(dir, 'private'));
  fs.writeFileSync(path.join(dir, 'private', 'key.txt'), SECRET);
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'leak.txt'));
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'leak'));
  fs.symlinkSync(path.join(dir, 'private'), path.join(root, 'private'));
  fs.symlinkSync(path.join(root, 'sub', 'inside.txt'), path.join(root, 'alias.txt'));
  fs.symlinkSync('loop-b', path.join(root, 'loop-a.txt'));
  fs.symlinkSync('loop-a.txt', path.join(root, 'loop-b'));
  fs.symlinkSync(path.join(dir, 'gone.txt'), path.join(root, 'dangling.txt'));
  execFileSync('mkfifo', [path.join(root, 'fifo.txt')]);
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  fs.mkdirSync(path.join(root, 'dir.html'));
  const sock = net.createServer().listen(path.join(root, 'socket.txt'));
  await new Promise((resolve) => sock.on('listening', resolve));
  sock.close();
  server = await serveDocs({ root });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (p, init) => {
  const r = await fetch(`${server.url}${p}`, { ...init, signal: AbortSignal.timeout(5000) });
  return { status: r.status, text: await r.text(), headers: r.headers };
};

describe('serveDocs with a crafted root', () => {
  it.each(['leak.txt', 'leak', 'private/key.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'sub/..%2f..%2fsecret.txt'])('does not serve %s from outside the root', async (p) => {
    const r = await get(p);
    expect(r.text).not.toContain(SECRET);
    expect(r.status === 404 || r.status === 403 || (r.status === 200 && /<title>docs/.test(r.text))).toBe(true);
  });

  it.each(['fifo.txt', 'fifo', 'socket.txt', 'dir.html', 'loop-a.txt', 'dangling.txt'])('answers %s at once, without reading it', async (p) => {
    const r = await get(p);
    expect([404, 500]).toContain(r.status);
  });

  it('still serves files and in-root symlinks afterwards', async () => {
    expect((await get('sub/inside.txt')).text).toBe('inside');
    expect((await get('alias.txt')).text).toBe('inside');
    expect((await get('')).status).toBe(200);
  });

  it('a file-system error is a 500 for that request, not the end of the server', async () => {
    // A path component that is a file (ENOTDIR) and a name too long for the file system (ENAMETOOLONG).
    for (const p of ['sub/inside.txt/x.txt', `${'a'.repeat(300)}.txt`, `${'a/'.repeat(2000)}x.txt`]) {
      const r = await get(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
    }
    expect((await get('sub/inside.txt')).status).toBe(200);
  });

  it.each([['GET', ''], ['GET', 'missing.txt'], ['POST', ''], ['GET', '%zz']])('%s /%s carries CSP, X-Frame-Options and nosniff', async (method, p) => {
    const r = await get(p, { method });
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

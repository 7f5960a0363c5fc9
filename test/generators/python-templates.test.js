// The fixes in generators/templates/python, proven on a minimal description (fixtures/) against a
// loopback server that records what the generated client sends: boolean query/header values as
// true/false (not Python's True/False), patterns with quotes and backslashes that compile and validate,
// and an operation with its own servers that gets its server variables substituted and obeys `_host`.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, buildRoot, workRoot } from '@modelarts-openapi/generators';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures/python-template-fixes.yaml');
let client;
let server;
let baseUrl;
const seen = [];

beforeAll(async () => {
  client = await buildClient('python', {
    input: fixture,
    output: path.join(buildRoot, '.fixtures/python'),
    work: path.join(workRoot, 'fixture-python'),
    log: (s) => console.log(`[python fixture] ${s}`),
  });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'say "hi" \\ o\'k' }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
}, 300_000);

afterAll(async () => {
  if (server) await new Promise((resolve) => server.close(resolve));
});

const run = async (calls) => (await client.run({ baseUrl, token: 'fixture-token', calls })).results;

describe('generators/templates/python', () => {
  it('sends boolean query and header values as true/false', async () => {
    seen.length = 0;
    const [r] = await run([{ id: 'bool', operationId: 'listThings', pathParams: [{ name: 'project_id', value: 'p1' }], params: { verbose: true, 'X-Dry-Run': false } }]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0].url, baseUrl);
    expect(url.pathname).toBe('/v1/p1/things');
    expect(url.searchParams.get('verbose')).toBe('true');
    expect(seen[0].headers['x-dry-run']).toBe('false');
    expect(seen[0].headers['x-auth-token']).toBe('fixture-token');
    expect(r.value).toEqual({ name: 'say "hi" \\ o\'k' });
  });

  it('validates a parameter pattern holding quotes on the client side', async () => {
    seen.length = 0;
    const [good, bad] = await run([
      { id: 'good', operationId: 'listThings', pathParams: [{ name: 'project_id', value: 'p1' }], params: { verbose: false, quoted: 'plain' } },
      { id: 'bad', operationId: 'listThings', pathParams: [{ name: 'project_id', value: 'p1' }], params: { verbose: false, quoted: 'it\'s' } },
    ]);
    expect(good.ok, JSON.stringify(good)).toBe(true);
    expect(bad.ok).toBe(false);
    expect(bad.errorType).toBe('modelarts_client.exceptions.ApiValueError');
    expect(bad.message).toContain('must conform to the pattern');
    expect(seen).toHaveLength(1);
  });

  it('validates a model pattern holding quotes and backslashes', async () => {
    seen.length = 0;
    const [ok, bad] = await run([
      { id: 'ok', operationId: 'createToken', ownServers: true, pathParams: [], params: {}, body: { name: 'say "hi" \\ o\'k.' } },
      { id: 'bad', operationId: 'createToken', ownServers: true, pathParams: [], params: {}, body: { name: 'no <tags>' } },
    ]);
    expect(ok.ok, JSON.stringify(ok)).toBe(true);
    expect(JSON.parse(seen[0].body)).toEqual({ name: 'say "hi" \\ o\'k.' });
    expect(bad.ok).toBe(false);
    expect(bad.errorType).toBe('builtins.ValueError');
    expect(seen).toHaveLength(1);
  });

  it('an operation with its own servers substitutes their variables and obeys _host', async () => {
    const source = fs.readFileSync(path.join(client.dir, 'modelarts_client/api/things_api.py'), 'utf8');
    expect(source).toContain("'https://iam.{region}.example.invalid'.replace('{region}', 'r1')");
    seen.length = 0;
    const [r] = await run([{ id: 'token', operationId: 'createToken', ownServers: true, pathParams: [], params: {}, body: { name: 'n' } }]);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /v3/auth/tokens']);
  });
});

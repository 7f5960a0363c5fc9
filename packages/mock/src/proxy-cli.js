#!/usr/bin/env node
// modelarts-contract-proxy --upstream <url> [--port 4011] [--host 127.0.0.1] [--spec file] [--strict]
//                          [--report file.json] [--quiet] [--run "<command>"]
// Checks a live implementation against the spec: point clients at the proxy; every request/response that
// violates the spec is printed as it happens, and a summary grouped by operation at the end.
import { spawn } from 'node:child_process';
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { formatExchange, formatSummary, startContractProxy } from './proxy.js';

const usage = `usage: modelarts-contract-proxy --upstream <url> [options]

  --upstream <url>   the implementation to check (required), e.g. https://modelarts.cn-north-4.myhuaweicloud.com
  --port <n>         port to listen on (default 4011; 0 = any free port)
  --host <h>         address to listen on (default 127.0.0.1)
  --spec <file>      OpenAPI description (default: the bundle of @modelarts-openapi/spec)
  --strict           Prism --errors: refuse invalid requests (422) and replace violating responses with a
                     500 problem+json, instead of passing the upstream's answer through
  --upstream-timeout <ms>  how long the upstream may take for one answer, headers and body (default
                     30000); a slower answer becomes a 504 and is reported as unreachable
  --report <file>    write the report as JSON when the proxy stops
  --quiet            print only violations (default: every exchange)
  --run "<command>"  run this shell command with MODELARTS_ENDPOINT (and MODELARTS_PROXY_URL) set to the
                     proxy, then stop; the exit status is the command's, or 1 if it passed but some
                     exchange violated the spec
Without --run the proxy serves until interrupted (Ctrl-C) and then exits 1 if any exchange violated the spec.`;

const { values: opts } = readArgs('contract proxy', usage, {
  options: {
    upstream: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, spec: { type: 'string' }, report: { type: 'string' },
    run: { type: 'string' }, 'upstream-timeout': { type: 'string' }, strict: { type: 'boolean' }, quiet: { type: 'boolean' },
  },
});
if (opts['upstream-timeout'] !== undefined && !(Number(opts['upstream-timeout']) > 0)) {
  console.error(`--upstream-timeout needs a positive number of milliseconds\n\n${usage}`);
  process.exit(2);
}
if (!opts.upstream) {
  console.error(`--upstream is required\n\n${usage}`);
  process.exit(2);
}

let proxy;
try {
  proxy = await startContractProxy({
    upstream: opts.upstream,
    spec: opts.spec,
    host: opts.host ?? '127.0.0.1',
    port: opts.port !== undefined ? Number(opts.port) || undefined : 4011,
    strict: opts.strict === true,
    upstreamTimeoutMs: opts['upstream-timeout'] !== undefined ? Number(opts['upstream-timeout']) : undefined,
    onExchange: (x) => {
      if (x.violations.length || !opts.quiet) console.log(formatExchange(x));
    },
  });
} catch (e) {
  console.error(`contract proxy: ${e.message}`);
  process.exit(2);
}
console.log(`contract proxy: ${proxy.url} -> ${opts.upstream}${opts.strict ? ' (strict)' : ''}`);

let finishing = false;
async function finish(commandCode) {
  if (finishing) return;
  finishing = true;
  await proxy.stop();
  const report = proxy.report();
  console.log(formatSummary(report));
  if (opts.report) {
    fs.mkdirSync(path.dirname(path.resolve(opts.report)), { recursive: true });
    fs.writeFileSync(opts.report, `${JSON.stringify({ generatedAt: new Date().toISOString(), ...report }, null, 2)}\n`);
    console.log(`contract proxy: report written to ${opts.report}`);
  }
  process.exit(commandCode || (report.violating ? 1 : 0));
}

if (opts.run) {
  const child = spawn(opts.run, { shell: true, stdio: 'inherit', env: { ...process.env, MODELARTS_ENDPOINT: proxy.url, MODELARTS_PROXY_URL: proxy.url } });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => finish(code ?? (signal ? 1 : 0)));
} else {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(0));
}

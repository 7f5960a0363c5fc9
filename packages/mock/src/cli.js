#!/usr/bin/env node
// modelarts-mock [--port N] [--host H] [--spec file] [--proxy upstream-url] [--no-validate] [--no-auth]
//                [--credentials AK:SK[,AK2:SK2]] [--max-clock-skew 15m] [--lenient]
// Serves the ModelArts mock until interrupted. For checking a live implementation with a report, use
// modelarts-contract-proxy (src/proxy-cli.js) rather than --proxy.
import { startMock } from './index.js';

const usage = `usage: modelarts-mock [--port 4010] [--host 127.0.0.1] [--spec packages/spec/dist/openapi.json] [--proxy <upstream url>]
                     [--no-validate] [--no-auth] [--credentials AK:SK[,AK2:SK2]] [--max-clock-skew 15m] [--lenient]

  --no-validate     bare Prism, without the validating front (which answers invalid requests and missing or
                    malformed credentials with the operation's documented 400/401)
  --no-auth         keep validating requests, but do not require credentials
  --credentials     verify SDK-HMAC-SHA256 signatures made with these access/secret keys, the
                    X-Sdk-Content-Sha256 header against the body, and the X-Sdk-Date window (default: only
                    the signature's format is checked)
  --max-clock-skew  with --credentials: how far X-Sdk-Date may be from the mock's clock: seconds, or a
                    number with s, m or h (default 15m, as the API gateway)
  --lenient         unknown request body properties are reported in the sl-violations header (severity
                    Warning) but the request still gets its 2xx, instead of the documented 400

Exit status: 0 after SIGINT/SIGTERM, 1 if the mock's Prism engine stops on its own (the reason is logged),
2 on a usage error.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const fail = (message) => {
  console.error(`modelarts-mock: ${message}\n\n${usage}`);
  process.exit(2);
};
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && (i + 1 >= args.length || args[i + 1].startsWith('--'))) fail(`--${name} needs a value`);
  return i >= 0 ? args[i + 1] : (process.env[`MOCK_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
};

/** Milliseconds of "900", "900s", "15m", "1h". */
function duration(text) {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(String(text).trim());
  if (!m) fail(`--max-clock-skew: "${text}" is not a duration (e.g. 900, 900s, 15m, 1h)`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's'];
}

function credentials(text) {
  if (!text) return undefined;
  const map = new Map();
  for (const pair of text.split(',')) {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1) fail('--credentials takes AK:SK pairs separated by commas');
    map.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return map;
}

// Handlers first: a signal that arrives while starting, or right after the "listening" line, still
// stops the mock cleanly.
let mock;
let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await mock?.stop();
  process.exit(0);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, shutdown);

mock = await startMock({
  port: Number(opt('port', 4010)),
  host: opt('host', '127.0.0.1'),
  spec: opt('spec', undefined),
  proxy: opt('proxy', undefined),
  validate: !args.includes('--no-validate'),
  auth: !args.includes('--no-auth'),
  credentials: credentials(opt('credentials', undefined)),
  maxClockSkewMs: duration(opt('max-clock-skew', '15m')),
  lenient: args.includes('--lenient'),
  log: (line) => process.stdout.write(`[prism] ${line}\n`),
}).catch((e) => {
  console.error(`modelarts-mock: ${e.message}`);
  process.exit(1);
});
if (stopping) {
  await mock.stop();
  process.exit(0);
}
mock.engineDied.then(({ reason }) => {
  console.error(`mock: ${reason}; exiting with status 1`);
  process.exit(1);
});
console.log(`mock: ModelArts mock listening on ${mock.url}`);

#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=100
// modelarts-mock: serves the ModelArts mock until interrupted (see --help). For checking a live
// implementation with a report, use modelarts-contract-proxy (src/proxy-cli.js) rather than --proxy.
import { readArgs } from '@modelarts-openapi/spec/cli';
import { parseFaults, parseLatency } from './faults.js';
import { startMock } from './index.js';

const usage = `usage: modelarts-mock [options]

  --port <n>             port (default 4010; env MOCK_PORT; 0: one the system picks, named in the listening line)
  --host <h>             interface (default 127.0.0.1; env MOCK_HOST)
  --spec <file>          the bundled spec (default packages/spec/dist/openapi.json)
  --engine <e>           compiled (default): the mock answers valid requests from the spec's examples itself,
                         and forwards the rest (Prefer: dynamic=true, …) to Prism, started when first needed;
                         prism: every valid request goes to Prism (slower; the reference behaviour)
  --no-validate          bare Prism, without the front (no credential checks, no validation, no engine)
  --no-auth              keep validating requests, but do not require credentials
  --credentials <list>   AK:SK[,AK2:SK2]: verify SDK-HMAC-SHA256 signatures made with these keys, the
                         X-Sdk-Content-Sha256 header against the body, and the X-Sdk-Date window (default:
                         only the signature's format is checked)
  --max-clock-skew <d>   with --credentials: how far X-Sdk-Date may be from the mock's clock: seconds, or a
                         number with s, m or h (default 15m, as the API gateway)
  --lenient              unknown request body properties are reported in the sl-violations header (severity
                         Warning) but the request still gets its 2xx, instead of the documented 400
  --latency <min>-<max>  delay every answer by a random time in this range (ms), e.g. 20-200
  --faults <list>        answer a random share of requests with an error instead: 429=5%,503=1%,reset=0.5%
                         (reset drops the connection); 429 and 503 carry Retry-After
  --retry-after <s>      the Retry-After of injected 429/503 (default 1)
  --seed <n>             seed of --latency and --faults, so a run repeats exactly (default 1)
  --proxy <url>          run Prism as a validating proxy of this upstream instead of a mock
  -h, --help             this text

Per request: Prefer: code=<status>, example=<name> (as Prism), dynamic=true (goes to Prism), delay=<ms>.
A refused request gets the operation's documented error format naming the problem, e.g.
{"error_code":"ModelArts.0104","error_msg":"body.config: required"}, and the violations in sl-violations.

Exit status: 0 after SIGINT/SIGTERM, 1 if the mock's Prism engine stops on its own (the reason is logged),
2 on a usage error.`;

const fail = (message) => {
  console.error(`modelarts-mock: ${message}\n\n${usage}`);
  process.exit(2);
};

const { values } = readArgs('modelarts-mock', usage, {
  options: {
    port: { type: 'string' }, host: { type: 'string' }, spec: { type: 'string' }, proxy: { type: 'string' },
    engine: { type: 'string' }, 'no-validate': { type: 'boolean' }, 'no-auth': { type: 'boolean' },
    credentials: { type: 'string' }, 'max-clock-skew': { type: 'string' }, lenient: { type: 'boolean' },
    latency: { type: 'string' }, faults: { type: 'string' }, 'retry-after': { type: 'string' }, seed: { type: 'string' },
  },
});
const opt = (name, fallback) => values[name] ?? process.env[`MOCK_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;

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

const integer = (name, text) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) fail(`--${name}: "${text}" is not a whole number`);
  return Number(text);
};
const parsed = (fn, text) => {
  if (text === undefined) return undefined;
  try { return fn(text); } catch (e) { return fail(e.message); }
};

const engine = opt('engine', 'compiled');
if (!['compiled', 'prism'].includes(engine)) fail(`--engine: "${engine}" is not compiled or prism`);
const settings = {
  port: integer('port', opt('port', '4010')),
  host: opt('host', '127.0.0.1'),
  spec: opt('spec', undefined),
  proxy: opt('proxy', undefined),
  engine,
  // Listen at once; validators compile in the background (start-up: spawn → first 200 ≤ 1 s).
  warm: 'background',
  validate: !values['no-validate'],
  auth: !values['no-auth'],
  credentials: credentials(opt('credentials', undefined)),
  maxClockSkewMs: duration(opt('max-clock-skew', '15m')),
  lenient: Boolean(values.lenient),
  latency: parsed(parseLatency, opt('latency', undefined)),
  faults: parsed(parseFaults, opt('faults', undefined)),
  retryAfter: integer('retry-after', opt('retry-after', undefined)),
  seed: integer('seed', opt('seed', undefined)),
  log: (line) => process.stdout.write(`[prism] ${line}\n`),
};

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

mock = await startMock(settings).catch((e) => {
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
console.log(`mock: ModelArts mock listening on ${mock.url} (engine: ${mock.engine})`);

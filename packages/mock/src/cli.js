#!/usr/bin/env node
// modelarts-mock [--port N] [--host H] [--spec file] [--proxy upstream-url] [--no-validate] [--no-auth]
//                [--credentials AK:SK[,AK2:SK2]]
// Serves the ModelArts mock until interrupted. For checking a live implementation with a report, use
// modelarts-contract-proxy (src/proxy-cli.js) rather than --proxy.
import { startMock } from './index.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : (process.env[`MOCK_${name.toUpperCase()}`] ?? fallback);
};
if (args.includes('--help')) {
  console.log(`usage: modelarts-mock [--port 4010] [--host 127.0.0.1] [--spec packages/spec/dist/openapi.json] [--proxy <upstream url>]
                     [--no-validate] [--no-auth] [--credentials AK:SK[,AK2:SK2]]

  --no-validate   bare Prism, without the validating front (which answers invalid requests and missing or
                  malformed credentials with the operation's documented 400/401)
  --no-auth       keep validating requests, but do not require credentials
  --credentials   verify SDK-HMAC-SHA256 signatures made with these access/secret keys (default: only the
                  signature's format is checked)`);
  process.exit(0);
}
const mock = await startMock({
  port: Number(opt('port', 4010)),
  host: opt('host', '127.0.0.1'),
  spec: opt('spec', undefined),
  proxy: opt('proxy', undefined),
  validate: !args.includes('--no-validate'),
  auth: !args.includes('--no-auth'),
  credentials: opt('credentials', undefined) && Object.fromEntries(opt('credentials').split(',').map((pair) => pair.split(':'))),
  log: (line) => process.stdout.write(`[prism] ${line}\n`),
});
console.log(`mock: ModelArts mock listening on ${mock.url}`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => mock.stop().then(() => process.exit(0)));

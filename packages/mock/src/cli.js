#!/usr/bin/env node
// modelarts-mock [--port N] [--host H] [--spec file] [--proxy upstream-url]
// Serves the ModelArts mock until interrupted.
import { startMock } from './index.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : (process.env[`MOCK_${name.toUpperCase()}`] ?? fallback);
};
if (args.includes('--help')) {
  console.log('usage: modelarts-mock [--port 4010] [--host 127.0.0.1] [--spec packages/spec/dist/openapi.json] [--proxy <upstream url>]');
  process.exit(0);
}
const mock = await startMock({
  port: Number(opt('port', 4010)),
  host: opt('host', '127.0.0.1'),
  spec: opt('spec', undefined),
  proxy: opt('proxy', undefined),
  log: (line) => process.stdout.write(`[prism] ${line}\n`),
});
console.log(`mock: ModelArts mock listening on ${mock.url}`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => mock.stop().then(() => process.exit(0)));

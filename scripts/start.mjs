#!/usr/bin/env node
// The main job after `turbo run build`: serve the mock and the docs side by side until interrupted.
// Ports: MOCK_PORT (default 4010), DOCS_PORT (default 8080); HOST (default 127.0.0.1).
import { readArgs } from '@modelarts-openapi/spec/cli';
import { startMock } from '@modelarts-openapi/mock';
import { serveDocs } from '@modelarts-openapi/docs';

const usage = 'usage: npm start   (node scripts/start.mjs, after turbo run build)\n  serves the mock and the docs side by side until interrupted\n  environment: MOCK_PORT (default 4010), DOCS_PORT (default 8080), HOST (default 127.0.0.1)';
readArgs('start', usage);

const host = process.env.HOST ?? '127.0.0.1';
const mockPort = Number(process.env.MOCK_PORT ?? 4010);
const docsPort = Number(process.env.DOCS_PORT ?? 8080);

const mock = await startMock({ host, port: mockPort });
let docs;
try {
  docs = await serveDocs({ host, port: docsPort });
} catch (e) {
  await mock.stop();
  throw e;
}
console.log('');
console.log(`  ModelArts mock  ${mock.url}   (try: curl -H 'X-Auth-Token: any' ${mock.url}/v1/my-project/training-jobs)`);
const consoleUrl = new URL('console.html', docs.url);
if (mock.url !== 'http://127.0.0.1:4010') consoleUrl.searchParams.set('mock', mock.url);
console.log(`  API docs        ${docs.url}`);
console.log(`  Try-it console  ${consoleUrl.href}   (sends requests to the mock)`);
console.log(`  Changelog       ${new URL('changelog.html', docs.url).href}`);
console.log('');
console.log('  Press Ctrl+C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([mock.stop(), docs.stop()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (process.env.START_EXIT_AFTER_MS) setTimeout(stop, Number(process.env.START_EXIT_AFTER_MS));

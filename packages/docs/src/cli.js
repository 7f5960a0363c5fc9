#!/usr/bin/env node
// modelarts-docs [--port N] [--host 127.0.0.1] [--root dir]: serves the built docs until interrupted.
import { readArgs } from '@modelarts-openapi/spec/cli';
import { serveDocs } from './serve.js';

const usage = 'usage: modelarts-docs [--port 8080] [--host 127.0.0.1] [--root packages/docs/dist]\nServes the built API docs (build them with `npm run build -w @modelarts-openapi/docs`).';
const { values } = readArgs('docs', usage, {
  options: {
    port: { type: 'string', default: process.env.DOCS_PORT || '8080' },
    host: { type: 'string', default: process.env.DOCS_HOST || '127.0.0.1' },
    root: { type: 'string' },
  },
});
try {
  const server = await serveDocs({ port: Number(values.port), host: values.host, root: values.root });
  console.log(`docs: ${server.url}`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  console.error(`docs: ${e.message}`);
  process.exit(1);
}

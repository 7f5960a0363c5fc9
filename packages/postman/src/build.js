#!/usr/bin/env node
// Writes dist/: the Postman collection, the mock environment and the .http quick-start, all from
// packages/spec/dist/openapi.json. `node src/build.js --readme` prints the README quick-start section.
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { loadSpec, operations } from '@modelarts-openapi/spec';
import { buildCollection, collectionPath, distDir, mockEnvironment, mockEnvironmentPath, quickstartHttp, quickstartHttpPath, readmeSection } from './index.js';

const usage = 'usage: node src/build.js [--readme]   (npm run build -w @modelarts-openapi/postman)\n  writes dist/: the Postman collection, the mock environment and quickstart.http, from the spec bundle\n  --readme    print the README quick-start section instead\n  -h, --help  this text';
const { values: args } = readArgs('postman', usage, { options: { readme: { type: 'boolean' } } });

const spec = loadSpec();
if (args.readme) {
  process.stdout.write(readmeSection(spec));
} else {
  const collection = await buildCollection(spec);
  const tmp = `${distDir}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, path.basename(collectionPath)), JSON.stringify(collection, null, 2) + '\n');
  fs.writeFileSync(path.join(tmp, path.basename(mockEnvironmentPath)), JSON.stringify(mockEnvironment(spec), null, 2) + '\n');
  fs.writeFileSync(path.join(tmp, path.basename(quickstartHttpPath)), quickstartHttp(spec));
  fs.rmSync(distDir, { recursive: true, force: true });
  fs.renameSync(tmp, distDir);
  const count = (items) => items.reduce((n, i) => n + (i.item ? count(i.item) : 1), 0);
  const saved = (items) => items.reduce((n, i) => n + (i.item ? saved(i.item) : (i.response || []).length), 0);
  console.log(`postman: ${count(collection.item)} requests in ${collection.item.length} folders, ${saved(collection.item)} saved responses; quickstart.http with ${operations(spec).length} requests -> packages/postman/dist/`);
}

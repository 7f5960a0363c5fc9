// Where the pinned OpenAPI Generator jar lives (openapitools.json, placed by the root postinstall).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/openapi-generator.mjs';

export function jarPath() {
  const cfg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'openapitools.json'), 'utf8'))['generator-cli'];
  const jar = path.join(repoRoot, cfg.storageDir, `${cfg.version}.jar`);
  if (!fs.existsSync(jar)) throw new Error(`OpenAPI Generator jar missing at ${path.relative(repoRoot, jar)}: run "npm ci" (its postinstall places the jar)`);
  return jar;
}

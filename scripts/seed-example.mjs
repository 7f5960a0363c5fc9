#!/usr/bin/env node
// Writes a named example file from a seed sample, so the example's value is the sample byte-for-byte as
// JSON (hand-copying large samples into YAML invites typos). Summary and description are ours.
// Usage: node scripts/seed-example.mjs <sample.json> <spec/examples/<area>/<op>/<name>.yaml> "<summary>" ["<description>"]
import fs from 'node:fs';
import { readArgs } from '@modelarts-openapi/spec/cli';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const usage = `usage: node scripts/seed-example.mjs <sample file name or path> <target.yaml> "<summary>" ["<description>"]
  writes the named example <target.yaml> (spec/examples/<area>/<operationId>/<name>.yaml) whose value is the
  seed sample (a name under ../shared/inventory/samples, or a path), with x-seed-sample naming it`;
const cli = readArgs('seed-example', usage, {
  allowPositionals: true,
  check: (_, positionals) => {
    if (positionals.length < 3 || positionals.length > 4) throw new Error(`takes 3 or 4 arguments, not ${positionals.length}`);
  },
});
const [sample, target, summary, description] = cli.positionals;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samplePath = fs.existsSync(sample) ? sample : path.join(root, '../shared/inventory/samples', sample);
const value = JSON.parse(fs.readFileSync(samplePath, 'utf8'));
const doc = { summary, ...(description ? { description } : {}), 'x-seed-sample': path.basename(samplePath), value };
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, YAML.stringify(doc, { lineWidth: 0 }));
console.log(`${target} <- ${path.basename(samplePath)}`);

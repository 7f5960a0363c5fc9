#!/usr/bin/env node
// postinstall: places the OpenAPI Generator jar pinned in openapitools.json at <storageDir>/<version>.jar,
// once; later installs find it there and do nothing. First the npm wrapper's own download (Maven Central);
// if that fails, Maven fetches the same artifact into its local repository and copies it there.
//   node packages/tooling/src/install-generator-jar.mjs [--help]
import { spawnSync } from 'node:child_process';
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import path from 'node:path';
import { generatorConfig, generatorJar, repoRoot } from './openapi-generator.mjs';

const usage = 'usage: node packages/tooling/src/install-generator-jar.mjs   (npm ci runs it)\n  places the jar of openapitools.json\'s generator-cli.version at <storageDir>/<version>.jar (wrapper download, else mvn dependency:copy)';
readArgs('install-generator-jar', usage);

const { version } = generatorConfig();
const jar = generatorJar();
const rel = path.relative(repoRoot, jar);
const log = (s) => console.log(`install-generator-jar: ${s}`);
const valid = () => fs.existsSync(jar) && fs.statSync(jar).size > 1_000_000;

if (valid()) {
  log(`${rel} up to date`);
  process.exit(0);
}

// The wrapper downloads the pinned version into storageDir on its first command; it resolves storageDir
// against $PWD/$INIT_CWD, so run it from the repository root.
const cli = path.join(repoRoot, 'node_modules/@openapitools/openapi-generator-cli/main.js');
const env = { ...process.env, PWD: repoRoot, INIT_CWD: repoRoot };
const wrapper = spawnSync(process.execPath, [cli, 'version'], { cwd: repoRoot, env, encoding: 'utf8', timeout: 300_000 });
if (wrapper.status === 0 && valid()) {
  log(`${rel} downloaded by the wrapper`);
  process.exit(0);
}
log(`the wrapper could not download ${version} (${(wrapper.stderr || wrapper.stdout || wrapper.error?.message || '').trim().split('\n').pop()}); trying Maven`);

fs.mkdirSync(path.dirname(jar), { recursive: true });
const mvn = spawnSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=org.openapitools:openapi-generator-cli:${version}:jar`, `-DoutputDirectory=${path.dirname(jar)}`], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
const copied = path.join(path.dirname(jar), `openapi-generator-cli-${version}.jar`);
if (mvn.status === 0 && fs.existsSync(copied)) {
  fs.renameSync(copied, jar);
  log(`${rel} fetched with Maven`);
  process.exit(0);
}
console.error(`install-generator-jar: could not fetch OpenAPI Generator ${version}: the wrapper failed and ${mvn.error ? `mvn is not available (${mvn.error.code})` : `mvn failed:\n${mvn.stdout}${mvn.stderr}`}`);
process.exit(1);

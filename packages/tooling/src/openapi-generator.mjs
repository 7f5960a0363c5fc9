// Runs the OpenAPI Generator version pinned in openapitools.json: its jar (placed by the root postinstall,
// packages/tooling/src/install-generator-jar.mjs, where the npm wrapper @openapitools/openapi-generator-cli expects it)
// on `java` directly. The wrapper would start two extra JVMs (`help`, `completion`) and a NestJS app before
// the real one. It always runs from the repo root; every path given to it is made absolute first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The pinned generator: openapitools.json's `generator-cli` section ({version, storageDir}). */
export function generatorConfig() {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'openapitools.json'), 'utf8'))['generator-cli'];
}

/** Where the wrapper expects the pinned jar: <storageDir>/<version>.jar (storageDir relative to the repo root). */
export function generatorJar() {
  const c = generatorConfig();
  return path.join(repoRoot, c.storageDir, `${c.version}.jar`);
}

/**
 * JVM options of short runs (a generation, a compile): the C1 JIT only, since C2's optimising compiler
 * threads cost more CPU than they save in a run of seconds (half the CPU of a generation at 305 operations),
 * and the serial GC. $JAVA_OPTS comes after them, so a user's own options win.
 */
export const SHORT_RUN_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** `java` with the pinned jar and `args`, from the repo root. */
function runJar(args) {
  const jarPath = generatorJar();
  if (!fs.existsSync(jarPath)) {
    throw new Error(`OpenAPI Generator jar missing at ${path.relative(repoRoot, jarPath)}: run "npm ci" (its postinstall places the jar)`);
  }
  const userOptions = (process.env.JAVA_OPTS || '').split(/\s+/).filter(Boolean);
  const r = spawnSync('java', [...SHORT_RUN_JVM_OPTIONS, ...userOptions, '-jar', jarPath, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`java (OpenAPI Generator): ${r.error.message}`);
  return r;
}

/**
 * @param {{generator: string, input: string, output: string, config?: string, templateDir?: string,
 *          additionalProperties?: Record<string, string|boolean>, globalProperties?: Record<string, string|boolean>,
 *          extraArgs?: string[], quiet?: boolean}} o
 *   globalProperties: `--global-property` (e.g. {apiTests: false, modelDocs: false})
 */
export function generate(o) {
  const args = ['generate', '-g', o.generator, '-i', path.resolve(o.input), '-o', path.resolve(o.output), '--skip-validate-spec'];
  if (o.config) args.push('-c', path.resolve(o.config));
  if (o.templateDir) args.push('-t', path.resolve(o.templateDir));
  const props = Object.entries(o.additionalProperties || {}).map(([k, v]) => `${k}=${v}`);
  if (props.length) args.push(`--additional-properties=${props.join(',')}`);
  const globals = Object.entries(o.globalProperties || {}).map(([k, v]) => `${k}=${v}`);
  if (globals.length) args.push(`--global-property=${globals.join(',')}`);
  args.push(...(o.extraArgs || []));
  fs.rmSync(path.resolve(o.output), { recursive: true, force: true });
  const r = runJar(args);
  const log = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0) {
    throw new Error(`openapi-generator ${o.generator} failed (exit ${r.status}):\n${log.split('\n').filter((l) => !/ INFO /.test(l)).join('\n')}`);
  }
  if (!o.quiet) {
    const warnings = log.split('\n').filter((l) => / WARN /.test(l) && !/CodegenIgnoreProcessor/.test(l));
    for (const w of warnings.slice(0, 20)) console.warn(`  ${w.trim()}`);
  }
  return log;
}

/**
 * Several generations in one generator process (`batch`: one JVM, generators run in parallel threads).
 * @param {Array<{generatorName: string, inputSpec: string, outputDir: string} & Record<string, unknown>>} configs
 *   OpenAPI Generator config objects (the keys of a `-c` file plus inputSpec/outputDir/globalProperties)
 */
export function generateBatch(configs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-generator-batch-'));
  try {
    const files = configs.map((c, i) => {
      fs.rmSync(path.resolve(c.outputDir), { recursive: true, force: true });
      const file = path.join(dir, `${i}-${c.generatorName}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...c, inputSpec: path.resolve(c.inputSpec), outputDir: path.resolve(c.outputDir) }));
      return file;
    });
    const r = runJar(['batch', '--fail-fast', ...files]);
    const log = `${r.stdout || ''}${r.stderr || ''}`;
    if (r.status !== 0 || !/\[SUCCESS\] Batch generation finished/.test(log)) {
      throw new Error(`openapi-generator batch (${configs.map((c) => c.generatorName).join(', ')}) failed (exit ${r.status}):\n${log.split('\n').filter((l) => !/ INFO /.test(l)).join('\n').slice(-8000)}`);
    }
    return log;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

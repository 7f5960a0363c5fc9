// Generates the other-language clients from the bundle with the pinned offline OpenAPI Generator, compiles
// them, and runs the per-language drivers that call a server through the generated client.
//
//   generateClient(lang)  → generators/build/<lang>          (skipped when its inputs did not change)
//   buildClient(lang)     → generate + compile + a driver     (cached the same way under build/.work/<lang>)
//   driver.run(plan)      → one result per call, decoded by the generated client and re-serialised to JSON
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { generate, repoRoot } from '../../scripts/openapi-generator.mjs';
import { hashFiles, walk } from './proc.mjs';
import * as python from './python.mjs';
import * as go from './go.mjs';
import * as java from './java.mjs';

export { repoRoot, hashFiles };
export const generatorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const buildRoot = path.join(generatorsDir, 'build');
export const workRoot = path.join(buildRoot, '.work');
export const bundleJson = path.join(repoRoot, 'packages/spec/dist/openapi.json');

/** Language modules: toolchain check, post-generation fixes, compile, run the driver. */
export const languages = { python, go, java };
export const LANGS = Object.keys(languages);
const STAMP = '.modelarts-generated.json';

export function configPath(lang) {
  return path.join(generatorsDir, `${lang}.yaml`);
}

/** The language's OpenAPI Generator config (generators/<lang>.yaml). */
export function loadConfig(lang) {
  if (!languages[lang]) throw new Error(`unknown language "${lang}"; known: ${LANGS.join(', ')}`);
  return YAML.parse(fs.readFileSync(configPath(lang), 'utf8'));
}

export function outputDir(lang) {
  return path.join(buildRoot, lang);
}

/** Everything a language's generated output depends on. */
function generationInputs(lang, input) {
  return [
    input,
    configPath(lang),
    path.join(repoRoot, 'openapitools.json'),
    path.join(repoRoot, 'scripts/openapi-generator.mjs'),
    fileURLToPath(import.meta.url),
    path.join(generatorsDir, 'lib', `${lang}.mjs`),
    ...walk(path.join(generatorsDir, 'templates', lang)),
    ...walk(path.join(generatorsDir, 'codegen', lang)),
  ];
}

/**
 * Union schemas (oneOf/anyOf without a discriminator) of the bundle. Several generators turn them into
 * empty classes (Java) or broken wrappers; languages map them to their "any JSON value" type instead.
 */
export function unionSchemas(spec) {
  return Object.entries(spec.components?.schemas || {})
    .filter(([, s]) => (s.oneOf || s.anyOf) && !s.discriminator)
    .map(([name]) => name);
}

/** type/import mappings a language derives from the bundle (see each language module's `mappings`). */
export function derivedMappings(lang, spec) {
  const m = languages[lang].mappings?.(spec, { unionSchemas: unionSchemas(spec) }) || {};
  return { typeMappings: m.typeMappings || {}, importMappings: m.importMappings || {} };
}

const kv = (o) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join(',');

function readStamp(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Generates one language into generators/build/<lang>.
 * @param {string} lang
 * @param {{force?: boolean, log?: (s: string) => void, input?: string, output?: string}} [options]
 *   force: regenerate even when up to date; input: another OpenAPI file (default: the bundle);
 *   output: another directory (default: generators/build/<lang>)
 * @returns {{lang: string, dir: string, cached: boolean, ms: number, hash: string}}
 */
export function generateClient(lang, options = {}) {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const mod = languages[lang];
  const config = loadConfig(lang);
  const dir = options.output ?? outputDir(lang);
  const input = options.input ?? bundleJson;
  if (!fs.existsSync(input)) {
    throw new Error(`${path.relative(repoRoot, input)} is missing: run "node packages/spec/src/bundle.js" (or npx turbo run build --filter=@modelarts-openapi/spec)`);
  }
  const hash = hashFiles(generationInputs(lang, input));
  if (!options.force && readStamp(dir)?.hash === hash) {
    return { lang, dir, cached: true, ms: Date.now() - started, hash };
  }
  const spec = YAML.parse(fs.readFileSync(input, 'utf8')); // JSON or YAML
  const { typeMappings, importMappings } = derivedMappings(lang, spec);
  const extraArgs = [];
  if (Object.keys(typeMappings).length) extraArgs.push(`--type-mappings=${kv(typeMappings)}`);
  if (Object.keys(importMappings).length) extraArgs.push(`--import-mappings=${kv(importMappings)}`);
  const custom = mod.customGenerator?.({ log, workRoot });
  if (custom) extraArgs.push('--custom-generator', custom);
  const templateDir = path.join(generatorsDir, 'templates', lang);
  log(`${lang}: generating ${config.generatorName}${config.library ? ` (${config.library})` : ''} from ${path.relative(repoRoot, input)}`);
  generate({
    generator: config.generatorName,
    input,
    output: dir,
    config: configPath(lang),
    templateDir: fs.existsSync(templateDir) ? templateDir : undefined,
    extraArgs,
    quiet: true,
  });
  const summary = mod.postGenerate?.(dir, { spec, config }) || '';
  fs.writeFileSync(path.join(dir, STAMP), `${JSON.stringify({ hash, generator: config.generatorName, typeMappings, importMappings }, null, 2)}\n`);
  const ms = Date.now() - started;
  log(`${lang}: generated ${path.relative(repoRoot, dir)} in ${(ms / 1000).toFixed(1)} s${summary ? ` (${summary})` : ''}`);
  return { lang, dir, cached: false, ms, hash };
}

/**
 * Generates (when needed) and compiles one language, returning a driver that runs call plans through the
 * generated client. Throws with the Debian package to install when a toolchain piece is missing.
 * Options: those of generateClient, plus work (the compile directory, default build/.work/<lang>).
 * @returns {Promise<{lang: string, dir: string, generated: object, compiled: {cached: boolean, ms: number},
 *                    run: (plan: object) => Promise<{results: object[]}>}>}
 */
export async function buildClient(lang, options = {}) {
  const log = options.log ?? (() => {});
  const mod = languages[lang];
  mod.checkToolchain();
  const generated = generateClient(lang, options);
  const work = options.work ?? path.join(workRoot, lang);
  const driverFiles = walk(path.join(generatorsDir, 'drivers', lang));
  const hash = hashFiles([path.join(generated.dir, STAMP), path.join(generatorsDir, 'lib', `${lang}.mjs`), ...driverFiles]);
  const started = Date.now();
  const cached = readStamp(work)?.hash === hash;
  if (!cached) {
    log(`${lang}: compiling the client and its driver`);
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    await mod.compile({ dir: generated.dir, work, driverDir: path.join(generatorsDir, 'drivers', lang), log });
    fs.writeFileSync(path.join(work, STAMP), `${JSON.stringify({ hash }, null, 2)}\n`);
  }
  const compiled = { cached, ms: Date.now() - started };
  if (!cached) log(`${lang}: compiled in ${(compiled.ms / 1000).toFixed(1)} s`);
  return {
    lang,
    dir: generated.dir,
    generated,
    compiled,
    run: (plan) => runPlan(mod, { dir: generated.dir, work, driverDir: path.join(generatorsDir, 'drivers', lang) }, plan),
  };
}

async function runPlan(mod, where, plan) {
  const file = path.join(where.work, `plan-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  try {
    const out = await mod.run({ ...where, planFile: file });
    try {
      return JSON.parse(out);
    } catch {
      throw new Error(`driver printed no JSON:\n${out.slice(0, 4000)}`);
    }
  } finally {
    fs.rmSync(file, { force: true });
  }
}

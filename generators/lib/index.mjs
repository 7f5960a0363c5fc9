// The other-language clients: one folder per language (generators/<lang>/: config.yaml for OpenAPI
// Generator, lang.mjs with its toolchain, build and test commands, and the test that runs a call plan).
//
//   generateClient(lang)   → generators/build/<lang>   (the generator, always from scratch: turbo caches)
//   buildClient(lang)      → the language's own build  (pip install into a venv / go vet / mvn package)
//   testClient(lang, plan) → the language's own test runner (pytest / go test / JUnit 5) runs every call of
//                            the plan through the generated client and writes one result per call
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { bundlePath } from '@modelarts-openapi/spec';
import { generateBatch, repoRoot } from '@modelarts-openapi/tooling/openapi-generator';
import { missingTools } from './proc.mjs';

export { repoRoot };
export const generatorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const buildRoot = path.join(generatorsDir, 'build');
export const bundleJson = bundlePath;

/** The languages: adding one is a folder generators/<lang>/ and its name here. */
export const LANGS = ['python', 'go', 'java'];
export const languages = Object.fromEntries(await Promise.all(LANGS.map(async (l) => [l, await import(`../${l}/lang.mjs`)])));

/** What the generator skips everywhere: the generated project's own docs and test stubs. */
export const GLOBAL_PROPERTIES = { apiTests: false, modelTests: false, apiDocs: false, modelDocs: false };

function lang$(lang) {
  if (!languages[lang]) throw new Error(`unknown language "${lang}"; known: ${LANGS.join(', ')}`);
  return languages[lang];
}

export const configPath = (lang) => path.join(generatorsDir, lang, 'config.yaml');
export const loadConfig = (lang) => YAML.parse(fs.readFileSync(configPath(lang), 'utf8'));
export const outputDir = (lang) => path.join(buildRoot, lang);

/** The tools a language needs that this machine lacks, as human-readable strings ([] when complete). */
export function toolchainProblems(lang) {
  return missingTools(lang$(lang).tools);
}

/**
 * Generates languages into generators/build/<lang> (or options.output, one language only) from the bundle
 * (or options.input), in one generator process (`batch`).
 * @returns {Array<{lang: string, dir: string, summary: string}>}
 */
export function generateClients(langs, options = {}) {
  const log = options.log ?? (() => {});
  const input = options.input ?? bundleJson;
  if (options.output && langs.length !== 1) throw new Error('options.output needs exactly one language');
  if (!fs.existsSync(input)) {
    throw new Error(`${path.relative(repoRoot, input)} is missing: run "npx turbo run build --filter=@modelarts-openapi/spec"`);
  }
  const started = Date.now();
  const jobs = langs.map((lang) => ({ lang, mod: lang$(lang), config: loadConfig(lang), dir: options.output ?? outputDir(lang) }));
  log(`generating ${jobs.map((j) => `${j.lang} (${j.config.generatorName}${j.config.library ? ` ${j.config.library}` : ''})`).join(', ')} from ${path.relative(repoRoot, input)}`);
  generateBatch(jobs.map((j) => ({ ...j.config, inputSpec: input, outputDir: j.dir, globalProperties: { ...GLOBAL_PROPERTIES, ...j.config.globalProperties } })));
  const out = jobs.map((j) => ({ lang: j.lang, dir: j.dir, summary: j.mod.summary?.(j.dir) ?? '' }));
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out.map((o) => `${o.lang} ${path.relative(repoRoot, o.dir)} (${o.summary})`).join('; ')}`);
  return out;
}

/** One language: generateClients([lang], options)[0]. */
export function generateClient(lang, options = {}) {
  return generateClients([lang], options)[0];
}

/** Builds a generated client with its own ecosystem's tools (throws naming a missing tool). */
export async function buildClient(lang, options = {}) {
  const mod = lang$(lang);
  const log = options.log ?? (() => {});
  const problems = toolchainProblems(lang);
  if (problems.length) throw new Error(`${lang}: missing ${problems.join('; ')}`);
  const dir = options.dir ?? outputDir(lang);
  const started = Date.now();
  await mod.build({ dir, testDir: path.join(generatorsDir, lang), log });
  const ms = Date.now() - started;
  log(`${lang}: built in ${(ms / 1000).toFixed(1)} s`);
  return { lang, dir, ms };
}

/**
 * Runs a call plan ({baseUrl, token, calls: [{id, operationId, pathParams, params, body?, bodyName?,
 * headers, ownServers?, anonymous? (sent without the token), expect: {ok, status}}]}) through the built
 * client with the language's test runner, in one process.
 * @returns {Promise<{exitCode: number, output: string, results: object[], ms: number}>}
 */
export async function testClient(lang, plan, options = {}) {
  const mod = lang$(lang);
  const dir = options.dir ?? outputDir(lang);
  const work = fs.mkdtempSync(path.join(buildRoot, `.run-${lang}-`));
  const planFile = path.join(work, 'plan.json');
  const resultsFile = path.join(work, 'results.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const started = Date.now();
  try {
    const { exitCode, output } = await mod.test({ dir, testDir: path.join(generatorsDir, lang), planFile, resultsFile });
    if (!fs.existsSync(resultsFile)) throw new Error(`${lang}: the test run wrote no results (exit ${exitCode}):\n${output.slice(-6000)}`);
    const { results } = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    return { exitCode, output, results, ms: Date.now() - started };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

#!/usr/bin/env node
// Builds the docs site into dist/:
//   dist/openapi.json  the bundle plus generated x-codeSamples (what the page renders; spec/ is untouched)
//   dist/index.html    Redoc (the copy shipped inside @redocly/cli), prerendered and fully inlined:
//                      no script, style, font or data is fetched from another host when it is viewed.
import { spawnSync } from 'node:child_process';
import { readArgs } from '@modelarts-openapi/spec/cli';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePath, loadSpec, operations } from '@modelarts-openapi/spec';
import { externalLoads } from './check.js';
import { buildChangelog } from './changelog.js';
import { buildConsole } from './console.js';
import { docsSpec } from './reference.js';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const distDir = path.join(pkgDir, 'dist');

/** Redoc options (Redoc 3, see `redocly build-docs --help`). */
export const REDOC_OPTIONS = {
  hideDownloadButtons: false,
  jsonSamplesExpandLevel: 'all',
  // Redoc 3 shows only the x-codeSamples whose label is in this list (its default has no TypeScript).
  codeSamples: {
    languages: [
      { lang: 'curl', label: 'curl' },
      { lang: 'TypeScript', label: 'TypeScript' },
      { lang: 'Python', label: 'Python' },
      { lang: 'Payload', label: 'Payload' },
    ],
  },
};

// The "API docs by Redoc" badge: Redoc 3 loads it from its CDN. A local SVG keeps the credit offline.
const BADGE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="52" height="16" viewBox="0 0 52 16">' +
  '<text x="0" y="12.5" font-family="Helvetica,Arial,sans-serif" font-size="13" font-weight="700" fill="#0044d4">Redoc</text></svg>';
const BADGE = `data:image/svg+xml,${encodeURIComponent(BADGE_SVG)}`;

/** Remote assets referenced by the inlined Redoc bundle, and their offline replacements. */
export const REMOTE_ASSETS = [
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', BADGE],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', BADGE],
  // Icon packs of custom sidebar icons (unused by this page): no network fallback, the icon stays blank.
  ['https://cdn.redocly.com/icons/fa/7.0.0', 'data:image/svg+xml,'],
  ['https://cdn.redocly.com/icons/code/5.24.0', 'data:image/svg+xml,'],
];

export function localizeRemoteAssets(html) {
  let out = html;
  for (const [from, to] of REMOTE_ASSETS) out = out.split(from).join(to);
  return out;
}

/** The options object the page hands to Redoc's hydrate(). */
export function redocOptions(page) {
  const m = /const __redoc_options = (.*);\s*$/m.exec(page);
  return m ? JSON.parse(m[1]) : undefined;
}

function redoclyBin() {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
}

/**
 * @param {{input?: string, outDir?: string, quiet?: boolean, basePath?: string}} [o]
 *   basePath: the URL folder the pages are served from (default "/"; DOCS_BASE_PATH)
 * @returns {{html: string, json: string, operations: number, bytes: number}}
 */
export async function buildDocs(o = {}) {
  const input = o.input || bundlePath;
  const outDir = path.resolve(o.outDir || distDir);
  const basePath = o.basePath || process.env.DOCS_BASE_PATH || '/';
  const spec = loadSpec(input);
  const enriched = docsSpec(spec, { basePath });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, 'openapi.json');
  fs.writeFileSync(json, `${JSON.stringify(enriched, null, 2)}\n`);

  const html = path.join(outDir, 'index.html');
  const cliPkg = JSON.parse(fs.readFileSync(path.join(path.dirname(redoclyBin()), '..', 'package.json'), 'utf8'));
  const args = [
    redoclyBin(),
    'build-docs',
    json,
    '--inlineBundle',
    '--output',
    html,
    '--template',
    path.join(pkgDir, 'template.hbs'),
    '--title',
    spec.info?.title || 'API reference',
    `--templateOptions.description=${(spec.info?.summary || `Reference of the ${spec.info?.title || ''} (OpenAPI ${spec.openapi}, version ${spec.info?.version}).`).replace(/"/g, "'")}`,
    `--templateOptions.redocVersion=${cliPkg.version}`,
    '--openapi',
    JSON.stringify(REDOC_OPTIONS),
    '--lint-config',
    'off',
  ];
  // REDOCLY_TELEMETRY=off: no usage report from the CLI, and the page is rendered with telemetry disabled.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const r = spawnSync(process.execPath, args, { cwd: outDir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redocly build-docs failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);

  const page = localizeRemoteAssets(fs.readFileSync(html, 'utf8'));
  fs.writeFileSync(html, page);
  const loads = externalLoads(page);
  if (loads.length) throw new Error(`dist/index.html would load from other hosts:\n  ${loads.join('\n  ')}`);
  if (redocOptions(page)?.disableTelemetry !== true) throw new Error('dist/index.html: Redoc telemetry is not disabled');
  const result = { html, json, operations: operations(enriched).length, bytes: Buffer.byteLength(page) };
  if (!o.quiet) console.log(`docs: ${path.relative(process.cwd(), html)} (${(result.bytes / 1024).toFixed(0)} KiB, ${result.operations} operations, self-contained)`);

  const consolePage = buildConsole(spec, outDir, { basePath });
  const consoleLoads = externalLoads(fs.readFileSync(consolePage.file, 'utf8'));
  if (consoleLoads.length) throw new Error(`dist/console.html would load from other hosts:\n  ${consoleLoads.join('\n  ')}`);
  if (!o.quiet) console.log(`docs: ${path.relative(process.cwd(), consolePage.file)} (${(consolePage.bytes / 1024).toFixed(0)} KiB, Swagger UI console, self-contained)`);
  if (!o.quiet) console.log('docs: comparing releases for the changelog (openapi-diff + api-smart-diff)…');
  const changelog = await buildChangelog(spec, outDir, { basePath });
  if (!o.quiet) console.log(`docs: ${path.relative(process.cwd(), changelog.file)} (${changelog.sections} section${changelog.sections === 1 ? '' : 's'})`);
  return { ...result, console: consolePage.file, changelog: changelog.file };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const usage = 'usage: node src/build.js   (npm run build -w @modelarts-openapi/docs)\n  writes dist/: the reference (index.html), the "Try it" console and the changelog, from the spec bundle';
  readArgs('docs', usage);
  try {
    await buildDocs();
  } catch (e) {
    console.error(`docs: ${e.message}`);
    process.exit(1);
  }
}

// The changelog page: what changed in the API description between releases (git tags v<version>), and what
// changed since the newest release, computed by the breaking-change tools (openapi-diff + api-smart-diff,
// @modelarts-openapi/tooling/breaking-changes) — the same diff that gates CI and writes the client's CHANGELOG.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml, htmlPage } from './html.js';
import { compareSpecs, comparedWithNothing, renderMarkdown, repoRoot, specAtRef } from '@modelarts-openapi/tooling/breaking-changes';

/** Release tags reachable from HEAD, newest first (at most `limit`). */
export function releaseTags(repo = repoRoot, limit = 10) {
  const r = spawnSync('git', ['tag', '--list', 'v[0-9]*', '--merged', 'HEAD', '--sort=-v:refname'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout.split('\n').map((t) => t.trim()).filter(Boolean).slice(0, limit);
}

function tagDate(tag, repo) {
  const r = spawnSync('git', ['log', '-1', '--format=%cs', tag], { cwd: repo, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * Markdown sections, newest first: the changes since the newest release, then each release against the one
 * before it; the oldest release (or, with no release tag, the current description) against nothing.
 */
export async function changelogSections(head, { repo = repoRoot, today = new Date().toISOString().slice(0, 10) } = {}) {
  const tags = releaseTags(repo);
  const sections = [];
  let newer = { spec: head, version: tags.length ? `Unreleased (${head.info?.version ?? ''})` : `${head.info?.version ?? 'Current'} (no release tag yet)`, date: today };
  for (const tag of tags) {
    const base = specAtRef(tag, repo);
    if (base.missing) break;
    sections.push(renderMarkdown(await compareSpecs(base.spec, newer.spec), { version: newer.version, date: newer.date, baseLabel: base.label }));
    newer = { spec: base.spec, version: tag, date: tagDate(tag, repo) };
  }
  sections.push(renderMarkdown(comparedWithNothing(newer.spec), { version: newer.version, date: newer.date }));
  return sections;
}

const inline = (s) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

/** HTML for the Markdown subset renderMarkdown writes: ## and ### headings, paragraphs, nested "- " lists. */
export function markdownToHtml(md) {
  const out = [];
  const open = []; // indentation of each open <ul>
  const closeTo = (indent) => {
    while (open.length && open.at(-1) > indent) { out.push('</li></ul>'); open.pop(); }
  };
  for (const line of md.split('\n')) {
    const item = /^(\s*)- (.*)$/.exec(line);
    if (item) {
      const indent = item[1].length;
      closeTo(indent);
      if (open.at(-1) === indent) out.push('</li>');
      else { out.push('<ul>'); open.push(indent); }
      out.push(`<li>${inline(item[2])}`);
      continue;
    }
    closeTo(-1);
    const h = /^(#{2,3}) (.*)$/.exec(line);
    if (h) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
    else if (line.trim()) out.push(`<p>${inline(line)}</p>`);
  }
  closeTo(-1);
  return out.join('\n');
}

/** Writes dist/changelog.html. @returns {{file: string, sections: number}} */
export async function buildChangelog(head, outDir, { basePath = '/', repo = repoRoot } = {}) {
  const sections = await changelogSections(head, { repo });
  const title = `${head.info?.title ?? 'API'} — changelog`;
  const html = htmlPage({
    title,
    styles: [
      `body { margin: 0 auto; max-width: 60em; padding: 0 1.5em 3em; font: 15px/1.5 system-ui, sans-serif; color: #1b1f3a; }
  nav { display: flex; gap: 1.5em; padding: .8em 0; border-bottom: 1px solid #ddd; }
  h2 { margin-top: 2em; border-bottom: 1px solid #eee; } h3 { margin-bottom: .3em; }
  code { background: #f3f4f8; padding: 0 .25em; border-radius: 3px; font-size: 90%; }
  ul { margin: .2em 0; }`,
    ],
    body: `<nav><strong>${escapeHtml(head.info?.title ?? 'API')} · changelog</strong><a href="${escapeHtml(basePath)}">Reference</a><a href="${escapeHtml(basePath)}console.html">Try it (console)</a></nav>
<h1>Changelog of the API description</h1>
<p>Each section compares the description with the release before it (git tags <code>v&lt;version&gt;</code>), using the
breaking-change tools that also gate CI (openapi-diff and api-smart-diff). Breaking changes come first.</p>
${sections.map((s) => `<section class="release">\n${markdownToHtml(s)}\n</section>`).join('\n')}`,
  });
  const file = path.join(outDir, 'changelog.html');
  fs.writeFileSync(file, html);
  return { file, sections: sections.length };
}

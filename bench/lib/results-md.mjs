// bench/RESULTS.md is shared: every benchmark owns one section between
//   <!-- bench:NAME:start --> and <!-- bench:NAME:end -->
// and rewrites only that section; everything else in the file (other benchmarks' sections, prose) is
// kept as it is. A section that does not exist yet is appended at the end of the file.
//
// Machine-readable figures go to bench/out/NAME.json (git-ignored) in the shape
//   { name, date, command, machine, figures: [{ label, value, unit?, goal?, ok? }] }
// which `npm run bench` (bench/run-all.mjs) reads to fill the summary table.
import fs from 'node:fs';
import path from 'node:path';
import { machine, repoRoot } from './temp-tree.mjs';

export const resultsPath = path.join(repoRoot, 'bench/RESULTS.md');
export const outDir = path.join(repoRoot, 'bench/out');

const HEADER = `# Benchmarks

\`npm run bench\` (\`bench/run-all.mjs\`) runs every benchmark of this folder, each bounded in time, and
fills the summary table below; each benchmark rewrites only its own section (between its
\`bench:NAME:start\` and \`bench:NAME:end\` HTML comments). Figures are from the machine named in
each section; ratios are measured in the same run as the figure they compare with.
`;

const markers = (name) => [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];

/** Replaces (or appends) the section `name` of bench/RESULTS.md with `body` (markdown, starting with its heading). */
export function writeSection(name, body, file = resultsPath) {
  const [start, end] = markers(name);
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = `${text.slice(0, i)}${block}${text.slice(j + end.length)}`;
  else text = `${text.replace(/\s*$/, '')}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/**
 * Puts the sections in `order` (names; others keep their relative order after them) below the file's
 * prose, which stays on top. Text outside any section is kept, above the sections.
 */
export function orderSections(order, file = resultsPath) {
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/<!-- bench:([\w.-]+):start -->[\s\S]*?<!-- bench:\1:end -->/g)].map((m, i) => ({ name: m[1], body: m[0], i }));
  let rest = text;
  for (const b of blocks) rest = rest.replace(b.body, '');
  const rank = (b) => (order.includes(b.name) ? order.indexOf(b.name) : order.length + b.i);
  blocks.sort((a, b) => rank(a) - rank(b));
  fs.writeFileSync(file, `${rest.replace(/\n{3,}/g, '\n\n').trim()}\n\n${blocks.map((b) => b.body).join('\n\n')}\n`);
}

/** Writes bench/out/NAME.json and returns the record. */
export function writeFigures(name, { command, figures, extra = {} }) {
  fs.mkdirSync(outDir, { recursive: true });
  const record = { name, date: new Date().toISOString(), command, machine: machine(), figures, ...extra };
  fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
  return record;
}

export function machineLine(m = machine()) {
  return `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, Node ${m.node}, ${m.platform}`;
}

export const dateLine = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** A markdown table from rows of cells. */
export function table(head, rows) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

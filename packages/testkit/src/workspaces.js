// The workspace's packages, as the root package.json's `workspaces` globs name them (tests that check every
// package or command, and the benchmarks' copies of the tree).
import fs from 'node:fs';
import path from 'node:path';

/** Workspace folders (relative) from the root package.json globs (only `dir` and `dir/*` forms). */
export function listWorkspaces(root) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const out = [];
  for (const w of pkg.workspaces || []) {
    if (w.endsWith('/*')) {
      const base = path.join(root, w.slice(0, -2));
      if (!fs.existsSync(base)) continue;
      for (const e of fs.readdirSync(base, { withFileTypes: true })) {
        if (e.isDirectory() && fs.existsSync(path.join(base, e.name, 'package.json'))) out.push(path.join(w.slice(0, -2), e.name));
      }
    } else if (fs.existsSync(path.join(root, w, 'package.json'))) out.push(w);
  }
  return out;
}

// turbo restores a task from its cache only if the task's outputs hold no symlink that leaves the repository
// and no symlinked folder. Otherwise the restore fails silently as a cache miss, and the task rebuilds on
// every restore: after the tests touch its outputs, after a branch switch (vercel/turborepo#13430). The
// generators' outputs (generators/build, turbo.json) are the ones with such links: the Python virtualenv.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRoot, repoRoot } from '@modelarts-openapi/generators';
import { walk } from '@modelarts-openapi/generators/proc';

// the folders of build/ that turbo.json leaves out of the task's outputs (`!build/<name>/**`)
const task = JSON.parse(fs.readFileSync(path.join(repoRoot, 'turbo.json'), 'utf8')).tasks['@modelarts-openapi/generators#build'];
const excluded = task.outputs.filter((o) => /^!build\/[^/]+\/\*\*$/.test(o))
  .map((o) => new RegExp(`^${o.slice('!build/'.length, -'/**'.length).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));

describe("the generators' build outputs", () => {
  it('hold no symlink that turbo could not restore (out of the folder, or to a folder)', () => {
    expect(fs.existsSync(buildRoot), `${buildRoot} is missing: run "npx turbo run build"`).toBe(true);
    const files = fs.readdirSync(buildRoot).filter((n) => !excluded.some((r) => r.test(n))).flatMap((n) => walk(path.join(buildRoot, n)));
    expect(files.length).toBeGreaterThan(1000);
    const bad = files.filter((f) => fs.lstatSync(f).isSymbolicLink()).flatMap((f) => {
      const target = fs.readlinkSync(f);
      const resolved = path.resolve(path.dirname(f), target);
      const rel = path.relative(buildRoot, f);
      if (path.isAbsolute(target) || path.relative(buildRoot, resolved).startsWith('..')) return [`${rel} -> ${target} (leaves the folder)`];
      if (fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory()) return [`${rel} -> ${target} (a folder)`];
      return [];
    });
    expect(bad).toEqual([]);
  });
});

// The mock's server process runs with the heap sizing of MOCK_NODE_FLAGS (why: packages/mock/src/node-flags.js),
// however it is started: the `modelarts-mock` bin (its shebang) and `npm start`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOCK_NODE_FLAGS } from '@modelarts-openapi/mock';

const require = createRequire(import.meta.url);
// The package's folder, from its main module (its package.json is not among its exports).
const mockDir = path.resolve(path.dirname(require.resolve('@modelarts-openapi/mock')), '..');
const cli = path.join(mockDir, JSON.parse(fs.readFileSync(path.join(mockDir, 'package.json'), 'utf8')).bin['modelarts-mock']);
const rootPackage = JSON.parse(fs.readFileSync(path.resolve(mockDir, '../../package.json'), 'utf8'));

describe('the mock process heap flags', () => {
  it('the CLI shebang passes exactly MOCK_NODE_FLAGS', () => {
    const shebang = fs.readFileSync(cli, 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${MOCK_NODE_FLAGS.join(' ')}`);
  });

  it('npm start passes exactly MOCK_NODE_FLAGS to the process that runs the mock', () => {
    expect(rootPackage.scripts.start).toContain(`node ${MOCK_NODE_FLAGS.join(' ')} scripts/start.mjs`);
  });

  it('this Node accepts the flags and they size the young generation', () => {
    const probe = "const v8=require('v8');const a=[];for(let i=0;i<1e6;i++)a.push({i});" +
      "console.log(v8.getHeapSpaceStatistics().find((s)=>s.space_name==='new_space').space_size)";
    const withFlags = spawnSync(process.execPath, [...MOCK_NODE_FLAGS, '-e', probe], { encoding: 'utf8' });
    expect(withFlags.status, withFlags.stderr).toBe(0);
    const without = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const semi = Number(/--max-semi-space-size=(\d+)/.exec(MOCK_NODE_FLAGS.join(' '))[1]);
    expect(Number(withFlags.stdout)).toBeLessThanOrEqual(2 * semi * 1024 * 1024);
    expect(Number(without.stdout)).toBeGreaterThan(Number(withFlags.stdout));
  });

  it.skipIf(process.platform === 'win32')('the CLI runs through its shebang', () => {
    const r = spawnSync(cli, ['--help'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage: modelarts-mock/);
  });
});

// Go: the stock `go` generator's module (go.mod; dependencies from the module proxy, module mode). The
// build runs `go mod tidy`, `go vet` and compiles the package's tests; `go test` runs the call plan.
import fs from 'node:fs';
import path from 'node:path';
import { exec } from '../lib/proc.mjs';

export const tools = [{ cmd: 'go', args: ['version'], what: 'Go (https://go.dev/dl/)' }];
const TEST_FILE = 'operations_test.go';
// The environment `go` runs in (also the stock-template check's). GOGC=400 unless set: the compiler's own
// garbage collector runs less often on the ~300k-line package, a quarter less CPU for vet + compile (peak
// memory 1.7 -> 2.0 GB); the compiled code is the same.
export const toolEnv = () => ({ GOGC: '400', ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' });

export function summary(dir) {
  const files = fs.readdirSync(dir);
  return `${files.filter((f) => /^api_.*\.go$/.test(f)).length} API files, ${files.filter((f) => /^model_.*\.go$/.test(f)).length} models`;
}

export async function build({ dir, testDir }) {
  fs.copyFileSync(path.join(testDir, TEST_FILE), path.join(dir, TEST_FILE));
  await exec('go', ['mod', 'tidy'], { cwd: dir, env: toolEnv() });
  await exec('go', ['vet', './...'], { cwd: dir, env: toolEnv() });
  // compiles the package and its test into Go's build cache; the test run then only links and runs
  await exec('go', ['test', '-count=1', '-run', '^$', '.'], { cwd: dir, env: toolEnv() });
}

export async function test({ dir, testDir, planFile, resultsFile }) {
  fs.copyFileSync(path.join(testDir, TEST_FILE), path.join(dir, TEST_FILE));
  const r = await exec('go', ['test', '-count=1', '-run', '^TestOperations$', '.'], {
    cwd: dir, env: { ...toolEnv(), MODELARTS_PLAN: planFile, MODELARTS_RESULTS: resultsFile }, allowFailure: true,
  });
  return { exitCode: r.exitCode, output: r.output };
}

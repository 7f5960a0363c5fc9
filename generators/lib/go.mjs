// Go client: a subclass of the jar's GoClientCodegen (generators/codegen/go) that restores the model files,
// built in GOPATH mode against Debian's Go packages (module mode cannot resolve anything offline).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, hashFiles, requireCommand, requireFile } from './proc.mjs';
import { jarPath } from './jar.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const codegenDir = path.resolve(here, '../codegen/go');
export const PACKAGE = 'modelarts';
export const DEBIAN_GOPATH = '/usr/share/gocode';

export function checkToolchain() {
  requireCommand('go', ['version'], 'golang-go', 'go version');
  requireFile(path.join(DEBIAN_GOPATH, 'src/golang.org/x/oauth2/oauth2.go'), 'golang-golang-x-oauth2-dev', 'golang.org/x/oauth2 in /usr/share/gocode');
  requireCommand('javac', ['-version'], 'openjdk-17-jdk-headless', 'javac -version');
}

/** Compiles the custom codegen into a jar for the wrapper's --custom-generator (cached by source hash). */
export function customGenerator({ workRoot }) {
  const sources = fs.readdirSync(codegenDir).filter((f) => f.endsWith('.java')).map((f) => path.join(codegenDir, f));
  const hash = hashFiles([...sources, jarPath()]).slice(0, 16);
  const out = path.join(workRoot, 'codegen', `modelarts-go-codegen-${hash}.jar`);
  if (fs.existsSync(out)) return out;
  const tmp = path.join(workRoot, 'codegen', `classes-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'META-INF/services'), { recursive: true });
  requireCommand('javac', ['-nowarn', '-cp', jarPath(), '-d', tmp, ...sources], 'openjdk-17-jdk-headless', 'javac of generators/codegen/go');
  const classes = sources.map((s) => fs.readFileSync(s, 'utf8').match(/^package\s+([\w.]+);/m)[1] + '.' + path.basename(s, '.java'));
  fs.writeFileSync(path.join(tmp, 'META-INF/services/org.openapitools.codegen.CodegenConfig'), `${classes.join('\n')}\n`);
  requireCommand('jar', ['cf', `${out}.tmp`, '-C', tmp, '.'], 'openjdk-17-jdk-headless', 'jar cf');
  fs.renameSync(`${out}.tmp`, out);
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

export function postGenerate(dir) {
  const files = fs.readdirSync(dir);
  const models = files.filter((f) => /^model_.*\.go$/.test(f)).length;
  const apis = files.filter((f) => /^api_.*\.go$/.test(f)).length;
  if (!models) throw new Error('go: the generator wrote no model_*.go files (is the modelarts-go custom generator in use?)');
  return `${apis} API files, ${models} models`;
}

const goEnv = (work) => ({
  ...process.env,
  GO111MODULE: 'off',
  GOPATH: `${path.join(work, 'gopath')}:${DEBIAN_GOPATH}`,
  GOFLAGS: '',
  CGO_ENABLED: '0',
});

/** GOPATH layout under work/: src/modelarts (the client) + src/modelarts-driver; `go vet` + `go build`. */
export async function compile({ dir, work, driverDir }) {
  const pkg = path.join(work, 'gopath/src', PACKAGE);
  const drv = path.join(work, 'gopath/src/modelarts-driver');
  fs.mkdirSync(pkg, { recursive: true });
  fs.mkdirSync(drv, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.go'))) fs.copyFileSync(path.join(dir, f), path.join(pkg, f));
  fs.copyFileSync(path.join(driverDir, 'main.go'), path.join(drv, 'main.go'));
  const env = goEnv(work);
  await exec('go', ['vet', PACKAGE], { env, cwd: work });
  await exec('go', ['build', '-o', path.join(work, 'driver'), 'modelarts-driver'], { env, cwd: work });
}

export function run({ work, planFile }) {
  return exec(path.join(work, 'driver'), [planFile], { timeoutMs: 120_000 });
}

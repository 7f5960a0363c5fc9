// Java: the stock `java` generator with its default library okhttp-gson, a Maven project. The build compiles
// it (with the JUnit 5 test in src/test/java); the test run is Maven's `test` phase on the call plan.
import fs from 'node:fs';
import path from 'node:path';
import { SHORT_RUN_JVM_OPTIONS } from '@modelarts-openapi/tooling/openapi-generator';
import { exec, walk } from '../lib/proc.mjs';

export const tools = [
  { cmd: 'javac', args: ['-version'], what: 'a JDK 11+ (javac)' },
  { cmd: 'mvn', args: ['-v'], what: 'Maven (mvn)' },
];
const TEST_FILE = 'OperationsTest.java';
// -B/-q: no progress noise; no javadoc/sources jars; -parameters: the test matches arguments by name
export const MVN = ['-B', '-q', '-Dmaven.javadoc.skip=true', '-Dmaven.source.skip=true', '-Dmaven.compiler.parameters=true', '-Dspotless.check.skip=true'];

export function summary(dir) {
  const count = (p) => walk(path.join(dir, 'src/main/java/modelarts/client', p)).length;
  return `${count('api')} API classes, ${count('model')} models`;
}

function placeTest(dir, testDir) {
  fs.mkdirSync(path.join(dir, 'src/test/java'), { recursive: true });
  fs.copyFileSync(path.join(testDir, TEST_FILE), path.join(dir, 'src/test/java', TEST_FILE));
}

// The environment Maven runs in (also the stock-template check's): Maven's JVM and the javac it forks (the
// generated pom sets <fork>true</fork>) get the short-run JIT options through JAVA_TOOL_OPTIONS, the one
// setting every JVM reads: about 60 % less CPU for the compile.
export const toolEnv = () => ({ ...process.env, JAVA_TOOL_OPTIONS: [...SHORT_RUN_JVM_OPTIONS, process.env.JAVA_TOOL_OPTIONS].filter(Boolean).join(' ') });

export async function build({ dir, testDir }) {
  placeTest(dir, testDir);
  // test-compile compiles the client and the test; nothing uses the jars `package` would add
  await exec('mvn', [...MVN, 'test-compile'], { cwd: dir, env: toolEnv(), timeoutMs: 1_200_000 });
}

export async function test({ dir, testDir, planFile, resultsFile }) {
  placeTest(dir, testDir);
  // `test` recompiles only what changed since the build (normally nothing), then runs surefire
  const r = await exec('mvn', [...MVN, 'test', '-Dtest=OperationsTest', '-DtrimStackTrace=true'], {
    cwd: dir, env: { ...toolEnv(), MODELARTS_PLAN: planFile, MODELARTS_RESULTS: resultsFile }, allowFailure: true, timeoutMs: 1_200_000,
  });
  return { exitCode: r.exitCode, output: r.output };
}

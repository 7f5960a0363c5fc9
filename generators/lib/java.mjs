// Java client: OpenAPI Generator `java`, library `native` (java.net.http + Jackson), compiled with plain javac:
// Maven/Gradle cannot run offline. Jackson comes from Debian; the few other classes the generated code
// needs (swagger 1.x annotations, jackson-datatype-jsr310, JSR-305 annotations) are taken from the
// generator jar itself, which bundles them.
import fs from 'node:fs';
import path from 'node:path';
import { jarPath } from './jar.mjs';
import { exec, requireCommand, requireFile, walk } from './proc.mjs';

export const DEBIAN_JARS = [
  ['/usr/share/java/jackson-core.jar', 'libjackson2-core-java'],
  ['/usr/share/java/jackson-databind.jar', 'libjackson2-databind-java'],
  ['/usr/share/java/jackson-annotations.jar', 'libjackson2-annotations-java'],
];
// Packages copied out of the generator jar into support.jar.
export const FROM_GENERATOR_JAR = ['io/swagger/annotations/', 'com/fasterxml/jackson/datatype/jsr310/', 'javax/annotation/'];
export const API_PACKAGE_DIR = 'src/main/java/modelarts/client/api';

export function checkToolchain() {
  requireCommand('javac', ['-version'], 'openjdk-17-jdk-headless', 'javac -version');
  requireCommand('java', ['-version'], 'openjdk-17-jdk-headless', 'java -version');
  for (const [jar, pkg] of DEBIAN_JARS) requireFile(jar, pkg);
}

/** oneOf/anyOf unions become Object: the generator writes them as empty classes that cannot hold a value. */
export function mappings(_spec, { unionSchemas }) {
  return {
    typeMappings: Object.fromEntries(unionSchemas.map((n) => [n, 'Object'])),
    importMappings: Object.fromEntries(unionSchemas.map((n) => [n, 'java.lang.Object'])),
  };
}

export function postGenerate(dir) {
  const models = walk(path.join(dir, 'src/main/java/modelarts/client/model')).length;
  const apis = walk(path.join(dir, API_PACKAGE_DIR)).length;
  return `${apis} API classes, ${models} models`;
}

const classpath = (work) => [...DEBIAN_JARS.map(([j]) => j), path.join(work, 'support.jar')];

export async function compile({ dir, work, driverDir }) {
  // support.jar: the packages listed above, extracted from the generator jar.
  const extract = path.join(work, 'support');
  fs.mkdirSync(extract, { recursive: true });
  await exec('jar', ['xf', jarPath(), ...FROM_GENERATOR_JAR], { cwd: extract });
  await exec('jar', ['cf', path.join(work, 'support.jar'), '-C', extract, '.']);
  fs.rmSync(extract, { recursive: true, force: true });

  const sources = walk(path.join(dir, 'src/main/java')).filter((f) => f.endsWith('.java'));
  const argfile = path.join(work, 'sources.txt');
  fs.writeFileSync(argfile, [...sources, path.join(driverDir, 'Driver.java')].map((s) => `"${s}"`).join('\n'));
  const classes = path.join(work, 'classes');
  fs.mkdirSync(classes, { recursive: true });
  await exec('javac', ['-parameters', '-nowarn', '-encoding', 'UTF-8', '-J-Xmx1g', '-d', classes, '-cp', classpath(work).join(':'), `@${argfile}`]);
  const apis = walk(path.join(dir, API_PACKAGE_DIR)).filter((f) => f.endsWith('.java'))
    .map((f) => path.relative(path.join(dir, 'src/main/java'), f).replace(/\.java$/, '').split(path.sep).join('.'));
  fs.writeFileSync(path.join(work, 'apis.txt'), `${apis.join('\n')}\n`);
}

export function run({ work, planFile }) {
  return exec('java', ['-cp', [path.join(work, 'classes'), ...classpath(work)].join(':'), 'Driver', planFile, path.join(work, 'apis.txt')], { timeoutMs: 120_000 });
}

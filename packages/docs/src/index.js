// @modelarts-openapi/docs: build the self-contained API reference and serve it.
export { serveDocs, distDir } from './serve.js';
export { externalLoads } from './check.js';
export { codeSamples, describeOperation, withCodeSamples, PYTHON_PACKAGE, TS_PACKAGE } from './samples.js';
export { docsSpec } from './reference.js';
export { consoleLink, referenceLink } from './links.js';
export * as naming from './naming.js';
/** Builds dist/ (lazy import: the build needs the spec bundle and @redocly/cli, serving does not). */
export async function buildDocs(options) {
  const { buildDocs: build } = await import('./build.js');
  return build(options);
}

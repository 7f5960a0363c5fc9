// @modelarts-openapi/docs: build the self-contained API reference and serve it.
export { serveDocs, distDir } from './serve.js';
export { externalLoads } from './check.js';
export { codeSamples, describeOperation, withCodeSamples, PYTHON_PACKAGE, TS_PACKAGE } from '@modelarts-openapi/spec/samples';
export { docsSpec } from './reference.js';
export { consoleLink, referenceLink } from './links.js';
export * as naming from '@modelarts-openapi/spec/naming';
/** Builds dist/ (lazy import: the build needs the spec bundle and @redocly/cli, serving does not). */
export async function buildDocs(options) {
  const { buildDocs: build } = await import('./build.js');
  return build(options);
}

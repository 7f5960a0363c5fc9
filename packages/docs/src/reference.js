// The document the Redoc reference renders, derived from the bundle (which is not changed).
import { operations } from '@modelarts-openapi/spec';
import { consoleLink } from './links.js';
import { withCodeSamples } from '@modelarts-openapi/spec/samples';

/**
 * What the reference page renders: the bundle plus generated code samples, a "Try it" link per operation to
 * the console, and links to the console and the changelog in the introduction (the bundle is not changed).
 */
export function docsSpec(spec, { basePath = '/' } = {}) {
  const copy = withCodeSamples(spec);
  for (const o of operations(copy)) {
    const link = `[Try it in the console](${consoleLink(o, basePath)})`;
    o.op.description = o.op.description ? `${o.op.description.trimEnd()}\n\n${link}` : link;
  }
  const more = `**Try it:** the [interactive console](${basePath}console.html) sends requests to the local mock (or, with your token, a regional endpoint). **What changed:** the [changelog](${basePath}changelog.html).`;
  copy.info = { ...copy.info, description: `${more}\n\n${copy.info?.description ?? ''}` };
  return copy;
}


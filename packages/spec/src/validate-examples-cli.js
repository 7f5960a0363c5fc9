#!/usr/bin/env node
// modelarts-validate-examples [--spec <openapi.yaml|json>] [--json] [--warnings-as-errors]
//                             [--allow-remote-refs] [--allow-external-refs]
// Checks every named example against its schema; exit 0 = no problems, 1 = problems, 2 = cannot run.
import path from 'node:path';
import { readArgs } from './cli.js';
import { bundlePath } from './index.js';
import { EXAMPLE_KINDS, formatReport, loadSpecForValidation, validateExamples } from './validate-examples.js';

const usage = `usage: modelarts-validate-examples [--spec <file>] [--json] [--warnings-as-errors]
                                   [--allow-remote-refs] [--allow-external-refs]

  --spec <file>   OpenAPI 3.0 description to check: a bundle (JSON/YAML) or the root of a multi-file
                  source tree (bundled with Redocly first; problems then name the example's file).
                  Default: the bundle shipped in @modelarts-openapi/spec. The last --spec wins.
  --json          print the report as JSON: {spec, operations, checked, counts, problems, warnings}
  --warnings-as-errors  also exit 1 on warnings (the mock's default response is not the seed sample)
  --allow-remote-refs    follow $refs to URLs (http:, https:, file:); by default they are refused
  --allow-external-refs  follow $refs to files outside the folder of the --spec file; by default refused

Problem kinds: ${Object.values(EXAMPLE_KINDS).join('; ')}.
Exit status: 0 no problems, 1 problems found, 2 the spec could not be read.`;

const { values: args } = readArgs('validate-examples', usage, {
  options: {
    spec: { type: 'string', default: bundlePath }, json: { type: 'boolean' }, 'warnings-as-errors': { type: 'boolean' },
    'allow-remote-refs': { type: 'boolean' }, 'allow-external-refs': { type: 'boolean' },
  },
});
const specFile = args.spec;
if (!specFile) {
  console.error(`--spec needs a file\n\n${usage}`);
  process.exit(2);
}

// Anything that stops the check is one line and exit 2: never a stack trace, never exit 1 ("problems").
const cannotRun = (e) => {
  console.error(`validate-examples: ${String(e?.message ?? e).split('\n')[0]}`);
  process.exit(2);
};
let loaded;
let result;
try {
  loaded = loadSpecForValidation(specFile, { allowRemoteRefs: Boolean(args['allow-remote-refs']), allowExternalRefs: Boolean(args['allow-external-refs']) });
  result = validateExamples(loaded.spec, { sources: loaded.sources });
} catch (e) {
  cannotRun(e);
}
const shown = path.relative(process.cwd(), loaded.file) || loaded.file;
if (args.json) {
  console.log(JSON.stringify({ spec: shown, operations: result.operations, checked: result.checked, counts: result.counts, problems: result.problems, warnings: result.warnings }, null, 2));
} else {
  console.log(formatReport(result, { specFile: shown }));
}
const failed = result.problems.length > 0 || (args['warnings-as-errors'] && result.warnings.length > 0);
process.exitCode = failed ? 1 : 0;

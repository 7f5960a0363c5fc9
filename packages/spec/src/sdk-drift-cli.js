#!/usr/bin/env node
// modelarts-sdk-drift: the spec against the official SDKs' facts; exit 0 = no undecided difference.
import fs from 'node:fs';
import path from 'node:path';
import { readArgs } from './cli.js';
import { bundlePath, loadSpec } from './index.js';
import { compareWithSdk, defaultFactsPath, formatDriftReport, repoRoot } from './sdk-drift.js';

const usage = `usage: modelarts-sdk-drift [--spec <bundle.json>] [--sdk <operations.json>] [--decisions <DECISIONS.md>] [--json] [--verbose]

Compares the bundled spec with the Huawei Cloud SDK facts. For every operation both have (same method and
path), every SDK parameter and body field at every nesting level must be in the spec with a compatible
type, a request enum must take every value the SDK declares, and no field the SDK sends as optional may
be required. A difference is decided (not a failure) when one DECISIONS.md entry names the operation and
writes the field in backticks (\`wire_name\` or a dotted path ending in it), or writes
\`operationId location\`. SDK operations the spec lacks are listed for information only.

  --spec <file>       the bundle (JSON). Default: ${path.relative(process.cwd(), bundlePath) || bundlePath}
  --sdk <file>        the SDK facts. Default: $MODELARTS_SDK_FACTS, else ${'../shared/reference/modelarts-sdk/operations.json'}
                      beside the repository (or beside the main clone of a git worktree)
  --decisions <file>  Default: spec/DECISIONS.md
  --json              print the full result as JSON
  --verbose           also list decided differences and SDK operations the spec does not have
  -h, --help          this text

When the SDK facts are missing: exit 0 with a notice, or exit 2 when CI=true.
Exit status: 0 no undecided difference, 1 differences found, 2 cannot run.`;

const { values: args } = readArgs('sdk-drift', usage, {
  options: {
    spec: { type: 'string' }, sdk: { type: 'string' }, decisions: { type: 'string' },
    json: { type: 'boolean' }, verbose: { type: 'boolean' },
  },
});

const factsFile = args.sdk ? path.resolve(args.sdk) : defaultFactsPath();
if (!fs.existsSync(factsFile)) {
  const msg = `sdk-drift: SDK facts not found at ${factsFile} (set --sdk or MODELARTS_SDK_FACTS)`;
  if (process.env.CI === 'true') { console.error(`${msg}; required under CI`); process.exit(2); }
  console.log(`${msg}; skipped`);
  process.exit(0);
}
let spec, facts, decisions;
try {
  spec = loadSpec(args.spec ? path.resolve(args.spec) : bundlePath);
  facts = JSON.parse(fs.readFileSync(factsFile, 'utf8'));
  const decisionsFile = args.decisions ? path.resolve(args.decisions) : path.join(repoRoot, 'spec/DECISIONS.md');
  decisions = fs.existsSync(decisionsFile) ? fs.readFileSync(decisionsFile, 'utf8') : '';
} catch (e) {
  console.error(`sdk-drift: ${e.message}`);
  process.exit(2);
}
const result = compareWithSdk(spec, facts, { decisions });
console.log(args.json ? JSON.stringify(result, null, 2) : formatDriftReport(result, { verbose: args.verbose }));
process.exitCode = result.differences.length ? 1 : 0;

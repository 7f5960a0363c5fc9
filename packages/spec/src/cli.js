// How every command of the workspace reads its arguments: node:util parseArgs (strict), `-h`/`--help`
// prints the usage and exits 0, and a bad option or value is named on one line before the usage, exit 2.
import { parseArgs } from 'node:util';

/**
 * @param {string} name  the command's name, the prefix of its error line (`coverage: Unknown option '--x'`)
 * @param {string} usage its --help text
 * @param {{options?: object, allowPositionals?: boolean, check?: (values: object, positionals: string[]) => void}} [config]
 *   `options` as parseArgs takes them (`help` is added); `check` throws to refuse values parseArgs accepts
 *   (not called for --help)
 * @returns {{values: object, positionals: string[]}}
 */
export function readArgs(name, usage, { options = {}, allowPositionals = false, check } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    if (!parsed.values.help) check?.(parsed.values, parsed.positionals);
  } catch (e) {
    console.error(`${name}: ${e.message}\n${usage}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

// The client's version is the spec's info.version. Shared by sync-version, prepack and changelog.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(pkgDir, '../..');
export const pkgJsonPath = path.join(pkgDir, 'package.json');

/** info.version of the spec source (spec/openapi.yaml), which the bundle copies. */
export function specVersion() {
  const root = YAML.parse(fs.readFileSync(path.join(repoRoot, 'spec/openapi.yaml'), 'utf8'));
  const v = root?.info?.version;
  if (typeof v !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) throw new Error(`spec/openapi.yaml info.version "${v}" is not a semver version`);
  return v;
}

export const readPkg = () => JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));

// postinstall: the 2.x generator wrapper downloads its jar from Maven, which is unreachable here.
// The npm package aliased as `openapi-generator-jar` ships the 5.0.0-beta2 jar; place it where
// openapitools.json tells the wrapper to look, so the wrapper never goes online.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'openapitools.json'), 'utf8'))['generator-cli'];
const source = path.join(root, 'node_modules/openapi-generator-jar/bin/openapi-generator.jar');
const target = path.join(root, config.storageDir, `${config.version}.jar`);

if (!fs.existsSync(source)) {
  console.error(`install-generator-jar: ${source} is missing; run npm ci first`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(target), { recursive: true });
const same = fs.existsSync(target) && fs.statSync(target).size === fs.statSync(source).size;
if (!same) fs.copyFileSync(source, target);
console.log(`install-generator-jar: ${path.relative(root, target)} ${same ? 'up to date' : 'installed'}`);

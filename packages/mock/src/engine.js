// The mock's engine process: runs Prism in this process, and dies with its parent.
//   node engine.js <snapshot dir> <prism bin> <prism args...>
// Started by startMock (./index.js) with stdin as a pipe from the parent that nobody writes to. When the
// parent ends in any way, kill -9 included, the kernel closes that pipe: stdin ends, and this process
// exits (a parent-death signal without prctl). On every exit the snapshot folder is removed, so no Prism
// process or temp folder outlives the mock.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [snapshotDir, prismBin, ...prismArgs] = process.argv.slice(2);
if (!snapshotDir || !prismBin) {
  console.error('usage: engine.js <snapshot dir> <prism bin> <prism args...> (started by startMock)');
  process.exit(2);
}

const parent = process.ppid;
const cleanup = () => fs.rmSync(snapshotDir, { recursive: true, force: true });
process.on('exit', cleanup);
// Without a handler these signals end the process without the 'exit' event.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[signal]));
const orphaned = (why) => {
  console.error(`engine: ${why}; exiting`);
  process.exit(70);
};
process.stdin.on('end', () => orphaned('the mock process is gone (stdin closed)'));
process.stdin.on('error', () => orphaned('the mock process is gone (stdin error)'));
process.stdin.resume();
// Belt and braces: a re-parented process has another parent ID.
setInterval(() => { if (process.ppid !== parent) orphaned('the mock process is gone (re-parented)'); }, 1000).unref();

process.argv = [process.argv[0], prismBin, ...prismArgs];
await import(pathToFileURL(prismBin).href);

// The CLI worker thread's entry (bin/plimsoll.ts starts it): loads the CLI and runs it. Built, the CLI
// is a 4 MB CommonJS bundle loaded with a code cache of the functions earlier runs compiled
// (code-cache.ts); from source, Node runs the TypeScript directly. NODE_DISABLE_COMPILE_CACHE=1 turns
// the cache off.
import { fileURLToPath } from 'node:url';
import { codeCacheDirectory, loadBundle } from './code-cache.ts';

type Cli = typeof import('./plimsoll-cli.ts');

/** Objects scanned after which the code cache is not made again (a 1k-resource scan compiles ~all). */
const FULL_SCAN = 500;

if (import.meta.url.endsWith('.ts')) {
  // Not a literal: the bundler would otherwise pull the whole CLI into this small entry.
  const cli = (await import(new URL('./plimsoll-cli.ts', import.meta.url).href)) as Cli;
  await cli.runCliThread();
} else {
  const cli = loadBundle<Cli>(fileURLToPath(new URL('./plimsoll-cli.cjs', import.meta.url)), codeCacheDirectory());
  let scanned = 0;
  await cli.exports.runCliThread({ onScanned: (objects) => (scanned = objects) });
  // The cache keeps what the largest run so far compiled, up to a scan of FULL_SCAN objects, which
  // reaches nearly every rule and output path: a cache made after `--help` or a three-file scan would
  // leave most of a large scan to compile.
  cli.save(scanned, FULL_SCAN);
}

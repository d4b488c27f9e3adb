// The CLI worker thread's entry (bin/plimsoll.ts starts it): loads the CLI and runs it. Built, the CLI
// is a 4 MB CommonJS bundle loaded with a code cache of the functions earlier runs compiled
// (code-cache.ts); from source, Node runs the TypeScript directly. NODE_DISABLE_COMPILE_CACHE=1 turns
// the cache off.
import { fileURLToPath } from 'node:url';
import { codeCacheDirectory, loadBundle } from './code-cache.ts';

type Cli = typeof import('./plimsoll-cli.ts');

if (import.meta.url.endsWith('.ts')) {
  // Not a literal: the bundler would otherwise pull the whole CLI into this small entry.
  const cli = (await import(new URL('./plimsoll-cli.ts', import.meta.url).href)) as Cli;
  await cli.runCliThread();
} else {
  const cli = loadBundle<Cli>(fileURLToPath(new URL('./plimsoll-cli.cjs', import.meta.url)), codeCacheDirectory());
  await cli.exports.runCliThread();
  // Only a scan (or fix) writes the cache: it runs the functions most starts need, where `rules` or
  // `--help` would leave a cache without them.
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (command === 'scan' || command === 'fix') cli.saveIfNotUsed();
}

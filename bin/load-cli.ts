// Loads the CLI and runs a command with it, on whichever thread calls it: the launcher's main thread
// for small inputs, the CLI worker thread for large ones (cli-thread-choice.ts). Built, the CLI is a
// 4 MB CommonJS bundle loaded with a code cache of the functions earlier runs compiled
// (code-cache.ts); from source, Node runs the TypeScript directly. NODE_DISABLE_COMPILE_CACHE=1 turns
// the cache off.
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli/main.ts';
import { codeCacheDirectory, loadBundle } from './code-cache.ts';

export type Cli = typeof import('./plimsoll-cli.ts');

/** Objects scanned after which the code cache is not made again (a 1k-resource scan compiles ~all). */
const FULL_SCAN = 500;

/**
 * Runs `run` with the CLI found next to `entryUrl` (the caller's import.meta.url: bin/ from source,
 * dist/ built), then brings the code cache up to date.
 */
export async function withCli(entryUrl: string, run: (cli: Cli, hooks: Pick<CliIo, 'onScanned'>) => Promise<void>): Promise<void> {
  if (entryUrl.endsWith('.ts')) {
    // Not a literal: the bundler would otherwise pull the whole CLI into the small entries.
    const cli = (await import(new URL('./plimsoll-cli.ts', entryUrl).href)) as Cli;
    await run(cli, {});
    return;
  }
  const cli = loadBundle<Cli>(fileURLToPath(new URL('./plimsoll-cli.cjs', entryUrl)), codeCacheDirectory());
  let scanned = 0;
  await run(cli.exports, { onScanned: (objects) => (scanned = objects) });
  // The cache keeps what the largest run so far compiled, up to a scan of FULL_SCAN objects, which
  // reaches nearly every rule and output path: a cache made after `--help` or a three-file scan would
  // leave most of a large scan to compile.
  cli.save(scanned, FULL_SCAN);
}

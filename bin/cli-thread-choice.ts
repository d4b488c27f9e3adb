// Where the launcher (bin/plimsoll.ts) runs the CLI. A worker thread costs ~30 ms to start, a quarter
// of a small scan's start, so small inputs run on the main thread. Large ones run in a worker, whose
// heap can be sized: on the main thread V8 grows the young generation to 64 MB per half, which made a
// 10k-resource scan peak at ~320 MB instead of ~210 MB, and a 50k one pass 500 MB. A worker also
// turns running out of heap into a clear error, so a tight heap limit sends any input there. The same
// estimate picks V8's compilers: small inputs run without TurboFan (jit-tiers.ts).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { MANIFEST_EXTENSIONS, SKIPPED_DIRECTORIES } from '../src/files/collect-manifest-files.ts';
import { STANDARD_INPUT } from '../src/files/read-manifest-file.ts';
import type { JitTiers } from './jit-tiers.ts';

/** Manifest bytes up to which the CLI runs on the main thread (~3,000 resources of the bench corpus). */
export const MAIN_THREAD_MAX_BYTES = 2 * 1024 * 1024;
/** Below this heap limit (e.g. NODE_OPTIONS=--max-old-space-size=...) the CLI always runs in a worker. */
export const MAIN_THREAD_MIN_HEAP_BYTES = 512 * 1024 * 1024;
/** Folder entries the estimate looks at before it calls an input large without counting further. */
export const MAX_ENTRIES = 20_000;

/** Commands that read manifest files named by their arguments (the current folder when none). */
const FILE_COMMANDS = new Set(['scan', 'fix']);

export type CliThread = 'main' | 'worker';

/** Where the CLI runs, and with which of V8's compilers (jit-tiers.ts). */
export interface CliLaunch {
  thread: CliThread;
  tiers: JitTiers;
}

/**
 * The launch for a command line. The thread: PLIMSOLL_CLI_THREAD=main|worker when set, else a worker
 * when the heap limit is tight or the files the command may read reach MAIN_THREAD_MAX_BYTES. The
 * compilers: all of them for such large inputs, all but TurboFan for the rest.
 */
export function chooseCliLaunch(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
  heapLimit = getHeapStatistics().heap_size_limit,
): CliLaunch {
  const large = inputReaches(args, cwd, { bytes: MAIN_THREAD_MAX_BYTES, entries: MAX_ENTRIES });
  const tiers: JitTiers = large ? 'all' : 'no-turbofan';
  if (env.PLIMSOLL_CLI_THREAD === 'main' || env.PLIMSOLL_CLI_THREAD === 'worker') return { thread: env.PLIMSOLL_CLI_THREAD, tiers };
  return { thread: large || heapLimit < MAIN_THREAD_MIN_HEAP_BYTES ? 'worker' : 'main', tiers };
}

/**
 * Whether the manifest files a command line may read hold at least `limit.bytes` bytes, or its
 * folders at least `limit.entries` entries (too many to count quickly). An estimate that
 * errs on the large side: every argument that names an existing folder or .yaml/.yml/.json file
 * counts (an option's value too, such as a config file), without the config's exclusions. Other
 * files do not, so that a report named by --output is not taken for input. The real discovery reports
 * missing and unreadable paths; here they count as nothing.
 */
export function inputReaches(args: readonly string[], cwd: string, limit: { bytes: number; entries: number }): boolean {
  const command = args.find((arg) => !arg.startsWith('-'));
  if (!command || !FILE_COMMANDS.has(command)) return false;
  const rest = args.slice(args.indexOf(command) + 1);
  const paths = rest.filter((arg) => !arg.startsWith('-'));
  const budget = { ...limit };
  // Standard input (`-`, /dev/stdin): its size is unknown until read; it does not mean the current folder.
  let named = rest.includes('-') || paths.some((path) => STANDARD_INPUT.has(path));
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      continue; // an option's value, or a path the scan will report as missing
    }
    if (stats.isDirectory()) {
      named = true;
      if (spend(absolute, budget)) return true;
    } else if (MANIFEST_EXTENSIONS.test(path)) {
      named = true;
      if ((budget.bytes -= stats.size) <= 0) return true;
    }
  }
  // No folder or manifest named: scan and fix read the current folder.
  return !named && spend(cwd, budget);
}

/** Subtracts a folder's manifest bytes and entries from the budget; true once either runs out. */
function spend(directory: string, budget: { bytes: number; entries: number }): boolean {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return false;
  }
  budget.entries -= entries.length;
  if (budget.entries <= 0) return true;
  for (const entry of entries) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && spend(full, budget)) return true;
    } else if (entry.isFile() && MANIFEST_EXTENSIONS.test(entry.name)) {
      try {
        budget.bytes -= statSync(full).size;
      } catch {
        continue;
      }
      if (budget.bytes <= 0) return true;
    }
  }
  return false;
}

// Loads the CLI bundle (CommonJS) with a V8 code cache that holds every function an earlier run
// compiled. Node's own compile cache cannot do this: Node makes it right after compiling a module,
// before any function ran, so it holds the top level only and a start still compiles every function
// it calls. With the functions cached, a scan of 1k resources took 0.54 s instead of 0.63 s
// (docs/benchmarks.md). V8 checks a cache against the source, its own version and its flags, and
// rejects one that does not match; this file then writes a fresh one. Flags include the compilers a
// process uses (jit-tiers.ts): each setting has a cache of its own, side by side.
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { jitTiers, type JitTiers } from './jit-tiers.ts';

export interface LoadedBundle<T> {
  exports: T;
  /** 'used': loaded from the cache; 'rejected': a cache was there but V8 refused it; 'none'. */
  cache: 'used' | 'rejected' | 'none';
  /**
   * Writes the cache, after the work whose compiled functions it should hold, when this start had
   * none it could use, or when this run's work (`coverage`, e.g. objects scanned) was larger than the
   * work the cache was made after and that was less than `enough`: a cache made after `--help` or a
   * three-file scan lacks most of what a large scan compiles. Never throws: a cache that cannot be
   * written only costs the next start time.
   */
  save(coverage: number, enough: number): void;
}

/**
 * The per-user folder for code caches: PLIMSOLL_CACHE_DIR, else the platform's cache folder. None
 * when NODE_DISABLE_COMPILE_CACHE is set, Node's own switch for compile caches. Never a shared
 * temporary folder: a code cache is code, and another user must not be able to plant one.
 */
export function codeCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.PLIMSOLL_CACHE_DIR) return join(env.PLIMSOLL_CACHE_DIR, 'code');
  const system = platform();
  const base =
    system === 'win32' ? env.LOCALAPPDATA : system === 'darwin' ? join(homedir(), 'Library', 'Caches') : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return base ? join(base, 'plimsoll', 'code') : undefined;
}

/**
 * Runs a CommonJS file the way `require` would, with a code cache in `directory` when given: the
 * cache made under the process's compiler setting (`tiers`, set by the launcher: jit-tiers.ts).
 */
export function loadBundle<T>(file: string, directory: string | undefined, tiers: JitTiers = jitTiers()): LoadedBundle<T> {
  const bytes = readFileSync(file);
  // Latin-1 reads an all-ASCII file (the build writes the CLI bundle so) ten times as fast as UTF-8.
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  const names = directory ? cacheNames(file, tiers) : undefined;
  const found = directory && names ? findCache(directory, names) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (found) cachedData = readFileSync(join(directory!, found.name));
  } catch {
    // Gone meanwhile: compile as without one.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const cache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  const bundle = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void)(bundle.exports, createRequire(file), bundle, file, dirname(file));
  return {
    exports: bundle.exports,
    cache,
    save(coverage, enough) {
      if (!directory || !names) return;
      const cachedCoverage = cache === 'used' ? found!.coverage : -1;
      if (cache === 'used' && !(coverage > cachedCoverage && cachedCoverage < enough)) return;
      const name = `${names.version}${coverage}.v8cache`;
      const partial = join(directory, `${name}.${process.pid}.partial`);
      try {
        mkdirSync(directory, { recursive: true, mode: 0o700 });
        // Written whole, then renamed: a CLI starting meanwhile reads the old cache or the new one.
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, join(directory, name));
        // The caches this one replaces: older coverage, or an earlier build of the same bundle. The
        // cache of this build under the other compiler setting stays.
        for (const old of readdirSync(directory)) {
          const otherSetting = old.startsWith(names.build) && !old.startsWith(names.version);
          if (old !== name && old.startsWith(names.bundle) && old.endsWith('.v8cache') && !otherSetting) rmSync(join(directory, old), { force: true });
        }
      } catch {
        // Read-only home, full disk: the next start compiles as this one did.
        try {
          rmSync(partial, { force: true });
        } catch {
          // The folder itself is unusable: nothing was written.
        }
      }
    },
  };
}

/**
 * Cache file names: `<bundle file>-<path hash>-<build hash>-<compiler setting>-<coverage>.v8cache`.
 * The path hash tells installs apart; the build hash (size, time, Node version) tells builds and Node
 * versions of one install apart, so a rebuilt bundle never meets its old cache (V8 would refuse it
 * anyway); the setting tells apart the caches V8 takes only under the flags they were made with.
 */
function cacheNames(file: string, tiers: JitTiers): { bundle: string; build: string; version: string } {
  const stat = statSync(file);
  const bundle = `${basename(file)}-${hash(file)}-`;
  const build = `${bundle}${hash(`${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`)}-`;
  return { bundle, build, version: `${build}${tiers}-` };
}

function findCache(directory: string, names: { version: string }): { name: string; coverage: number } | undefined {
  let best: { name: string; coverage: number } | undefined;
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return undefined;
  }
  for (const name of entries) {
    if (!name.startsWith(names.version) || !name.endsWith('.v8cache')) continue;
    const coverage = Number(name.slice(names.version.length, -'.v8cache'.length));
    if (Number.isSafeInteger(coverage) && (!best || coverage > best.coverage)) best = { name, coverage };
  }
  return best;
}

/** FNV-1a, 32 bits twice over: a name, not a secret (V8 itself checks a cache against the source). */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(text.length - 1 - i), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

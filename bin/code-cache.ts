// Loads the CLI bundle (CommonJS) with a V8 code cache that holds every function an earlier run
// compiled. Node's own compile cache cannot do this: Node makes it right after compiling a module,
// before any function ran, so it holds the top level only and a start still compiles every function
// it calls. With the functions cached, a scan of 1k resources took 0.54 s instead of 0.63 s
// (docs/benchmarks.md). V8 checks a cache against the source, its own version and its flags, and
// rejects one that does not match; this file then writes a fresh one.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';

export interface LoadedBundle<T> {
  exports: T;
  /** 'used': loaded from the cache; 'rejected': a cache was there but V8 refused it; 'none'. */
  cache: 'used' | 'rejected' | 'none';
  /**
   * Writes the cache when this run did not use one: call it after the work whose compiled functions
   * it should hold. Never throws: a cache that cannot be written only costs the next start time.
   */
  saveIfNotUsed(): void;
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

/** Runs a CommonJS file the way `require` would, with a code cache in `directory` when given. */
export function loadBundle<T>(file: string, directory: string | undefined): LoadedBundle<T> {
  const source = readFileSync(file, 'utf8');
  const cacheFile = directory ? join(directory, cacheFileName(file)) : undefined;
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet.
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
    saveIfNotUsed() {
      if (!cacheFile || cache === 'used') return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        // Written whole, then renamed: a CLI starting meanwhile reads the old cache or the new one.
        const partial = `${cacheFile}.${process.pid}.partial`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
      } catch {
        // Read-only home, full disk: the next start compiles as this one did.
      }
    },
  };
}

/** One cache per installed bundle and Node: its path, size and time, and Node's version, hashed. */
function cacheFileName(file: string): string {
  const stat = statSync(file);
  const key = `${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`;
  // FNV-1a, 32 bits twice over: a name, not a secret (V8 itself checks the cache against the source).
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    a = Math.imul(a ^ key.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ key.charCodeAt(key.length - 1 - i), 0x01000193) >>> 0;
  }
  return `${basename(file)}-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}.v8cache`;
}

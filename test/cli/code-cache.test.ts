// bin/code-cache.ts: the CLI bundle loaded with a V8 code cache. The cache must never change what the
// bundle does, must be written only when it was not used, and must survive a broken or unwritable one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheDirectory } from '../../bin/code-cache.ts';
import type { JitTiers } from '../../bin/jit-tiers.ts';

// Each start in a process of its own: within one process V8 keeps compiled scripts in memory and
// never looks at the cache file again.
const starter = join(mkdtempSync(join(tmpdir(), 'plimsoll-starter-')), 'start.mjs');
writeFileSync(
  starter,
  `import { loadBundle } from ${JSON.stringify(new URL('../../bin/code-cache.ts', import.meta.url).href)};
import { setJitTiers } from ${JSON.stringify(new URL('../../bin/jit-tiers.ts', import.meta.url).href)};
const [file, dir, coverage, tiers] = process.argv.slice(2);
if (tiers) setJitTiers(tiers);
const bundle = loadBundle(file, dir === '-' ? undefined : dir);
const result = { cache: bundle.cache, greeting: bundle.exports.greet('ada'), separator: bundle.exports.separator };
if (coverage !== 'none') bundle.save(Number(coverage), 100);
console.log(JSON.stringify(result));
`,
);

/**
 * A start that loads the bundle, calls it, then saves the cache after work of `coverage` (enough: 100),
 * with V8's compilers set as the launcher sets them (jit-tiers.ts) when `tiers` is given.
 */
function start(
  file: string,
  cacheDir: string | undefined,
  coverage: number | 'none' = 10,
  tiers?: JitTiers,
): { cache: string; greeting: string; separator: string } {
  const child = spawnSync(process.execPath, [starter, file, cacheDir ?? '-', String(coverage), ...(tiers ? [tiers] : [])], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as { cache: string; greeting: string; separator: string };
}

function bundleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bundle-'));
  const file = join(dir, 'bundle.cjs');
  // Functions the first run calls, so that the cache has more than the top level in it.
  writeFileSync(file, "const path = require('node:path');\nfunction shout(s) { return s.toUpperCase(); }\nexports.greet = (name) => `hello ${shout(name)}`;\nexports.separator = path.sep;\n");
  return file;
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.v8cache'));

describe('loadBundle', () => {
  it('runs the bundle, then writes a cache that the next start uses', () => {
    const file = bundleFile();
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'plimsoll-cache-')), 'code');
    const first = start(file, cacheDir, 10);
    expect(first).toEqual({ cache: 'none', greeting: 'hello ADA', separator: join('a', 'b')[1] });
    const [written] = cacheFiles(cacheDir);
    expect(written).toMatch(/^bundle\.cjs-[0-9a-f]{16}-[0-9a-f]{16}-all-10\.v8cache$/);
    if (process.platform !== 'win32') expect(statSync(join(cacheDir, written!)).mode & 0o777).toBe(0o600);
    const before = statSync(join(cacheDir, written!)).mtimeMs;
    // Used, and no larger work: not written again.
    expect(start(file, cacheDir, 10)).toEqual({ ...first, cache: 'used' });
    expect(start(file, cacheDir, 3).cache).toBe('used');
    expect(cacheFiles(cacheDir)).toEqual([written]);
    expect(statSync(join(cacheDir, written!)).mtimeMs).toBe(before);
  });

  it('is made again after larger work, until the work was enough', () => {
    const file = bundleFile();
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-cache-'));
    const coverages = () => cacheFiles(cacheDir).map((name) => Number(/-(\d+)\.v8cache$/.exec(name)![1]));
    start(file, cacheDir, 0);
    expect(coverages()).toEqual([0]);
    start(file, cacheDir, 50);
    expect(coverages()).toEqual([50]);
    start(file, cacheDir, 150);
    expect(coverages()).toEqual([150]);
    // 150 is past enough (100): a larger run keeps it.
    expect(start(file, cacheDir, 900).cache).toBe('used');
    expect(coverages()).toEqual([150]);
  });

  it('writes nothing unless asked after the work', () => {
    const file = bundleFile();
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-cache-'));
    expect(start(file, cacheDir, 'none').cache).toBe('none');
    expect(cacheFiles(cacheDir)).toEqual([]);
  });

  it('replaces a cache V8 refuses', () => {
    const file = bundleFile();
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-cache-'));
    start(file, cacheDir);
    const [name] = cacheFiles(cacheDir);
    writeFileSync(join(cacheDir, name!), 'not a code cache');
    expect(start(file, cacheDir)).toMatchObject({ cache: 'rejected', greeting: 'hello ADA' });
    expect(start(file, cacheDir).cache).toBe('used');
  });

  it('keeps one cache per installed bundle: a rebuilt bundle starts without one and replaces it', () => {
    const file = bundleFile();
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-cache-'));
    start(file, cacheDir);
    const [old] = cacheFiles(cacheDir);
    writeFileSync(file, "exports.greet = (name) => `hi ${name}`;\nexports.separator = '/';\n");
    expect(start(file, cacheDir)).toEqual({ cache: 'none', greeting: 'hi ada', separator: '/' });
    expect(cacheFiles(cacheDir)).toHaveLength(1);
    expect(cacheFiles(cacheDir)).not.toContain(old);
    // Another install (another path) has caches of its own.
    start(bundleFile(), cacheDir);
    expect(cacheFiles(cacheDir)).toHaveLength(2);
  });

  it('keeps a cache for each compiler setting, since V8 takes a cache only under the flags it was made with', () => {
    const file = bundleFile();
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-cache-'));
    expect(start(file, cacheDir, 10, 'all').cache).toBe('none');
    expect(start(file, cacheDir, 10, 'no-turbofan').cache).toBe('none');
    expect(cacheFiles(cacheDir).map((name) => /-(all|no-turbofan)-10\.v8cache$/.exec(name)?.[1]).sort()).toEqual(['all', 'no-turbofan']);
    // Each setting finds its own, which V8 takes; neither replaced the other.
    expect(start(file, cacheDir, 10, 'no-turbofan').cache).toBe('used');
    expect(start(file, cacheDir, 10, 'all').cache).toBe('used');
    expect(start(file, cacheDir, 10).cache).toBe('used');
    // A rebuilt bundle replaces the caches of both settings as it makes its own.
    writeFileSync(file, "exports.greet = (name) => `hi ${name}`;\nexports.separator = '/';\n");
    start(file, cacheDir, 10, 'all');
    start(file, cacheDir, 10, 'no-turbofan');
    expect(cacheFiles(cacheDir)).toHaveLength(2);
  });

  it('reads an all-ASCII bundle and one with other characters alike', () => {
    const file = bundleFile();
    // First with escapes only (ASCII, read as Latin-1), then with the characters themselves (UTF-8).
    writeFileSync(file, "exports.greet = (name) => `h\\u00e9llo ${name} \\u00b5`;\nexports.separator = '\\u2014';\n");
    expect(start(file, undefined)).toEqual({ cache: 'none', greeting: 'h\u00e9llo ada \u00b5', separator: '\u2014' });
    writeFileSync(file, "exports.greet = (name) => `héllo ${name} µ`;\nexports.separator = '—';\n");
    expect(start(file, undefined)).toEqual({ cache: 'none', greeting: 'héllo ada µ', separator: '—' });
  });

  it('runs without a cache when none can be written', () => {
    const file = bundleFile();
    const blocked = join(mkdtempSync(join(tmpdir(), 'plimsoll-cache-')), 'file-not-folder');
    writeFileSync(blocked, '');
    expect(start(file, join(blocked, 'code'))).toMatchObject({ cache: 'none', greeting: 'hello ADA' });
    expect(start(file, undefined)).toMatchObject({ cache: 'none', greeting: 'hello ADA' });
  });
});

describe('codeCacheDirectory', () => {
  it('is off with NODE_DISABLE_COMPILE_CACHE, Node’s own switch', () => {
    expect(codeCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1', PLIMSOLL_CACHE_DIR: '/x' })).toBeUndefined();
  });

  it('follows PLIMSOLL_CACHE_DIR, else the user’s cache folder, never the shared temp folder', () => {
    expect(codeCacheDirectory({ PLIMSOLL_CACHE_DIR: join('/', 'cache') })).toBe(join('/', 'cache', 'code'));
    const dir = codeCacheDirectory({ XDG_CACHE_HOME: join('/', 'xdg'), LOCALAPPDATA: join('/', 'local') });
    if (process.platform === 'linux') expect(dir).toBe(join('/', 'xdg', 'plimsoll', 'code'));
    expect(dir?.startsWith(tmpdir())).toBe(false);
  });
});

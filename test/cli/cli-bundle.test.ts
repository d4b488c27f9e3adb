// The CLI as users install it: the esbuild bundles of scripts/build.ts, with the built-in rules
// snapshot embedded and the CLI loaded with a code cache (bin/code-cache.ts). Built into a folder inside the checkout, so that the bundle finds rules/ the way
// an installed package does (walking up from itself).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiOnly, buildCli } from '../../scripts/build.ts';
import { runCli } from '../../src/cli/main.ts';
import { builtinRulesDirectory, builtinRulesSnapshotText, readRuleFiles } from '../../src/rules/load-rules.ts';
import { fingerprintRuleFiles, type BuiltinRulesSnapshot } from '../../src/rules/builtin-rules-snapshot.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let outdir = '';
let markedOutdir = '';

beforeAll(async () => {
  outdir = mkdtempSync(join(root, '.test-bundle-'));
  await buildCli(outdir);
  // The same snapshot with one title changed: only a bundle that reads its snapshot shows it.
  const snapshot = JSON.parse(builtinRulesSnapshotText()) as BuiltinRulesSnapshot;
  snapshot.definitions.find((definition) => definition.id === 'run-as-non-root')!.title = 'Title from the snapshot';
  markedOutdir = mkdtempSync(join(root, '.test-bundle-'));
  await buildCli(markedOutdir, JSON.stringify(snapshot));
}, 60_000);

afterAll(() => {
  for (const dir of [outdir, markedOutdir, cacheRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
});

// Code caches go to a folder of the test's own, not the user's cache folder.
const cacheRoot = mkdtempSync(join(tmpdir(), 'plimsoll-test-cache-'));
const runBundle = (dir: string, args: string[], cacheDir = cacheRoot, thread?: 'main' | 'worker') =>
  spawnSync(process.execPath, [join(dir, 'plimsoll.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', PLIMSOLL_CACHE_DIR: cacheDir, ...(thread ? { PLIMSOLL_CLI_THREAD: thread } : {}) },
  });

async function inProcess(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, cwd: root, env: {} });
  return { code, stdout, stderr };
}

describe('the bundled CLI', () => {
  it('embeds the snapshot of the rule files in this checkout', () => {
    const bundle = readFileSync(join(outdir, 'plimsoll-cli.cjs'), 'utf8');
    expect(bundle).toContain(fingerprintRuleFiles(readRuleFiles(builtinRulesDirectory())));
  });

  it('keeps a code cache, made again after a larger scan, and gives the same output with it', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'plimsoll-test-cache-'));
    const cached = () => (existsSync(join(cacheDir, 'code')) ? readdirSync(join(cacheDir, 'code')) : []);
    expect(runBundle(outdir, ['rules', '--no-config'], cacheDir).status).toBe(0);
    expect(cached()).toEqual([expect.stringMatching(/^plimsoll-cli\.cjs-.*-0\.v8cache$/)]);
    const args = ['scan', 'examples', '--no-config', '--format', 'json'];
    const first = runBundle(outdir, args, cacheDir);
    const objects = (JSON.parse(first.stdout) as { summary: { objects: number } }).summary.objects;
    expect(cached()).toEqual([expect.stringMatching(new RegExp(`-${objects}\\.v8cache$`))]);
    expect(objects).toBeGreaterThan(0);
    const second = runBundle(outdir, args, cacheDir);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(first.status);
    expect(JSON.parse(second.stdout).findings.length).toBeGreaterThan(0);
  });

  it('keeps the entries small: Node parses them on every start, without the code cache', () => {
    // The launcher imports the thread choice, which imports file discovery: a stray import there once
    // pulled the scan engine into plimsoll.js (530 KB).
    for (const entry of ['plimsoll.js', 'plimsoll-worker.js', 'scan-worker.js']) {
      expect(statSync(join(outdir, entry)).size, entry).toBeLessThan(32 * 1024);
    }
    expect(statSync(join(outdir, 'plimsoll-cli.cjs')).size).toBeGreaterThan(1024 * 1024);
  });

  it('is all ASCII, so that it is read as Latin-1, and means what it meant', () => {
    const bundle = readFileSync(join(outdir, 'plimsoll-cli.cjs'));
    expect(bundle.every((byte) => byte < 0x80)).toBe(true);
    // What the escaping does to the places non-ASCII text stays in esbuild's output.
    const code = asciiOnly('/* “quoted” */ const unit = /(ns|µs|ms)/; const text = "naïve";');
    expect(code).toBe('/* \\u201cquoted\\u201d */ const unit = /(ns|\\u00b5s|ms)/; const text = "na\\u00efve";');
    const evaluated = new Function(`${code} return [unit.exec('5µs')?.[1], text];`)() as unknown[];
    expect(evaluated).toEqual(['µs', 'naïve']);
  });

  it('takes the rule definitions from its snapshot while the rule files match it', () => {
    const marked = runBundle(markedOutdir, ['rules', 'run-as-non-root', '--no-config']);
    expect(marked.status).toBe(0);
    expect(marked.stdout).toContain('Title from the snapshot');
    expect(runBundle(outdir, ['rules', 'run-as-non-root', '--no-config']).stdout).not.toContain('Title from the snapshot');
  });

  it('scans on helper threads that load the bundle, with the output of a scan on one thread', async () => {
    // 320 files: enough for two threads (scan-parallel.ts gives each at least 150).
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bundle-jobs-'));
    for (let i = 0; i < 320; i++) {
      writeFileSync(join(dir, `pod-${i}.yaml`), `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}}\nspec:\n  containers: [{name: app, image: "nginx:1.${i}"}]\n`);
    }
    const args = ['scan', dir, '--no-config', '--format', 'json', '--fail-on', 'none'];
    const parallel = runBundle(outdir, [...args, '--jobs', '2'], cacheRoot, 'worker');
    const direct = await inProcess([...args, '--jobs', '1']);
    expect(parallel.status).toBe(0);
    expect(JSON.parse(parallel.stdout).summary.files).toBe(320);
    expect(parallel.stdout).toBe(direct.stdout);
    rmSync(dir, { recursive: true, force: true });
  });

  const commands = [
    ['scan', 'examples', '--no-config', '--format', 'json'],
    ['scan', 'examples', '--no-config', '--format', 'sarif', '--fail-on', 'none'],
    ['rules', '--no-config'],
    ['rules', 'run-as-non-root', '--no-config'],
  ];
  it.each((['main', 'worker'] as const).flatMap((thread) => commands.map((args) => [thread, args] as const)))(
    'gives the same output and exit code as the sources, on the %s thread: %j',
    async (thread, args) => {
      const bundled = runBundle(outdir, args, cacheRoot, thread);
      const direct = await inProcess(args);
      expect(bundled.status).toBe(direct.code);
      expect(bundled.stdout.length).toBeGreaterThan(500);
      expect(bundled.stdout).toBe(direct.stdout);
      expect(bundled.stderr).toBe(direct.stderr);
    },
  );
});

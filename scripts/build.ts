// Bundles the CLI into dist/plimsoll.js, a launcher, dist/plimsoll-worker.js, the entry of the worker
// thread it starts, and dist/plimsoll-cli.cjs, the CLI that worker loads (installed packages cannot run
// TypeScript from node_modules),
// and the scan worker into dist/scan-worker.js, the helper thread of parallel scans (--jobs).
// The built-in rules stay data in rules/, found at run time next to the bundle; the bundles also carry
// a snapshot of them, parsed and checked now, which a start uses while those files are unchanged
// (src/rules/builtin-rules-snapshot.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { builtinRulesSnapshotText } from '../src/rules/load-rules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * commander loads child_process when it loads (~3 ms of every start, with the net and dgram modules it
 * pulls in) for executable subcommands, which the CLI has none of: it gets the module on first use.
 */
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= process.getBuiltinModule('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

/**
 * Writes the four bundles into `outdir` (dist/ normally; tests build elsewhere, and may embed a
 * snapshot of their own to see that the bundle uses it).
 */
export async function buildCli(outdir: string, snapshot = builtinRulesSnapshotText()): Promise<void> {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    absWorkingDir: root,
    banner: { js: "import { createRequire as __plimsollCreateRequire } from 'node:module'; const require = __plimsollCreateRequire(import.meta.url);" },
    logLevel: 'warning',
    define: { PLIMSOLL_BUILTIN_RULES_SNAPSHOT: JSON.stringify(snapshot) },
    plugins: [lazyChildProcessForCommander] as Plugin[],
  } as const;
  await build({ ...common, entryPoints: ['bin/plimsoll.ts'], outfile: join(outdir, 'plimsoll.js') });
  await build({ ...common, entryPoints: ['bin/plimsoll-worker.ts'], outfile: join(outdir, 'plimsoll-worker.js') });
  // CommonJS, so that bin/code-cache.ts can load it with a code cache (vm.Script); import.meta.url,
  // which the rules folder and the scan worker are found by, becomes the bundle's own file URL.
  const cli = await build({
    ...common,
    entryPoints: ['bin/plimsoll-cli.ts'],
    outfile: join(outdir, 'plimsoll-cli.cjs'),
    format: 'cjs',
    banner: { js: "const __plimsollModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { ...common.define, 'import.meta.url': '__plimsollModuleUrl' },
    write: false,
  });
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'plimsoll-cli.cjs'), asciiOnly(cli.outputFiles[0]!.text));
  await build({ ...common, entryPoints: ['bin/scan-worker.ts'], outfile: join(outdir, 'scan-worker.js') });
}

/**
 * The code with every non-ASCII character written as a \\u escape. esbuild escapes them in strings
 * but leaves a few in comments and regular expressions; an all-ASCII bundle is read as Latin-1, which
 * takes ~1 ms where decoding 4.7 MB as UTF-8 takes ~10 ms of every start (bin/code-cache.ts). The
 * escapes mean the same in strings, regular expressions and comments, the only places they occur.
 */
export function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli(join(root, 'dist'));

// Bundles the Action into action/dist/index.js. @actions/core 3 and @actions/github 9 are ESM-only,
// which ncc cannot bundle; esbuild can. The built-in rules stay data in rules/ at the repository
// root, which the bundle finds by walking up (see builtinRulesDirectory).
// `node scripts/build-action.ts` writes the bundle; buildActionBundle() returns it for the staleness test.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ACTION_BUNDLE = new URL('../action/dist/index.js', import.meta.url);

export async function buildActionBundle(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../action/src/index.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Reproducible output: no absolute paths, no timestamps, no source maps.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    legalComments: 'none',
    banner: { js: "import { createRequire as __plimsollCreateRequire } from 'node:module'; const require = __plimsollCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(new URL('.', ACTION_BUNDLE), { recursive: true });
  writeFileSync(ACTION_BUNDLE, await buildActionBundle());
  console.log(`Wrote ${fileURLToPath(ACTION_BUNDLE)}`);
}

// Bundles the CLI into dist/plimsoll.js (installed packages cannot run TypeScript from node_modules).
// The built-in rules stay data in rules/, found at run time next to the bundle.
import { build } from 'esbuild';

await build({
  entryPoints: ['bin/plimsoll.ts'],
  outfile: 'dist/plimsoll.js',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  banner: { js: "import { createRequire as __plimsollCreateRequire } from 'node:module'; const require = __plimsollCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

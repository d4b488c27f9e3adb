// Bundles the CLI into dist/plimsoll.js, a launcher, dist/plimsoll-worker.js, the entry of the worker
// thread it starts, and dist/plimsoll-cli.js, the CLI that worker loads (installed packages cannot run
// TypeScript from node_modules),
// and the scan worker into dist/scan-worker.js, which the bundle starts for large scans.
// The built-in rules stay data in rules/, found at run time next to the bundle.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  banner: { js: "import { createRequire as __plimsollCreateRequire } from 'node:module'; const require = __plimsollCreateRequire(import.meta.url);" },
  logLevel: 'warning',
} as const;

await build({ ...common, entryPoints: ['bin/plimsoll.ts'], outfile: 'dist/plimsoll.js' });
await build({ ...common, entryPoints: ['bin/plimsoll-worker.ts'], outfile: 'dist/plimsoll-worker.js' });
await build({ ...common, entryPoints: ['bin/plimsoll-cli.ts'], outfile: 'dist/plimsoll-cli.js' });
await build({ ...common, entryPoints: ['src/engine/scan-worker.ts'], outfile: 'dist/scan-worker.js' });

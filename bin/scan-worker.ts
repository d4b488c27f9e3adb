// A helper thread of a parallel scan, built (dist/scan-worker.js, started by the scan engine in
// dist/plimsoll-cli.cjs): loads the CLI bundle with the code cache the CLI keeps (code-cache.ts), so
// that the helper starts with the scan's functions compiled, and serves scan requests. It never
// writes the cache: the CLI thread does, after the scan.
import { fileURLToPath } from 'node:url';
import { codeCacheDirectory, loadBundle } from './code-cache.ts';
import type { Cli } from './load-cli.ts';

loadBundle<Cli>(fileURLToPath(new URL('./plimsoll-cli.cjs', import.meta.url)), codeCacheDirectory()).exports.serveScanRequests();

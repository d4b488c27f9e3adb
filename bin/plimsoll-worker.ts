// The CLI worker thread's entry (bin/plimsoll.ts starts it): turns on Node's compile cache, then
// loads the CLI. The CLI bundle is 4 MB of JavaScript that V8 compiled on every start; with the cache
// (Node's own, in the system temp folder, keyed by Node version and file content) a one-file scan
// starts ~50 ms sooner. It must be on before the CLI's code is loaded, and a worker does not inherit
// the launcher's, hence this file. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';

module.enableCompileCache?.();
// Not a literal: the bundler leaves it alone, and the worker loads the CLI bundle next to this file.
const cli = import.meta.url.endsWith('.ts') ? './plimsoll-cli.ts' : './plimsoll-cli.js';
await import(new URL(cli, import.meta.url).href);

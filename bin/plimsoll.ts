#!/usr/bin/env node
// CLI entry: wires the real process to runCli. Node 24 runs this TypeScript file directly.
//
// Small inputs run on this main thread. Large ones run in a worker thread, because a worker's heap can
// be sized and a program cannot resize its own once started: V8 gives the main thread a young
// generation and heap growth sized for interactive servers on large machines, which let a
// 50,000-resource scan take ~550 MB resident for ~100 MB of live data; with a 32 MB young generation
// it takes 410-440 MB, for a few percent more time collecting garbage (docs/benchmarks.md). A worker
// also turns running out of heap into a clear error. Starting one costs ~30 ms, which small scans do
// without (cli-thread-choice.ts). Small inputs also run without V8's TurboFan compiler (jit-tiers.ts).
import { chooseCliLaunch } from './cli-thread-choice.ts';
import { setJitTiers } from './jit-tiers.ts';
import { withCli } from './load-cli.ts';
import { pipeSafeWriter, reportWriteError } from './pipe-safe-writer.ts';
import type { CliMessage, CliWorkerData } from './plimsoll-cli.ts';

/**
 * Young generation of the CLI's heap (MB). Measured at 50k resources: 16 MB and 32 MB peak at
 * 420-445 MB with about the same collection time, 64 MB at ~485 MB with 0.2-0.5 s less of it.
 */
const YOUNG_GENERATION_MB = 32;

const internalError = (error: unknown) => {
  process.stderr.write(`plimsoll: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
};

const launch = chooseCliLaunch(process.argv.slice(2), process.cwd());
setJitTiers(launch.tiers);
if (launch.thread === 'main') {
  // Exit code 2, as from the worker: Node's own exit code for a crash, 1, means "findings block".
  process.on('uncaughtException', internalError);
  process.on('unhandledRejection', internalError);
  await withCli(import.meta.url, (cli, hooks) => cli.runCliHere(hooks));
} else {
  runInWorker();
}

function runInWorker(): void {
  // The worker's entry (it loads the CLI): TypeScript when run from source, the bundle's sibling when built.
  const cliFile = new URL(import.meta.url.endsWith('.ts') ? './plimsoll-worker.ts' : './plimsoll-worker.js', import.meta.url);
  // Loaded here, not imported: a run on the main thread never needs worker_threads (~3 ms to load).
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(cliFile, {
    argv: process.argv.slice(2),
    workerData: { isTty: Boolean(process.stdout.isTTY), stderrIsTty: Boolean(process.stderr.isTTY) } satisfies CliWorkerData,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  let finished = false;
  let writeError: Error | undefined;
  const failed = (error: Error) => void (writeError ??= error);
  const stdout = pipeSafeWriter(process.stdout, failed);
  const stderr = pipeSafeWriter(process.stderr, failed);
  worker.on('message', (message: CliMessage) => {
    if ('exitCode' in message) {
      finished = true;
      process.exitCode = message.exitCode;
    } else if (message.stream === 'stdout') stdout(message.text);
    else stderr(message.text);
  });
  worker.on('error', (error: Error & { code?: string }) => {
    finished = true;
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      process.stderr.write(
        "plimsoll: out of memory: the scan needs more than Node's heap limit; raise it (NODE_OPTIONS=--max-old-space-size=MB) or scan fewer files at a time.\n",
      );
      process.exitCode = 2;
    } else internalError(error);
  });
  worker.on('exit', (code) => {
    if (writeError) process.exitCode = reportWriteError(writeError);
    if (finished) return;
    process.stderr.write(`plimsoll: internal error: the CLI stopped unexpectedly (exit code ${code})\n`);
    process.exitCode = 2;
  });
}

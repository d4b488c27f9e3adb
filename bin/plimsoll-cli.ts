// The CLI proper, run by bin/plimsoll.ts on its main thread (small inputs) or in a worker thread
// (entered through bin/plimsoll-worker.ts). In the worker, output goes to the launcher as messages, in
// order, and the exit code last, so nothing written is lost when the worker ends.
import { runCli, type CliIo } from '../src/cli/main.ts';
import { pipeSafeWriter, reportWriteError } from './pipe-safe-writer.ts';

// Helper threads of parallel scans load this bundle too (bin/scan-worker.ts).
export { serveScanRequests } from '../src/engine/scan-helper.ts';

/** What the CLI worker sends: its output, in order, then its exit code. */
export type CliMessage = { stream: 'stdout' | 'stderr'; text: string } | { exitCode: number };

export interface CliWorkerData {
  isTty: boolean;
  stderrIsTty: boolean;
}

/** Runs the command of this thread's argv and posts its output and exit code to the launcher. */
export async function runCliThread(hooks: Pick<CliIo, 'onScanned'> = {}): Promise<void> {
  // Loaded here, not imported: a scan on the main thread never needs worker_threads (~3 ms to load).
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  const port = parentPort;
  if (!port) throw new Error('plimsoll-cli runs in the worker thread bin/plimsoll.ts starts');
  const data = workerData as CliWorkerData;
  const exitCode = await runGuarded({
    stdout: (text) => port.postMessage({ stream: 'stdout', text } satisfies CliMessage),
    stderr: (text) => port.postMessage({ stream: 'stderr', text } satisfies CliMessage),
    isTty: data.isTty,
    stderrIsTty: data.stderrIsTty,
    cwd: process.cwd(),
    env: process.env,
    ...hooks,
  });
  port.postMessage({ exitCode } satisfies CliMessage);
}

/** Runs the command of the process's argv on this (main) thread, on the process's own streams. */
export async function runCliHere(hooks: Pick<CliIo, 'onScanned'> = {}): Promise<void> {
  let writeError: Error | undefined;
  const failed = (error: Error) => void (writeError ??= error);
  const exitCode = await runGuarded({
    stdout: pipeSafeWriter(process.stdout, failed),
    stderr: pipeSafeWriter(process.stderr, failed),
    isTty: Boolean(process.stdout.isTTY),
    stderrIsTty: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    ...hooks,
  });
  process.exitCode = writeError ? reportWriteError(writeError) : exitCode;
}

/** runCli, with an error it did not expect reported as an internal error (exit code 2). */
function runGuarded(io: CliIo): Promise<number> {
  return runCli(process.argv.slice(2), io).catch((error: unknown) => {
    io.stderr(`plimsoll: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  });
}

// The CLI proper, run by bin/plimsoll.ts in a worker thread (entered through bin/plimsoll-worker.ts):
// output goes to the launcher as messages, in order, and the exit code last, so nothing written is
// lost when the worker ends.
import { parentPort, workerData } from 'node:worker_threads';
import { runCli, type CliIo } from '../src/cli/main.ts';

/** What the CLI worker sends: its output, in order, then its exit code. */
export type CliMessage = { stream: 'stdout' | 'stderr'; text: string } | { exitCode: number };

export interface CliWorkerData {
  isTty: boolean;
  stderrIsTty: boolean;
}

/** Runs the command of this thread's argv and posts its output and exit code to the launcher. */
export async function runCliThread(hooks: Pick<CliIo, 'onScanned'> = {}): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('plimsoll-cli runs in the worker thread bin/plimsoll.ts starts');
  const data = workerData as CliWorkerData;
  const exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => port.postMessage({ stream: 'stdout', text } satisfies CliMessage),
    stderr: (text) => port.postMessage({ stream: 'stderr', text } satisfies CliMessage),
    isTty: data.isTty,
    stderrIsTty: data.stderrIsTty,
    cwd: process.cwd(),
    env: process.env,
    ...hooks,
  }).catch((error: unknown) => {
    port.postMessage({ stream: 'stderr', text: `plimsoll: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` } satisfies CliMessage);
    return 2;
  });
  port.postMessage({ exitCode } satisfies CliMessage);
}

// The work of a helper thread of a parallel scan (scan-parallel.ts): loads the same configuration as
// the thread that started it, then scans the batches of files it is sent and posts back what
// scan-file.ts gives for each. Rules hold functions, so each thread compiles its own (from the
// bundle's rules snapshot, on first use: a helper pays only for the rules it reaches). The thread's
// entry is scan-worker.ts from source, bin/scan-worker.ts built (it loads the CLI bundle with the
// code cache the CLI keeps, so that a helper does not compile the scan again).
import { emptyConfig, loadConfigFile } from '../config/load-config.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { ContextPhase } from '../context/context-phase.ts';
import { resolveScanTextOptions } from './scan.ts';
import { fileScanner } from './scan-file.ts';
import type { WorkerRequest, WorkerSetup } from './scan-parallel.ts';

/** Serves scan requests on this thread's port until sent null. */
export function serveScanRequests(): void {
  // Loaded here, not imported: the CLI bundle carries this module, and most starts never need threads.
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  if (!parentPort) throw new Error('a scan helper runs as a worker thread of scan-parallel.ts');
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const config = resolveConfig(setup.configFile ? loadConfigFile(setup.configFile) : emptyConfig());
  const scanOptions = { ...config.scanOptions, ...setup.overrides };
  const textOptions = resolveScanTextOptions(scanOptions);
  const scanFile = fileScanner(setup.cwd, textOptions, new ContextPhase(textOptions, scanOptions));

  port.on('message', (request: WorkerRequest | null) => {
    // null: no more work. Closing the port lets the thread end on its own.
    if (request === null) port.close();
    else port.postMessage(request.files.map(scanFile));
  });
  port.postMessage('ready');
}

// A scan worker (scan-parallel.ts): loads the same configuration as the main thread, then scans
// the files it is sent and posts back findings, object counts and, for cross-object rules, the
// objects' summaries (the main thread re-reads a file's text if one of them has a finding). Rules hold functions, so each worker compiles its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyConfig, loadConfigFile } from '../config/load-config.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { ContextPhase } from '../context/context-phase.ts';
import { resolveScanTextOptions } from './scan.ts';
import { scanBytes } from './scan-text.ts';
import type { FileResult, WorkerRequest, WorkerSetup } from './scan-parallel.ts';

// Runs as a child process (scan-parallel.ts forks it): its own heap and garbage collector, so the
// workers never pause one another, and one that dies ends the scan with a clear error.
const setup = JSON.parse(process.env.PLIMSOLL_WORKER_SETUP ?? 'null') as WorkerSetup;
const send = (message: unknown) => process.send!(message);
const config = resolveConfig(setup.configFile ? loadConfigFile(setup.configFile) : emptyConfig());
const scanOptions = { ...config.scanOptions, ...setup.overrides };
const textOptions = resolveScanTextOptions(scanOptions);
const context = new ContextPhase(textOptions, scanOptions);

process.on('message', (request: WorkerRequest) => {
  const results: FileResult[] = request.files.map((file) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(setup.cwd, file));
    } catch (error) {
      return { file, error: error instanceof Error ? error.message : String(error) };
    }
    const scan = scanBytes(file, bytes, textOptions);
    const result: FileResult = { file, findings: scan.findings, objects: scan.objects.length };
    if (context.active && scan.objects.length > 0) result.context = { summaries: context.summariesOf(scan) };
    return result;
  });
  send(results);
});
send('ready');
// Ends when the parent closes the channel.
process.on('disconnect', () => process.exit(0));

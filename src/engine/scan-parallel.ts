// Scans many files on several cores: worker processes (scan-worker.ts) each scan batches of files, the
// main process merges their findings and runs the cross-object phase over their summaries. Small scans
// stay in the main process, where starting workers would cost more than it saves. The result is the
// same as scanSources' (findings sorted the same way), whatever the number of workers.
// On the 2-vCPU machines we measure on, two workers were no faster than one process (docs/benchmarks.md),
// so by default workers are only used from 4 cores up; `--jobs` chooses explicitly.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ContextPhase } from '../context/context-phase.ts';
import type { IndexedObject } from '../context/context-index.ts';
import { resolveScanTextOptions, sortFindings, type ScanOptions, type ScanResult, type SourceFile } from './scan.ts';
import { scanBytes } from './scan-text.ts';
import { StringPool } from './compact-copy.ts';
import type { Finding } from '../types.ts';

/** What a worker needs to build the same scan options as the main thread. */
export interface WorkerSetup {
  cwd: string;
  /** Absolute path of the configuration file the main thread loaded, or null for the defaults. */
  configFile: string | null;
  /** Plain-data scan options set on top of the configuration (no functions: they cross threads). */
  overrides: Pick<ScanOptions, 'fixes' | 'defaultNamespace' | 'completeNamespaces'>;
}

export interface WorkerRequest {
  files: string[];
}

export type FileResult =
  | { file: string; findings: Finding[]; objects: number; context?: { summaries: IndexedObject[] }; error?: undefined }
  | { file: string; error: string };

export interface ParallelScanOptions {
  /** The main thread's scan options: the same configuration plus `setup.overrides`. */
  scanOptions: ScanOptions;
  setup: WorkerSetup;
  /** Worker processes to use; 1 scans in this process. Default: one per core from 4 cores up (at most 8), else 1. */
  jobs?: number;
  /** Called as files finish, for a progress indicator. */
  onProgress?: (done: number, total: number) => void;
}

/** Below this many files per worker, one process is faster: a worker takes ~0.5 s to load its rules. */
const FILES_PER_WORKER = 150;
const BATCH_SIZE = 16;

export async function scanFilesParallel(files: readonly string[], options: ParallelScanOptions): Promise<ScanResult> {
  const textOptions = resolveScanTextOptions(options.scanOptions);
  const cwd = options.setup.cwd;
  const context = new ContextPhase(textOptions, {
    ...options.scanOptions,
    // Files are on disk: re-read the few with cross-object findings instead of keeping every text.
    rereadReported: (file) => {
      try {
        return readFileSync(join(cwd, file), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const findings: Finding[] = [];
  // Findings are kept until the report: as compact copies (compact-copy.ts), whichever process made them.
  const strings = new StringPool();
  let objects = 0;
  let done = 0;
  const take = (result: FileResult) => {
    if (result.error !== undefined) throw new Error(`Cannot read ${result.file}: ${result.error}`);
    for (const finding of result.findings) findings.push(strings.finding(finding));
    objects += result.objects;
    if (result.context) context.addReportedSummaries(result.file, undefined, result.context.summaries);
    done += 1;
    options.onProgress?.(done, files.length);
  };

  const cores = availableParallelism();
  const wanted = options.jobs ?? (cores >= 4 ? Math.min(cores, 8) : 1);
  const jobs = Math.max(1, Math.min(wanted, Math.floor(files.length / FILES_PER_WORKER)));
  if (jobs <= 1) {
    for (const file of files) {
      const scan = scanBytes(file, readFileSync(join(options.setup.cwd, file)), textOptions);
      take({
        file,
        findings: scan.findings,
        objects: scan.objects.length,
        ...(context.active ? { context: { summaries: context.summariesOf(scan) } } : {}),
      });
    }
  } else {
    await runWorkers(files, jobs, options.setup, (result) =>
      take(result.error === undefined && result.context ? { ...result, context: { summaries: context.pooled(result.context.summaries) } } : result),
    );
  }

  const result: ScanResult = { findings, files: files.length, objects, rules: textOptions.rules };
  if (context.active) {
    for (const source of options.scanOptions.contextSources ?? ([] as SourceFile[])) context.addContextSource(source.path, source.bytes);
    findings.push(...context.findings());
    result.context = context.summary;
  }
  sortFindings(findings);
  return result;
}

/** Hands out batches to whichever worker is free, so a slow file never leaves a core idle. */
function runWorkers(files: readonly string[], jobs: number, setup: WorkerSetup, take: (result: FileResult) => void): Promise<void> {
  const workerPath = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', import.meta.url));
  let next = 0;
  let running = jobs;
  const workers: ChildProcess[] = [];
  const finished = new Set<ChildProcess>();
  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      for (const worker of workers) {
        finished.add(worker);
        worker.kill();
      }
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const send = (worker: ChildProcess) => {
      if (next >= files.length) {
        finished.add(worker);
        worker.disconnect();
        running -= 1;
        if (running === 0) resolve();
        return;
      }
      const batch = files.slice(next, next + BATCH_SIZE);
      next += batch.length;
      worker.send({ files: batch } satisfies WorkerRequest);
    };
    for (let i = 0; i < jobs; i++) {
      const worker = fork(workerPath, [], {
        // Structured clone over the channel (findings carry undefined fields and nested objects).
        serialization: 'advanced',
        env: { ...process.env, PLIMSOLL_WORKER_SETUP: JSON.stringify(setup) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      workers.push(worker);
      worker.on('message', (message: 'ready' | FileResult[]) => {
        try {
          if (message !== 'ready') for (const result of message) take(result);
          send(worker);
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code, signal) => {
        // Workers end when send() disconnects them after the last batch; any other exit is a failure.
        if (!finished.has(worker)) fail(new Error(`A scan worker stopped unexpectedly (${signal ?? `exit code ${code}`})`));
      });
    }
  });
}

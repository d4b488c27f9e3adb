// Scans many files on several cores: this thread and helper threads (scan-worker.ts) take batches of
// files from one queue, and this thread merges their findings and runs the cross-object phase over
// their summaries. Small scans stay on this thread, where starting helpers would cost more than it
// saves. The result is the same as scanSources' (findings sorted the same way), whatever the number of
// threads.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { readManifestFile } from '../files/read-manifest-file.ts';
import { linkBoundary } from '../files/link-boundary.ts';
import type { Worker } from 'node:worker_threads';
import { ContextPhase } from '../context/context-phase.ts';
import { resolveScanTextOptions, sortFindings, type ScanOptions, type ScanResult, type SourceFile } from './scan.ts';
import { StringPool } from './compact-copy.ts';
import { fileScanner, type FileResult, type FileScanner } from './scan-file.ts';
import type { Finding } from '../types.ts';

/** What a helper thread needs to build the same scan options as the thread that starts it. */
export interface WorkerSetup {
  cwd: string;
  /** Absolute path of the configuration file the main thread loaded, or null for the defaults. */
  configFile: string | null;
  /** Plain-data scan options set on top of the configuration (no functions: they cross threads). */
  overrides: Pick<ScanOptions, 'fixes' | 'defaultNamespace' | 'completeNamespaces' | 'kustomizePatches'>;
}

export interface WorkerRequest {
  files: string[];
}

export interface ParallelScanOptions {
  /** The main thread's scan options: the same configuration plus `setup.overrides`. */
  scanOptions: ScanOptions;
  setup: WorkerSetup;
  /**
   * Threads that scan, this one included; 1 scans on this thread only. Default: defaultJobs(). Fewer
   * when there are not FILES_PER_THREAD files for each.
   */
  jobs?: number;
  /** Called as files finish, for a progress indicator. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Below this many files per thread, fewer threads are faster: a helper takes ~0.1 s to start and load
 * its rules, and runs cold (unoptimised) code for its first few hundred objects.
 */
const FILES_PER_THREAD = 150;
const BATCH_SIZE = 16;
/** The same young-generation size as the CLI's own thread (bin/plimsoll.ts): peak memory stays low. */
const HELPER_YOUNG_GENERATION_MB = 32;

export async function scanFilesParallel(files: readonly string[], options: ParallelScanOptions): Promise<ScanResult> {
  const textOptions = resolveScanTextOptions(options.scanOptions);
  const cwd = options.setup.cwd;
  const linksWithin = linkBoundary(cwd);
  const context = new ContextPhase(textOptions, {
    ...options.scanOptions,
    // Files are on disk: re-read the few with cross-object findings instead of keeping every text.
    rereadReported: (file) => {
      const read = readManifestFile(resolve(cwd, file), { linksWithin, regularFilesOnly: true });
      return 'bytes' in read ? read.bytes.toString('utf8') : undefined;
    },
  });
  const findings: Finding[] = [];
  // Findings are kept until the report: as compact copies (compact-copy.ts), whichever thread made them.
  const strings = new StringPool();
  let objects = 0;
  let done = 0;
  const take = (result: FileResult, fromHelper: boolean) => {
    for (const finding of result.findings) findings.push(strings.finding(finding));
    objects += result.objects;
    if (result.context) {
      // A helper's summaries arrive as fresh copies: pooled, their repeated strings are kept once.
      const summaries = fromHelper ? context.pooled(result.context.summaries) : result.context.summaries;
      context.addReportedSummaries(result.file, undefined, summaries);
    }
    done += 1;
    options.onProgress?.(done, files.length);
  };

  const scanHere = fileScanner(cwd, textOptions, context);
  const threads = Math.max(1, Math.min(options.jobs ?? defaultJobs(), Math.floor(files.length / FILES_PER_THREAD)));
  if (threads <= 1) for (const file of files) take(scanHere(file), false);
  else await scanWithHelpers(files, threads - 1, options.setup, scanHere, take);

  const result: ScanResult = { findings, files: files.length, objects, rules: textOptions.rules };
  if (context.active) {
    for (const source of options.scanOptions.contextSources ?? ([] as SourceFile[])) context.addContextSource(source.path, source.bytes);
    findings.push(...context.findings());
    result.context = context.summary;
  }
  sortFindings(findings);
  return result;
}

/**
 * One thread per core from 4 cores up (at most 8), else 1. On 2 vCPUs a second thread made scans
 * slower (docs/benchmarks.md): one scan already keeps ~1.2 cores busy, its garbage collector and
 * optimising compiler running beside it, and every thread compiles the hot code again for itself.
 */
function defaultJobs(): number {
  const cores = availableParallelism();
  return cores >= 4 ? Math.min(cores, 8) : 1;
}

/**
 * This thread and `helperCount` helper threads take batches of files from one queue until it is
 * empty, so a slow file never leaves a core idle. This thread scans a batch at a time and lets the
 * helpers' results in between.
 */
async function scanWithHelpers(
  files: readonly string[],
  helperCount: number,
  setup: WorkerSetup,
  scanHere: FileScanner,
  take: (result: FileResult, fromHelper: boolean) => void,
): Promise<void> {
  const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './scan-worker.ts' : './scan-worker.js', import.meta.url);
  let next = 0;
  const nextBatch = () => {
    const batch = files.slice(next, next + BATCH_SIZE);
    next += batch.length;
    return batch;
  };
  let failure: Error | undefined;
  let working = helperCount;
  let helpersDone!: () => void;
  const allHelpersDone = new Promise<void>((resolve) => (helpersDone = resolve));
  const helpers: Worker[] = [];
  const retired = new Set<Worker>();
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    for (const helper of helpers) {
      retired.add(helper);
      void helper.terminate();
    }
    helpersDone();
  };
  const inFlight = new Map<Worker, number>();
  const sendWork = (helper: Worker) => {
    const batch = nextBatch();
    if (batch.length > 0) {
      inFlight.set(helper, (inFlight.get(helper) ?? 0) + 1);
      return helper.postMessage({ files: batch } satisfies WorkerRequest);
    }
    if (inFlight.get(helper)) return;
    retired.add(helper);
    helper.postMessage(null);
    working -= 1;
    if (working === 0) helpersDone();
  };

  // Loaded here, not imported: most scans run on one thread, and worker_threads costs a start ~3 ms.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  for (let i = 0; i < helperCount; i++) {
    const helper = new Worker(workerUrl, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: HELPER_YOUNG_GENERATION_MB } });
    helpers.push(helper);
    helper.on('message', (message: 'ready' | FileResult[]) => {
      if (failure) return;
      try {
        if (message === 'ready') {
          // Two batches in flight: the helper starts the second while this thread, busy with a batch
          // of its own, has not yet read the first one's results.
          sendWork(helper);
          if (!retired.has(helper)) sendWork(helper);
          return;
        }
        inFlight.set(helper, inFlight.get(helper)! - 1);
        for (const result of message) take(result, true);
        sendWork(helper);
      } catch (error) {
        fail(error);
      }
    });
    helper.on('error', (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error('A scan thread ran out of memory; raise the heap limit (NODE_OPTIONS=--max-old-space-size=MB) or use fewer --jobs')
          : error,
      ),
    );
    helper.on('exit', (code) => {
      // Helpers end after sendWork retires them; any other exit is a failure.
      if (!retired.has(helper)) fail(new Error(`A scan thread stopped unexpectedly (exit code ${code})`));
    });
  }

  try {
    for (let batch = nextBatch(); batch.length > 0 && !failure; batch = nextBatch()) {
      for (const file of batch) take(scanHere(file), false);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    fail(error);
  }
  await allHelpersDone;
  if (failure) throw failure;
}

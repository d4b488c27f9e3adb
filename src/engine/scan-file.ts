// One file of a parallel scan, scanned the same way on every thread: its bytes read from disk, the
// shared scan options, the summaries cross-object rules need (scan-parallel.ts, scan-worker.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextPhase } from '../context/context-phase.ts';
import type { IndexedObject } from '../context/context-index.ts';
import type { ScanTextOptions } from './scan-text.ts';
import { scanBytes } from './scan-text.ts';
import type { Finding } from '../types.ts';

export type FileResult =
  | { file: string; findings: Finding[]; objects: number; context?: { summaries: IndexedObject[] }; error?: undefined }
  | { file: string; error: string };

export type FileScanner = (file: string) => FileResult;

/** Scans files named relative to `cwd`; a file that cannot be read gives a result with its error. */
export function fileScanner(cwd: string, options: ScanTextOptions, context: ContextPhase): FileScanner {
  return (file) => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(join(cwd, file));
    } catch (error) {
      return { file, error: error instanceof Error ? error.message : String(error) };
    }
    const scan = scanBytes(file, bytes, options);
    const result: FileResult = { file, findings: scan.findings, objects: scan.objects.length };
    if (context.active && scan.objects.length > 0) result.context = { summaries: context.summariesOf(scan) };
    return result;
  };
}

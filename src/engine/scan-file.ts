// One file of a parallel scan, scanned the same way on every thread: its bytes read from disk, the
// shared scan options, the summaries cross-object rules need (scan-parallel.ts, scan-helper.ts).
import { resolve } from 'node:path';
import type { ContextPhase } from '../context/context-phase.ts';
import type { IndexedObject } from '../context/context-index.ts';
import type { ScanTextOptions } from './scan-text.ts';
import { scanBytes, unreadableFileScan } from './scan-text.ts';
import { readManifestFile } from '../files/read-manifest-file.ts';
import { linkBoundary } from '../files/link-boundary.ts';
import type { Finding } from '../types.ts';

export interface FileResult {
  file: string;
  findings: Finding[];
  objects: number;
  context?: { summaries: IndexedObject[] };
}

export type FileScanner = (file: string) => FileResult;

/** Scans files named relative to `cwd`; a file that cannot be read gives an unreadable-file finding. */
export function fileScanner(cwd: string, options: ScanTextOptions, context: ContextPhase): FileScanner {
  const linksWithin = linkBoundary(cwd);
  return (file) => {
    const read = readManifestFile(resolve(cwd, file), { linksWithin });
    const scan = 'problem' in read ? unreadableFileScan(file, read.problem, options) : scanBytes(file, read.bytes, options);
    const result: FileResult = { file, findings: scan.findings, objects: scan.objects.length };
    if (context.active && scan.objects.length > 0) result.context = { summaries: context.summariesOf(scan) };
    return result;
  };
}

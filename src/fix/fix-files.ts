// Fix content for a fix commit: every changed file's new text, from the same loop as `plimsoll fix`.
import { resolveScanTextOptions, type ScanOptions } from '../engine/scan.ts';
import type { Finding } from '../types.ts';
import { fixText, type FixTextOptions } from './fix-file-text.ts';

export interface FileFix {
  path: string;
  before: string;
  after: string;
  /** Findings the new text no longer has. */
  fixed: Finding[];
  /** Fixable findings left (conflicts that did not settle). */
  unfixed: Finding[];
}

/** Only files whose text changes are returned, in input order. */
export function fixFiles(files: Iterable<{ path: string; text: string }>, scanOptions: ScanOptions = {}, options: FixTextOptions = {}): FileFix[] {
  const textOptions = resolveScanTextOptions(scanOptions);
  const out: FileFix[] = [];
  for (const { path, text } of files) {
    const result = fixText(path, text, textOptions, options);
    if (result.text !== text) out.push({ path, before: text, after: result.text, fixed: result.fixed, unfixed: result.unfixed });
  }
  return out;
}

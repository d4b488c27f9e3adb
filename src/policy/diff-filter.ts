// Diff awareness: which findings a pull request is answerable for (the filter modes of reviewdog).
import type { Finding } from '../types.ts';
import type { ChangeSet } from './change-set.ts';

export const FILTER_MODES = ['added', 'diff_context', 'file', 'nofilter'] as const;
export type FilterMode = (typeof FILTER_MODES)[number];

/**
 * `added`: a line of the finding was added; `diff_context`: a line of it is inside a hunk;
 * `file`: its file changed; `nofilter`: every finding. A new file, or a changed file whose patch
 * GitHub omitted, counts as changed on every line; a pure rename changes no line.
 */
export function isInDiff(finding: Finding, changes: ChangeSet, mode: FilterMode): boolean {
  if (mode === 'nofilter') return true;
  const file = changes.get(finding.file);
  if (!file) return false;
  if (mode === 'file' || file.isNew || file.patchMissing) return true;
  const lines = mode === 'added' ? file.added : file.inHunks;
  for (let line = finding.range.start.line; line <= finding.range.end.line; line++) {
    if (lines.has(line)) return true;
  }
  return false;
}

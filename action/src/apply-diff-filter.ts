// The `filter` input, reviewdog's four modes: `added` keeps findings on added lines, `diff_context`
// on any line of a diff hunk, `file` anywhere in a changed file, `nofilter` everything. A file with
// no patch (binary or too large for GitHub) counts as changed throughout.
// Seam: the policy module (src/policy) owns diff filtering for the CLI and the App; switch to it
// when it lands so the three front ends filter alike.
import { parseFileDiff } from '../../src/github/diff-hunks.ts';
import type { ChangedFile } from '../../src/github/pull-request-api.ts';
import type { Finding } from '../../src/types.ts';
import type { DiffFilterMode } from './action-inputs.ts';

export function applyDiffFilter(findings: readonly Finding[], changed: readonly ChangedFile[], mode: DiffFilterMode): { kept: Finding[]; dropped: number } {
  if (mode === 'nofilter') return { kept: [...findings], dropped: 0 };
  const files = new Map(changed.map((f) => [f.path, f]));
  const diffs = new Map<string, ReturnType<typeof parseFileDiff>>();
  const kept = findings.filter((finding) => {
    const file = files.get(finding.file);
    if (!file) return false;
    if (mode === 'file' || file.patch === undefined) return true;
    let diff = diffs.get(file.path);
    if (!diff) diffs.set(file.path, (diff = parseFileDiff(file.path, file.patch)));
    // Findings about the file itself (parse errors) point at a line too; whole-file problems stay.
    const line = finding.range.start.line;
    return mode === 'added' ? diff.added.has(line) || !finding.object : diff.rightLines.has(line) || !finding.object;
  });
  return { kept, dropped: findings.length - kept.length };
}

// Builds the `patch` field GitHub returns for a pull request file: hunks only, no file headers.
// jsdiff is the well-kept JavaScript diff library.
import { structuredPatch } from 'diff';

export interface GitHubPatch {
  patch: string;
  additions: number;
  deletions: number;
}

export function patchFor(before: string | undefined, after: string | undefined, context = 3): GitHubPatch {
  const { hunks } = structuredPatch('a', 'b', before ?? '', after ?? '', '', '', { context });
  let additions = 0;
  let deletions = 0;
  const lines: string[] = [];
  for (const hunk of hunks) {
    // Git writes an empty side's start as 0 (`@@ -0,0 +1,3 @@`).
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) additions += 1;
      else if (line.startsWith('-')) deletions += 1;
      lines.push(line);
    }
  }
  return { patch: lines.join('\n'), additions, deletions };
}

// Which lines of a pull request file GitHub lets a review comment anchor on: the new-side lines
// (added or context) of the `patch` hunks. parse-diff is a small, well-used unified-diff parser.
import parseDiff from 'parse-diff';

export interface DiffHunk {
  /** New-side (RIGHT) line range of the hunk, inclusive; empty when the hunk only deletes. */
  newStart: number;
  newEnd: number;
  /** Lines this hunk adds. */
  added: ReadonlySet<number>;
}

export interface FileDiff {
  path: string;
  hunks: DiffHunk[];
  /** Every RIGHT-side line a comment may anchor on, mapped to its hunk index. */
  rightLines: ReadonlyMap<number, number>;
  /** Every added line, over all hunks. */
  added: ReadonlySet<number>;
}

export function parseFileDiff(path: string, patch: string): FileDiff {
  const hunks: DiffHunk[] = [];
  const rightLines = new Map<number, number>();
  const added = new Set<number>();
  const [file] = parseDiff(patch);
  for (const chunk of file?.chunks ?? []) {
    const index = hunks.length;
    const hunkAdded = new Set<number>();
    for (const change of chunk.changes) {
      // "\ No newline at end of file" is parsed as a context line; it is not a line of the file.
      if (change.content.startsWith('\\')) continue;
      if (change.type === 'add') {
        hunkAdded.add(change.ln);
        added.add(change.ln);
        rightLines.set(change.ln, index);
      } else if (change.type === 'normal') {
        rightLines.set(change.ln2, index);
      }
    }
    hunks.push({ newStart: chunk.newStart, newEnd: chunk.newStart + chunk.newLines - 1, added: hunkAdded });
  }
  return { path, hunks, rightLines, added };
}

/** True when every line from start to end (inclusive) is on the RIGHT side of one single hunk. */
export function isInOneHunk(diff: FileDiff, startLine: number, endLine: number): boolean {
  const hunk = diff.rightLines.get(startLine);
  if (hunk === undefined) return false;
  for (let line = startLine; line <= endLine; line++) if (diff.rightLines.get(line) !== hunk) return false;
  return true;
}

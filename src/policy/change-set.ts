// What a pull request changed, line by line on the new side: the input of the diff filter.
// Unified diffs are read with parse-diff (handles git headers, renames, /dev/null); base/head pairs
// are diffed with the `diff` package (Myers), so both routes give the same shape.
import parseDiff from 'parse-diff';
import { structuredPatch } from 'diff';

export interface ChangedFile {
  path: string;
  /** The path on the base side when the file was renamed. */
  previousPath?: string;
  /** New-side line numbers that the change added. */
  added: Set<number>;
  /** New-side line numbers inside a hunk (added lines and their context). */
  inHunks: Set<number>;
  /** A new file: every line is added. */
  isNew: boolean;
  /** GitHub omitted the patch (big or binary file): we only know that the file changed. */
  patchMissing?: boolean;
}

export type ChangeSet = Map<string, ChangedFile>;

/** From a unified diff (`git diff`, a PR's .diff), possibly holding many files. */
export function changeSetFromUnifiedDiff(diffText: string): ChangeSet {
  const changes: ChangeSet = new Map();
  for (const file of parseDiff(diffText)) {
    const path = file.to && file.to !== '/dev/null' ? file.to : undefined;
    if (!path) continue; // deleted files have no new side to report on
    const changed: ChangedFile = { path, added: new Set(), inHunks: new Set(), isNew: file.new === true || file.from === '/dev/null' };
    if (file.from && file.from !== '/dev/null' && file.from !== path) changed.previousPath = file.from;
    for (const chunk of file.chunks) {
      for (const change of chunk.changes) {
        if (change.type === 'add') {
          changed.added.add(change.ln);
          changed.inHunks.add(change.ln);
        } else if (change.type === 'normal') {
          changed.inHunks.add(change.ln2);
        }
      }
    }
    changes.set(path, changed);
  }
  return changes;
}

/** From GitHub's PR files list: each file's `patch` holds only hunks (absent for big or binary files). */
export function changeSetFromPatches(
  files: readonly { path: string; previousPath?: string; patch?: string; status?: string }[],
): ChangeSet {
  const changes: ChangeSet = new Map();
  for (const file of files) {
    if (file.status === 'removed') continue;
    if (file.patch === undefined) {
      // No patch: GitHub omitted it. We only know the file changed, so it counts as changed everywhere.
      changes.set(file.path, { path: file.path, added: new Set(), inHunks: new Set(), isNew: file.status === 'added', patchMissing: true, ...(file.previousPath ? { previousPath: file.previousPath } : {}) });
      continue;
    }
    const header = `--- a/${file.previousPath ?? file.path}\n+++ b/${file.path}\n`;
    const parsed = changeSetFromUnifiedDiff(header + file.patch).get(file.path);
    if (!parsed) continue;
    if (file.previousPath && file.previousPath !== file.path) parsed.previousPath = file.previousPath;
    if (file.status === 'added') parsed.isNew = true;
    changes.set(file.path, parsed);
  }
  return changes;
}

/** From base and head contents (base undefined for a new file). */
export function changeSetFromContents(files: readonly { path: string; previousPath?: string; base?: string; head: string }[]): ChangeSet {
  const changes: ChangeSet = new Map();
  for (const file of files) {
    if (file.base === file.head) continue;
    const changed: ChangedFile = { path: file.path, added: new Set(), inHunks: new Set(), isNew: file.base === undefined };
    if (file.previousPath && file.previousPath !== file.path) changed.previousPath = file.previousPath;
    const patch = structuredPatch(file.previousPath ?? file.path, file.path, file.base ?? '', file.head, '', '', { context: 3 });
    for (const hunk of patch.hunks) {
      let line = hunk.newStart;
      for (const text of hunk.lines) {
        if (text.startsWith('+')) {
          changed.added.add(line);
          changed.inHunks.add(line);
          line++;
        } else if (text.startsWith(' ')) {
          changed.inHunks.add(line);
          line++;
        }
      }
    }
    changes.set(file.path, changed);
  }
  return changes;
}

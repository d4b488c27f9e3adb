// Text edits: the one way fixes change a file, so every byte outside an edit stays as it was.
import type { TextEdit } from '../types.ts';

export class OverlappingEditsError extends Error {
  constructor(a: TextEdit, b: TextEdit) {
    super(`Edits overlap: [${a.startOffset}, ${a.endOffset}) and [${b.startOffset}, ${b.endOffset})`);
    this.name = 'OverlappingEditsError';
  }
}

/** Sorted by start offset; insertions (empty ranges) at one offset keep their given order. */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.startOffset - b.edit.startOffset || a.edit.endOffset - b.edit.endOffset || a.index - b.index)
    .map(({ edit }) => edit);
}

/**
 * True when two edits cannot both be applied as computed: their ranges share a character, or both
 * insert at the same offset (two fixes each creating `securityContext:` at the end of one map).
 */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (a.startOffset === b.startOffset) return true;
  const [first, second] = a.startOffset < b.startOffset ? [a, b] : [b, a];
  return second.startOffset < first.endOffset;
}

/** Applies non-conflicting edits to the original text in one pass; throws when two overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let cursor = 0;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    if (edit.startOffset < 0 || edit.endOffset > text.length || edit.endOffset < edit.startOffset) {
      throw new RangeError(`Edit [${edit.startOffset}, ${edit.endOffset}) is outside the text (length ${text.length})`);
    }
    if (previous && edit.startOffset < previous.endOffset) throw new OverlappingEditsError(previous, edit);
    out += text.slice(cursor, edit.startOffset) + edit.text;
    cursor = edit.endOffset;
    previous = edit;
  }
  return out + text.slice(cursor);
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept). */
export function editBetween(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  return { startOffset: start, endOffset: before.length - end, text: after.slice(start, after.length - end) };
}

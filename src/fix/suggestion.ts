// A fix as a GitHub suggestion: a whole-line replacement of a line range (what a ```suggestion block
// in a review comment means). Review publishers check that the range lies inside one diff hunk.
import { applyEdits, sortEdits } from './apply-edits.ts';
import type { TextEdit } from '../types.ts';

export interface Suggestion {
  /** 1-based, inclusive: the lines the comment is anchored to (`start_line`/`line`). */
  startLine: number;
  endLine: number;
  /** The new content of those lines, without a final newline; empty deletes them. */
  replacement: string;
}

export function renderSuggestion(text: string, edits: readonly TextEdit[]): Suggestion | undefined {
  if (edits.length === 0) return undefined;
  const lineStarts = lineStartsOf(text);
  const lineOf = (offset: number): number => upperBound(lineStarts, offset);
  let startLine = Infinity;
  let endLine = -Infinity;
  for (const edit of sortEdits(edits)) {
    const { startOffset: s, endOffset: e } = edit;
    // A pure insertion at a line start extends the previous line (`prev\n<inserted>`).
    const insertionAtLineStart = s === e && s > 0 && text[s - 1] === '\n';
    const first = insertionAtLineStart ? lineOf(s - 1) : lineOf(s);
    const last = e > s ? lineOf(e - 1) : first;
    startLine = Math.min(startLine, first);
    endLine = Math.max(endLine, last);
  }
  const regionStart = lineStarts[startLine - 1]!;
  const nextLineStart = lineStarts[endLine] ?? text.length;
  const region = text.slice(regionStart, nextLineStart);
  for (const edit of edits) {
    if (edit.startOffset < regionStart || edit.endOffset > nextLineStart) return undefined;
  }
  const shifted = edits.map((e) => ({ ...e, startOffset: e.startOffset - regionStart, endOffset: e.endOffset - regionStart }));
  let replacement = applyEdits(region, shifted);
  if (region.endsWith('\n') && replacement.endsWith('\n')) replacement = replacement.slice(0, -1);
  return { startLine, endLine, replacement };
}

/** The Markdown block GitHub turns into an "Commit suggestion" button; the fence outgrows any backticks inside. */
export function formatSuggestionBlock(suggestion: Suggestion): string {
  const longestRun = Math.max(2, ...[...suggestion.replacement.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}suggestion\n${suggestion.replacement}${suggestion.replacement === '' ? '' : '\n'}${fence}`;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line holding `offset`: the number of line starts at or before it. */
function upperBound(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Plans the pull request review: which findings get a line comment (only lines inside the diff
// hunks: one bad anchor fails the whole review), which are already commented (same fingerprint),
// which earlier comments are resolved, and the batches (≤ 30 comments a review). Pure.
import { describeObject, type Finding, type Severity } from '../types.ts';
import { isInOneHunk, parseFileDiff, type FileDiff } from './diff-hunks.ts';
import { fingerprintMarker, readMarker, resolvedMarker } from './fingerprint-marker.ts';
import type { ChangedFile, ExistingReviewComment, NewReviewComment } from './pull-request-api.ts';
import { formatSuggestionBlock, renderSuggestion, type Suggestion } from '../fix/suggestion.ts';

/** Past this many lines, a suggestion is not widened to reach the finding's own line. */
const MAX_WIDENED_LINES = 10;

export const MAX_COMMENTS_PER_REVIEW = 30;
/** Open Plimsoll comments a pull request may have; the rest are in the summary, not a wall of comments. */
export const DEFAULT_MAX_COMMENTS = 90;

export interface PlannedComment {
  finding: Finding;
  comment: NewReviewComment;
}

export interface ResolvedComment {
  commentId: number;
  fingerprint: string;
  body: string;
}

export interface ReviewPlan {
  comments: PlannedComment[];
  /** Findings already commented in an open (unresolved) Plimsoll comment. */
  alreadyCommented: Finding[];
  /** Findings whose line is not in the diff (or whose file has no patch): summary and annotations only. */
  outsideDiff: Finding[];
  /** Findings left out because the pull request already has maxComments open Plimsoll comments. */
  overLimit: Finding[];
  /** Earlier Plimsoll comments whose finding is gone, with the body to mark them resolved. */
  resolved: ResolvedComment[];
}

export interface ReviewPlanInput {
  /** Findings to report (unsuppressed, after the diff filter); the order is kept. */
  findings: readonly Finding[];
  /**
   * Fingerprints of every current unsuppressed finding, in the diff or not: an earlier comment is
   * resolved when its finding is gone or suppressed, not merely filtered out of this diff.
   */
  currentFingerprints: ReadonlySet<string>;
  files: readonly ChangedFile[];
  existing: readonly ExistingReviewComment[];
  /** The head text of a changed file, for suggestions from fixes; undefined when unknown. */
  fileText?: (path: string) => string | undefined;
  headSha: string;
  maxComments?: number;
}

export function planReview(input: ReviewPlanInput): ReviewPlan {
  const diffs = new Map<string, FileDiff>();
  for (const file of input.files) if (file.patch !== undefined && file.status !== 'removed') diffs.set(file.path, parseFileDiff(file.path, file.patch));

  const open = new Set<string>();
  const resolved: ResolvedComment[] = [];
  for (const comment of input.existing) {
    const marker = readMarker(comment.body);
    if (!marker || marker.resolved) continue;
    if (input.currentFingerprints.has(marker.fingerprint)) open.add(marker.fingerprint);
    else resolved.push({ commentId: comment.id, fingerprint: marker.fingerprint, body: renderResolvedBody(comment.body, input.headSha) });
  }

  const plan: ReviewPlan = { comments: [], alreadyCommented: [], outsideDiff: [], overLimit: [], resolved };
  // The cap is per pull request: comments still open from earlier runs use up the budget, so a
  // re-run on the same head never posts the next batch of a flood.
  const max = Math.max(0, (input.maxComments ?? DEFAULT_MAX_COMMENTS) - open.size);
  const planned = new Set<string>();
  for (const finding of input.findings) {
    if (open.has(finding.fingerprint) || planned.has(finding.fingerprint)) {
      plan.alreadyCommented.push(finding);
      continue;
    }
    const diff = diffs.get(finding.file);
    const line = finding.range.start.line;
    if (!diff || !diff.rightLines.has(line)) {
      plan.outsideDiff.push(finding);
      continue;
    }
    if (plan.comments.length >= max) {
      plan.overLimit.push(finding);
      continue;
    }
    planned.add(finding.fingerprint);
    const text = finding.fix?.length ? input.fileText?.(finding.file) : undefined;
    plan.comments.push({ finding, comment: anchorComment(finding, diff, text) });
  }
  return plan;
}

/**
 * A ```suggestion block only when every replaced line sits in one hunk. The suggestion is widened to
 * start (or end) at the finding's own line when that stays in the hunk, so the comment sits where
 * the problem is; otherwise the comment sits on the replaced lines, and a fix reaching outside the
 * hunk is shown as a diff under a comment on the finding's line.
 */
function anchorComment(finding: Finding, diff: FileDiff, text: string | undefined): NewReviewComment {
  const line = finding.range.start.line;
  const suggestion = text !== undefined && finding.fix ? renderSuggestion(text, finding.fix) : undefined;
  if (suggestion && text !== undefined) {
    const widened = widenSuggestion(text, suggestion, line);
    const range = widened.endLine - widened.startLine < MAX_WIDENED_LINES && isInOneHunk(diff, widened.startLine, widened.endLine) ? widened : suggestion;
    if (isInOneHunk(diff, range.startLine, range.endLine)) {
      const body = renderCommentBody(finding, { kind: 'suggestion', suggestion: range });
      return range.startLine === range.endLine
        ? { path: finding.file, line: range.endLine, side: 'RIGHT', body }
        : { path: finding.file, start_line: range.startLine, start_side: 'RIGHT', line: range.endLine, side: 'RIGHT', body };
    }
    return { path: finding.file, line, side: 'RIGHT', body: renderCommentBody(finding, { kind: 'diff', suggestion }) };
  }
  return { path: finding.file, line, side: 'RIGHT', body: renderCommentBody(finding, { kind: 'none' }) };
}

/** The same change over a range stretched to include `line`, carrying the original text in between. */
export function widenSuggestion(text: string, suggestion: Suggestion, line: number): Suggestion {
  if (line >= suggestion.startLine && line <= suggestion.endLine) return suggestion;
  if (line < suggestion.startLine) {
    const before = linesOf(text, line, suggestion.startLine - 1);
    return { startLine: line, endLine: suggestion.endLine, replacement: suggestion.replacement === '' ? before : `${before}\n${suggestion.replacement}` };
  }
  const after = linesOf(text, suggestion.endLine + 1, line);
  return { startLine: suggestion.startLine, endLine: line, replacement: suggestion.replacement === '' ? after : `${suggestion.replacement}\n${after}` };
}

/** Lines first..last (1-based, inclusive) of a text, joined without the final newline. */
function linesOf(text: string, first: number, last: number): string {
  return text.split('\n').slice(first - 1, last).join('\n');
}

const SEVERITY_BADGE: Record<Severity, string> = {
  critical: '🛑 Critical',
  high: '🔴 High',
  medium: '🟠 Medium',
  low: '🟡 Low',
  info: 'ℹ️ Info',
};

type FixShown = { kind: 'none' } | { kind: 'suggestion' | 'diff'; suggestion: Suggestion };

export function renderCommentBody(finding: Finding, fix: FixShown): string {
  const where = [finding.object ? `\`${describeObject(finding.object)}\`` : undefined, finding.container ? `container \`${finding.container}\`` : undefined, finding.fieldPath ? `\`${finding.fieldPath}\`` : undefined]
    .filter(Boolean)
    .join(' · ');
  const lines = [`**${SEVERITY_BADGE[finding.severity]} · ${finding.title}** (\`${finding.ruleId}\`)`, '', escapeMarkdown(finding.message)];
  if (where) lines.push('', where);
  if (fix.kind === 'suggestion') {
    lines.push('', 'Suggested fix:', '', formatSuggestionBlock(fix.suggestion));
  } else if (fix.kind === 'diff') {
    // Only the new text: the old lines may be outside the diff, and are never echoed (they may hold a secret).
    lines.push('', `Fix: replace lines ${fix.suggestion.startLine}-${fix.suggestion.endLine} with the following (it reaches outside this diff, so it cannot be a one-click suggestion):`, '', fence('yaml', fix.suggestion.replacement));
  }
  lines.push('', fingerprintMarker(finding.fingerprint));
  return lines.join('\n');
}

/** Keeps the original text for the record but disarms its suggestion, so nobody applies a stale fix. */
export function renderResolvedBody(body: string, headSha: string): string {
  const marker = readMarker(body);
  const original = body
    .replace(/<!--\s*plimsoll:[^>]*-->/g, '')
    .replace(/^(\s*)(`{3,})suggestion\s*$/gm, '$1$2yaml')
    .trim();
  return [
    `✅ **Resolved** — Plimsoll no longer finds this as of ${headSha.slice(0, 7)}.`,
    '',
    '<details><summary>Original comment</summary>',
    '',
    original,
    '',
    '</details>',
    '',
    marker ? fingerprintMarker(marker.fingerprint) : '',
    resolvedMarker(),
  ].join('\n');
}

/** Splits comments into reviews of at most MAX_COMMENTS_PER_REVIEW. */
export function batchComments<T>(comments: readonly T[], size = MAX_COMMENTS_PER_REVIEW): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < comments.length; i += size) batches.push(comments.slice(i, i + size));
  return batches;
}

/** A fence longer than any backtick run inside, so YAML with ``` cannot close it early. */
function fence(info: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}`;
}

/** Messages are plain text: keep them from opening HTML comments or tags in the Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

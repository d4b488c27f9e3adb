// What a Plimsoll check run says: conclusion, title, summary, annotation batches and the "Apply fixes"
// button, computed from findings and the verdict. Pure: the App sends it, tests read it.
import { describeObject, severityRank, type Finding, type Severity } from '../types.ts';
import type { Verdict } from '../policy/verdict.ts';

export const CHECK_RUN_NAME = 'Plimsoll';
/** GitHub rejects check run summaries and texts longer than this. */
export const MAX_CHECK_OUTPUT_CHARS = 65_535;
/** GitHub accepts at most 50 annotations in one create/update request; later updates append. */
export const ANNOTATIONS_PER_REQUEST = 50;
export const APPLY_FIXES_IDENTIFIER = 'apply-fixes';

/** GitHub's limits: label ≤ 20, description ≤ 40, identifier ≤ 20 characters, ≤ 3 actions. */
export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export const APPLY_FIXES_ACTION: CheckRunAction = {
  label: 'Apply fixes',
  description: 'Commit every safe fix to this branch',
  identifier: APPLY_FIXES_IDENTIFIER,
};

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  message: string;
  title: string;
}

export type CheckConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface CheckRunOutput {
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  /** All annotations, most severe first; send them ANNOTATIONS_PER_REQUEST at a time. */
  annotations: CheckAnnotation[];
  actions: CheckRunAction[];
}

export interface CheckRunInput {
  findings: readonly Finding[];
  verdict: Verdict;
  /** Files scanned (changed manifests), for the summary. */
  files: number;
  /** Notes to show under the result (skipped files, fixes not applied and why). */
  notes?: readonly string[];
  /** Offer the button: false when the App cannot push (fork without maintainer edits). */
  canOfferFixes?: boolean;
}

const LEVEL: Record<Severity, AnnotationLevel> = {
  critical: 'failure',
  high: 'failure',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

export function annotationOf(finding: Finding): CheckAnnotation {
  const { start, end } = finding.range;
  const annotation: CheckAnnotation = {
    path: finding.file,
    start_line: start.line,
    end_line: Math.max(start.line, end.line),
    annotation_level: LEVEL[finding.severity],
    message: finding.message,
    title: `${finding.severity}: ${finding.ruleId}${finding.object ? ` (${describeObject(finding.object)})` : ''}`,
  };
  // GitHub only accepts columns on single-line annotations.
  if (end.line === start.line) {
    annotation.start_column = start.column;
    annotation.end_column = Math.max(start.column, end.column);
  }
  return annotation;
}

export function isFixable(finding: Finding): boolean {
  return !finding.suppressed && (finding.fix?.length ?? 0) > 0;
}

export function buildCheckRunOutput(input: CheckRunInput): CheckRunOutput {
  const active = input.findings.filter((f) => !f.suppressed);
  const annotations = [...active]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .map(annotationOf);
  const fixable = active.filter(isFixable).length;
  const conclusion: CheckConclusion = input.verdict.block ? 'failure' : 'success';
  const title = titleOf(input.verdict, active.length);
  const summary = renderSummary(input, active, fixable);
  const actions = fixable > 0 && input.canOfferFixes !== false ? [APPLY_FIXES_ACTION] : [];
  return { conclusion, title, summary, annotations, actions };
}

function titleOf(verdict: Verdict, findings: number): string {
  if (verdict.block) return `${plural(verdict.blocking.length, 'blocking finding')}`;
  if (findings === 0) return 'No findings';
  return `${plural(findings, 'finding')}, none blocking`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Markdown summary, cut to fit GitHub's limit with a note saying how much was left out. */
export function renderSummary(input: CheckRunInput, active: readonly Finding[], fixable: number): string {
  const head: string[] = [];
  head.push(input.verdict.block ? `**Blocked.** ${input.verdict.reason}` : `**Passed.** ${input.verdict.reason}`);
  head.push('');
  head.push(`Scanned ${plural(input.files, 'changed manifest file')}; ${plural(active.length, 'finding')}` +
    `${fixable > 0 ? `, ${fixable} with a safe fix` : ''}.`);
  const suppressed = input.findings.length - active.length;
  if (suppressed > 0) head.push(`${plural(suppressed, 'finding')} suppressed by exemptions.`);
  if (fixable > 0 && input.canOfferFixes !== false) {
    head.push('', 'Press **Apply fixes** above, or comment `/plimsoll fix`, to commit every safe fix to this branch.');
  }
  for (const note of input.notes ?? []) head.push('', note);
  if (active.length > 0) {
    head.push('', '| severity | rule | where | object | message |', '| --- | --- | --- | --- | --- |');
  }
  const rows = [...active]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .map((f) => `| ${f.severity} | \`${f.ruleId}\` | \`${escapeCell(f.file)}:${f.range.start.line}\` | ${f.object ? escapeCell(describeObject(f.object)) : ''} | ${escapeCell(f.message)} |`);
  return fitRows(head.join('\n'), rows, MAX_CHECK_OUTPUT_CHARS);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Appends rows while they fit, leaving room for the "N more" line. */
export function fitRows(head: string, rows: readonly string[], limit: number): string {
  const reserve = 120;
  let out = head;
  for (let i = 0; i < rows.length; i += 1) {
    const next = `${out}\n${rows[i]}`;
    if (next.length > limit - reserve) {
      return `${out}\n\n…and ${rows.length - i} more findings not listed here (GitHub limits this summary to ${limit} characters); every one is annotated on the diff.`;
    }
    out = next;
  }
  return out.length > limit ? `${out.slice(0, limit - 1)}…` : out;
}

export function annotationBatches(annotations: readonly CheckAnnotation[]): CheckAnnotation[][] {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  return batches;
}

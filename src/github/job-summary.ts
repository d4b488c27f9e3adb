// The job summary (Action) in Markdown: verdict, counts, a findings table linking to file lines,
// what was suppressed or filtered and why, and what was skipped (fork PRs, missing permissions).
// GitHub refuses summaries over 1 MiB, so rows stop at a byte budget and the rest are counted.
import { describeObject, SEVERITIES, type Finding, type Severity } from '../types.ts';
import type { Verdict } from '../policy/verdict.ts';
import type { AnnotationKind } from './action-annotations.ts';
import { compareCodeUnits } from '../util/compare-code-units.ts';

/** GitHub's limit for one step's summary. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;
/** Room kept for the parts after the tables. */
const TAIL_RESERVE = 16 * 1024;

export interface SkippedFeature {
  what: string;
  why: string;
  /** Markdown naming what enables it, e.g. "`permissions: pull-requests: write`". */
  enable?: string;
}

export interface JobSummaryInput {
  verdict: Verdict;
  failOn: string;
  /** Findings reported (after diff filter and new-only), unsuppressed ones first or not: any order. */
  findings: readonly Finding[];
  files: number;
  objects: number;
  /** Findings left out before reporting, by reason ("outside the diff (filter: added)"). */
  filtered?: readonly { reason: string; count: number }[];
  hiddenAnnotations?: Record<AnnotationKind, number>;
  review?: { posted: number; alreadyCommented: number; resolved: number; outsideDiff: number; overLimit: number; rejected: number };
  skipped?: readonly SkippedFeature[];
  notes?: readonly string[];
  /** For links to file lines: `${serverUrl}/${repository}/blob/${sha}/${file}#L${line}`. */
  links?: { serverUrl: string; repository: string; sha: string };
  maxBytes?: number;
}

export function renderJobSummary(input: JobSummaryInput): string {
  const maxBytes = input.maxBytes ?? MAX_SUMMARY_BYTES;
  const active = input.findings.filter((f) => !f.suppressed);
  const suppressed = input.findings.filter((f) => f.suppressed);
  const head: string[] = [];
  head.push(`## Plimsoll: ${input.verdict.block ? '❌ blocking' : '✅ passing'}`, '');
  head.push(`${escapeCell(input.verdict.reason)} Fails on: \`${input.failOn}\`. Scanned ${input.files} file${input.files === 1 ? '' : 's'}, ${input.objects} object${input.objects === 1 ? '' : 's'}.`, '');
  const counts = countBySeverity(active);
  head.push('| Severity | Findings |', '| --- | ---: |');
  for (const severity of SEVERITIES) head.push(`| ${severity} | ${counts[severity]} |`);
  head.push(`| suppressed | ${suppressed.length} |`, '');

  for (const skipped of input.skipped ?? []) {
    head.push(`> [!WARNING]\n> Skipped ${skipped.what}: ${skipped.why}${skipped.enable ? ` Enable it with ${skipped.enable}.` : ''}`, '');
  }

  const tail: string[] = [];
  const hidden = input.hiddenAnnotations;
  if (hidden && hidden.error + hidden.warning + hidden.notice > 0) {
    tail.push(
      `GitHub shows at most 10 error, 10 warning and 10 notice annotations a step; ${describeHidden(hidden)} more ${hidden.error + hidden.warning + hidden.notice === 1 ? 'is' : 'are'} only in this table and the SARIF report. The most severe are shown first.`,
      '',
    );
  }
  if (input.review) {
    const r = input.review;
    const parts = [`${r.posted} new review comment${r.posted === 1 ? '' : 's'}`];
    if (r.alreadyCommented) parts.push(`${r.alreadyCommented} already commented`);
    if (r.resolved) parts.push(`${r.resolved} earlier comment${r.resolved === 1 ? '' : 's'} marked resolved`);
    if (r.outsideDiff) parts.push(`${r.outsideDiff} on lines outside the diff (annotations and this table only)`);
    if (r.overLimit) parts.push(`${r.overLimit} over the comment limit`);
    if (r.rejected) parts.push(`${r.rejected} refused by GitHub`);
    tail.push(`Review: ${parts.join(', ')}.`, '');
  }
  if (input.filtered?.some((f) => f.count > 0)) {
    tail.push('### Not reported', '', '| Reason | Findings |', '| --- | ---: |');
    for (const f of input.filtered) if (f.count > 0) tail.push(`| ${escapeCell(f.reason)} | ${f.count} |`);
    tail.push('');
  }
  for (const note of input.notes ?? []) tail.push(`- ${escapeCell(note)}`);

  const budget = new ByteBudget(maxBytes - TAIL_RESERVE);
  budget.take(head.join('\n'));
  budget.take(tail.join('\n'));
  const body: string[] = [];
  if (active.length > 0) {
    body.push(...table(
      '### Findings',
      ['Severity', 'Rule', 'Location', 'Object', 'Message'],
      sortBySeverity(active).map((f) => [f.severity, `\`${f.ruleId}\``, location(f, input.links), objectCell(f), escapeCell(f.message)]),
      budget,
      'findings',
    ));
  }
  if (suppressed.length > 0) {
    body.push(...table(
      '### Suppressed',
      ['Rule', 'Location', 'How', 'Reason'],
      suppressed.map((f) => [`\`${f.ruleId}\``, location(f, input.links), f.suppressed!.kind, escapeCell(f.suppressed!.reason)]),
      budget,
      'suppressed findings',
    ));
  }
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

class ByteBudget {
  remaining: number;
  constructor(bytes: number) {
    this.remaining = bytes;
  }
  take(text: string): boolean {
    const bytes = Buffer.byteLength(text, 'utf8') + 1;
    if (bytes > this.remaining) return false;
    this.remaining -= bytes;
    return true;
  }
}

function table(title: string, columns: string[], rows: string[][], budget: ByteBudget, noun: string): string[] {
  const out = [title, '', `| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  if (!budget.take(out.join('\n'))) return [];
  let shown = 0;
  for (const row of rows) {
    const line = `| ${row.join(' | ')} |`;
    // Keep room for the "more" line.
    if (!budget.take(line) || budget.remaining < 200) break;
    out.push(line);
    shown += 1;
  }
  out.push('');
  if (shown < rows.length) out.push(`…and ${rows.length - shown} more ${noun}, left out to stay under GitHub's 1 MiB summary limit (all are in the SARIF report).`, '');
  return out;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function sortBySeverity(findings: readonly Finding[]): Finding[] {
  return findings.slice().sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareCodeUnits(a.file, b.file) || a.range.start.line - b.range.start.line);
}

function location(finding: Finding, links: JobSummaryInput['links']): string {
  const text = `${escapeCell(finding.file)}:${finding.range.start.line}`;
  if (!links) return text;
  const path = finding.file.split('/').map(encodeURIComponent).join('/');
  return `[${text}](${links.serverUrl}/${links.repository}/blob/${links.sha}/${path}#L${finding.range.start.line})`;
}

function objectCell(finding: Finding): string {
  if (!finding.object) return '';
  return escapeCell(`${describeObject(finding.object)}${finding.container ? ` (${finding.container})` : ''}`);
}

function describeHidden(hidden: Record<AnnotationKind, number>): string {
  return (['error', 'warning', 'notice'] as const)
    .filter((k) => hidden[k] > 0)
    .map((k) => `${hidden[k]} ${k}${hidden[k] === 1 ? '' : 's'}`)
    .join(', ');
}

/** Table cells: one line, no pipes, no HTML. */
export function escapeCell(text: string): string {
  return text
    .replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

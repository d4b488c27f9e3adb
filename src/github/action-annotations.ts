// Workflow annotations for the Action, most severe first: GitHub shows only 10 errors, 10 warnings
// and 10 notices a step and silently drops the rest, so the order decides what people see, and the
// job summary says how many were not shown.
import { severityRank, type Finding, type Severity } from '../types.ts';
import { compareCodeUnits } from '../util/compare-code-units.ts';

export type AnnotationKind = 'error' | 'warning' | 'notice';

export interface ActionAnnotation {
  kind: AnnotationKind;
  message: string;
  title: string;
  file: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

export interface AnnotationPlan {
  /** What to emit, in order. */
  shown: ActionAnnotation[];
  /** How many of each kind GitHub would not show. */
  hidden: Record<AnnotationKind, number>;
}

/** GitHub's per-step display limit for each annotation kind. */
export const ANNOTATIONS_SHOWN_PER_KIND = 10;

const KIND: Record<Severity, AnnotationKind> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/**
 * `reservedErrors` keeps error slots free for the step's own failure message (setFailed is an
 * error annotation too), so the verdict itself is never the one GitHub drops.
 */
export function planAnnotations(findings: readonly Finding[], options: { limit?: number; reservedErrors?: number } = {}): AnnotationPlan {
  const limit = options.limit ?? ANNOTATIONS_SHOWN_PER_KIND;
  const limits: Record<AnnotationKind, number> = { error: limit - (options.reservedErrors ?? 0), warning: limit, notice: limit };
  const ordered = findings
    .filter((f) => !f.suppressed)
    .slice()
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareCodeUnits(a.file, b.file) || a.range.start.line - b.range.start.line);
  const shown: ActionAnnotation[] = [];
  const counts: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };
  const hidden: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };
  for (const finding of ordered) {
    const kind = KIND[finding.severity];
    if (counts[kind] >= limits[kind]) {
      hidden[kind] += 1;
      continue;
    }
    counts[kind] += 1;
    const { start, end } = finding.range;
    shown.push({
      kind,
      title: `${finding.severity}: ${finding.title} (${finding.ruleId})`,
      message: finding.message,
      file: finding.file,
      startLine: start.line,
      endLine: end.line,
      // Columns only mean something on a single line; GitHub ignores them otherwise.
      ...(start.line === end.line ? { startColumn: start.column, endColumn: Math.max(end.column, start.column + 1) } : {}),
    });
  }
  return { shown, hidden };
}

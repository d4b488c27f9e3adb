// Shared vocabulary of the core library. Nothing here imports GitHub code.

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CATEGORIES = ['security', 'reliability', 'efficiency', 'hygiene', 'deprecation', 'validity'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Higher number = more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** 1-based line and column, as editors and GitHub show them. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
  /** 0-based character offsets into the file text: what fixes and suggestions edit. */
  startOffset: number;
  endOffset: number;
}

/** One segment of a field path: a map key or a list index. */
export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

/** Who a finding is about. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface TextEdit {
  startOffset: number;
  endOffset: number;
  text: string;
}

export interface Suppression {
  kind: 'annotation' | 'inline-comment' | 'config';
  reason: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  category: Category;
  title: string;
  message: string;
  file: string;
  range: Range;
  /** Absent for findings about the file itself (parse errors, binary files). */
  object?: ObjectRef;
  container?: string;
  /** Path from the document root, e.g. spec.template.spec.containers[0].securityContext. */
  fieldPath: string;
  /** Stable identity across line moves; see fingerprint.ts. */
  fingerprint: string;
  /** Text edits that make the rule pass, when the rule has a safe fix. */
  fix?: TextEdit[];
  suppressed?: Suppression;
}

export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function describeObject(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

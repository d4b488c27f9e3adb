// Exemptions written next to the manifest: `plimsoll.dev/ignore` annotations and `# plimsoll-ignore`
// comments. Teams that do not trust self-exemption turn both off with `allowAnnotationExemptions: false`.
import type { KubeObject } from '../model/kube-object.ts';
import { isJsonObject } from '../model/kube-object.ts';
import type { Finding, Suppression } from '../types.ts';

export const IGNORE_ANNOTATION = 'plimsoll.dev/ignore';
export const IGNORE_REASON_ANNOTATION = 'plimsoll.dev/ignore-reason';
const NO_REASON = 'no reason given';

/** `# plimsoll-ignore rule-a, rule-b: why` (the reason is everything after the colon). */
const INLINE_IGNORE = /#\s*plimsoll-ignore\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*(.*?))?\s*$/;

export function splitRuleList(text: string): string[] {
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/** The annotation exemption that covers a finding on this object, if any. */
export function annotationSuppression(finding: Finding, object: KubeObject): Suppression | undefined {
  return annotationSuppressionIn(ignoreAnnotationsOf(object), finding);
}

/** The object's `plimsoll.dev/ignore*` annotations: all that annotation exemptions read. */
export function ignoreAnnotationsOf(object: KubeObject): Record<string, string> {
  const metadata = object.value.metadata;
  const annotations = isJsonObject(metadata) && isJsonObject(metadata.annotations) ? metadata.annotations : {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(IGNORE_ANNOTATION) && typeof value === 'string') out[key] = value;
  }
  return out;
}

/** annotationSuppression over annotations read beforehand (cross-object findings: see context-phase.ts). */
export function annotationSuppressionIn(annotations: Record<string, unknown>, finding: Pick<Finding, 'ruleId' | 'container'>): Suppression | undefined {
  const reasonText = annotations[IGNORE_REASON_ANNOTATION];
  const reason = typeof reasonText === 'string' && reasonText.trim() !== '' ? reasonText.trim() : NO_REASON;
  const keys = [IGNORE_ANNOTATION];
  if (finding.container !== undefined) keys.push(`${IGNORE_ANNOTATION}.${finding.container}`);
  for (const key of keys) {
    const value = annotations[key];
    if (typeof value === 'string' && splitRuleList(value).includes(finding.ruleId)) {
      return { kind: 'annotation', reason: `${key}: ${reason}` };
    }
  }
  return undefined;
}

/**
 * An inline comment on the finding's line, on the object's first line, or in the comment block right
 * above the object, that names the finding's rule.
 */
export function inlineCommentSuppression(finding: Finding, object: KubeObject, text: string): Suppression | undefined {
  return inlineCommentSuppressionIn([lineAt(text, finding.range.startOffset), ...objectCommentLines(object, text)], finding.ruleId);
}

/** The first of these lines (in order) with a `# plimsoll-ignore` comment naming the rule. */
export function inlineCommentSuppressionIn(lines: readonly string[], ruleId: string): Suppression | undefined {
  for (const line of lines) {
    const match = INLINE_IGNORE.exec(line);
    if (match && splitRuleList(match[1]!).includes(ruleId)) {
      return { kind: 'inline-comment', reason: match[2] ? match[2] : NO_REASON };
    }
  }
  return undefined;
}

/** Whether a line can hold an inline exemption at all (lines without one never match). */
export function mayHoldInlineExemption(line: string): boolean {
  return line.includes('plimsoll-ignore');
}

/** The object's own lines an inline exemption may be on: its first line, then the comments above it. */
export function objectCommentLines(object: KubeObject, text: string): string[] {
  const located = object.document.locate(object.basePath);
  if (located.depth !== object.basePath.length) return [];
  // The object's first line (its first key, or the `- ` item line of a List entry).
  const objectStart = located.startOffset;
  const lines = [lineAt(text, objectStart)];
  // Comment lines directly above the object (the document's head comment).
  let end = text.lastIndexOf('\n', objectStart - 1);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (!/^\s*#/.test(line)) break;
    lines.push(line);
    end = start - 1;
  }
  return lines;
}

export function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end === -1 ? text.length : end);
}

export function sourceSuppression(finding: Finding, object: KubeObject, text: string): Suppression | undefined {
  return annotationSuppression(finding, object) ?? inlineCommentSuppression(finding, object, text);
}

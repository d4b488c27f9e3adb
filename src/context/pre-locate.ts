// Where a reported object's cross-object findings can point, found while its file is still parsed.
// Cross-object rules run after every file is done; without this, each file with such a finding was
// read and parsed a second time only to find lines (a fifth of the files of the 10k benchmark, 0.9 GB
// of allocation at 50k). The paths below are the ones the context rules in src/rules/code-rules/
// report, read off the summary; a finding on any other path still takes the re-parse, so a rule that
// points elsewhere is slower, never wrong.
import type { KubeObject } from '../model/kube-object.ts';
import { offsetToPosition, type ParsedFile } from '../parse/parse-manifest-text.ts';
import { ignoreAnnotationsOf, lineAt, mayHoldInlineExemption, objectCommentLines } from '../policy/source-exemptions.ts';
import type { FieldPath, Range } from '../types.ts';
import type { IndexedObject } from './context-index.ts';

/** Plain data (it crosses processes and is pooled like the rest of a summary). */
export interface PreLocated {
  /** Path relative to the object, joined with NUL → [startOffset, endOffset, startLine, startColumn, endLine, endColumn]. */
  ranges: Record<string, number[]>;
  /** Of those paths, the ones whose line holds a `# plimsoll-ignore` comment: that line. */
  rangeLines?: Record<string, string>;
  /** The object's own lines with a `# plimsoll-ignore` comment (first line, comments above), in order. */
  objectLines?: string[];
  /** The object's `plimsoll.dev/ignore*` annotations. */
  annotations?: Record<string, string>;
}

export function pathKey(path: FieldPath): string {
  return path.join('\u0000');
}

export function preLocate(object: KubeObject, summary: IndexedObject, parsed: ParsedFile): PreLocated {
  const out: PreLocated = { ranges: {} };
  for (const path of contextPathsOf(summary)) {
    const located = object.document.locate([...object.basePath, ...path]);
    const start = located.startOffset;
    const end = Math.max(start, located.endOffset);
    const from = offsetToPosition(parsed.lineCounter, start);
    const to = offsetToPosition(parsed.lineCounter, end);
    const key = pathKey(path);
    out.ranges[key] = [start, end, from.line, from.column, to.line, to.column];
    const line = lineAt(parsed.text, start);
    if (mayHoldInlineExemption(line)) (out.rangeLines ??= {})[key] = line;
  }
  const objectLines = objectCommentLines(object, parsed.text).filter(mayHoldInlineExemption);
  if (objectLines.length > 0) out.objectLines = objectLines;
  const annotations = ignoreAnnotationsOf(object);
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  return out;
}

/** A pre-located range as a finding's range. */
export function rangeOf(located: number[]): Range {
  const [startOffset, endOffset, startLine, startColumn, endLine, endColumn] = located as [number, number, number, number, number, number];
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn }, startOffset, endOffset };
}

/** The paths context rules report on an object like this one (relative to the object). */
function contextPathsOf(summary: IndexedObject): FieldPath[] {
  const paths: FieldPath[] = [['metadata', 'name']];
  if (summary.workload) {
    if (summary.workload.replicas !== undefined) paths.push(['spec', 'replicas']);
    if (summary.workload.serviceAccountPath) paths.push(summary.workload.serviceAccountPath);
  }
  if (summary.serviceSelector) {
    paths.push(['spec', 'selector'], ...Object.keys(summary.serviceSelector).map((key) => ['spec', 'selector', key]));
  }
  switch (summary.ref.kind) {
    case 'NetworkPolicy':
      paths.push(['spec', 'podSelector'], ...Object.keys(summary.selector?.matchLabels ?? {}).map((key) => ['spec', 'podSelector', 'matchLabels', key]));
      break;
    case 'PodDisruptionBudget':
      paths.push(['spec', 'minAvailable']);
      break;
    case 'HorizontalPodAutoscaler':
      paths.push(['spec', 'minReplicas'], ['spec', 'scaleTargetRef', 'kind']);
      if (summary.scaleTarget) paths.push(summary.scaleTarget.path);
      break;
  }
  if (summary.roleRef) paths.push(['roleRef', 'kind'], summary.roleRef.path);
  for (const backend of summary.backends ?? []) {
    paths.push(backend.path);
    if (backend.portPath) paths.push(backend.portPath);
  }
  return paths;
}

// The text edits that fix one violation: the rule's `fix` operations, resolved against the failing
// subject (container, pod spec, object or forEach item) and computed on the original text.
import { parseFieldPath, type WorkloadKind } from '../model/workload-kinds.ts';
import { podSubjectOf } from '../model/subjects.ts';
import type { KubeObject } from '../model/kube-object.ts';
import type { Violation } from '../engine/evaluate-object.ts';
import type { FixOperation } from '../rules/rule-definition.ts';
import type { FieldPath, TextEdit } from '../types.ts';
import { computeFixEdits, type ComputeFixOptions } from './compute-fix-edits.ts';
import type { ResolvedOperation } from './patch-yaml-text.ts';

const ANCHORED = /^@(object|podSpec|podMetadata)(?:\.(.*))?$/;

export function resolveFixOperations(
  operations: readonly FixOperation[],
  violation: Pick<Violation, 'subjectPath'>,
  object: KubeObject,
  workloadKinds: readonly WorkloadKind[],
): ResolvedOperation[] | undefined {
  const out: ResolvedOperation[] = [];
  for (const operation of operations) {
    const path = resolvePath(operation.path, violation.subjectPath, object, workloadKinds);
    if (!path) return undefined;
    out.push({ ...operation, path } as ResolvedOperation);
  }
  return out;
}

function resolvePath(
  text: string,
  subjectPath: FieldPath,
  object: KubeObject,
  workloadKinds: readonly WorkloadKind[],
): FieldPath | undefined {
  const match = ANCHORED.exec(text);
  const relative = match ? match[2] ?? '' : text;
  const tail = relative === '' ? [] : parseFieldPath(relative);
  if (!match) return [...subjectPath, ...tail];
  if (match[1] === 'object') return [...object.basePath, ...tail];
  const pod = podSubjectOf(object, workloadKinds);
  if (!pod) return undefined;
  return [...(match[1] === 'podSpec' ? pod.podSpecPath : pod.podMetadataPath), ...tail];
}

/** Edits for a violation, or undefined when the rule has no fix or this occurrence cannot be fixed safely. */
export function fixForViolation(
  text: string,
  violation: Violation,
  object: KubeObject,
  workloadKinds: readonly WorkloadKind[],
  options: ComputeFixOptions = {},
): TextEdit[] | undefined {
  if (!violation.rule.definition.fix?.length || violation.evaluationError !== undefined) return undefined;
  // Rendered per finding by the engine ({{ cel }} values); absent when a placeholder gave nothing.
  const operations = violation.fixOperations;
  if (!operations?.length) return undefined;
  try {
    const resolved = resolveFixOperations(operations, violation, object, workloadKinds);
    if (!resolved) return undefined;
    const result = computeFixEdits(text, object.document, resolved, options);
    if ('unfixable' in result || result.edits.length === 0) return undefined;
    return result.edits;
  } catch {
    // A fix we cannot compute (a path that does not parse, an odd YAML shape) is no fix; never a crash.
    return undefined;
  }
}

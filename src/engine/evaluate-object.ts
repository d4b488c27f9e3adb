// Runs compiled rules against one Kubernetes object and reports where each one fails.
// Pure: values in, violations out; locations are resolved by the caller.
import { toCelValue } from '../rules/cel-environment.ts';
import type { AnchoredPath, CompiledRule, MessagePart } from '../rules/compile-rule.ts';
import { resolveFixOperations } from '../rules/fix-template.ts';
import { withLazyVariables } from '../rules/lazy-variables.ts';
import type { FixOperation } from '../rules/rule-definition.ts';
import { containerSubjectsOf, podSubjectOf, valueAt, type ContainerSubject, type PodSubject } from '../model/subjects.ts';
import { isJsonObject, type KubeObject } from '../model/kube-object.ts';
import type { WorkloadKind } from '../model/workload-kinds.ts';
import type { FieldPath } from '../types.ts';

export interface Violation {
  rule: CompiledRule;
  /** Absolute path from the document root to what the finding points at. */
  path: FieldPath;
  /** The container the finding is about, for container rules. */
  container?: string;
  /** Path relative to the container (or the object) used for the fingerprint. */
  identityPath: FieldPath;
  message: string;
  /** True when the rule could not be evaluated (bad data or a broken expression). */
  evaluationError?: string;
  /** The CEL-shaped subject value the fix applies to, with its absolute path. */
  subjectPath: FieldPath;
  /** The rule's fix operations with `{{ cel }}` values rendered for this finding (fix-template.ts). */
  fixOperations?: FixOperation[];
  /** Point at the key of `path`, not its value (code rules: an unknown field is its key). */
  pointAtKey?: boolean;
}

export interface EvaluateOptions {
  workloadKinds: readonly WorkloadKind[];
  /** Per-rule parameters (config overrides merged over the rule's defaults). */
  params: (rule: CompiledRule) => Record<string, unknown>;
}

interface Subject {
  variables: Record<string, unknown>;
  /** Absolute path of the subject (container, pod spec or object). */
  path: FieldPath;
  pod?: PodSubject;
  container?: ContainerSubject;
}

export function evaluateObject(object: KubeObject, rules: readonly CompiledRule[], options: EvaluateOptions): Violation[] {
  const celObject = toCelValue(object.value) as Record<string, unknown>;
  // Subjects are computed lazily: most objects are not workloads, most rules are container rules.
  let pod: PodSubject | null | undefined;
  const podOf = (): PodSubject | undefined => {
    if (pod === undefined) pod = podSubjectOf({ ...object, value: celObject }, options.workloadKinds) ?? null;
    return pod ?? undefined;
  };
  // Subjects and the variables shared by every rule on them, built once per subject (each rule adds its params).
  const objectSubject: Subject = { variables: { object: celObject, params: undefined }, path: object.basePath };
  let podSubject: Subject | undefined;
  let containerSubjects: Subject[] | undefined;
  const violations: Violation[] = [];
  const kindRules = rulesForKind(rules, object.ref.kind);
  // Indexed loops here and below: a scan's first objects run before the JIT has compiled this, and
  // unoptimised `for...of` makes an iterator result for each of ~100 rules an object.
  for (let r = 0; r < kindRules.length; r++) {
    const rule = kindRules[r]!;
    const params = options.params(rule);
    if (rule.code) {
      // Code rules: object-phase ones run here; context-phase ones run after the scan (src/context/).
      if (rule.code.phase === 'object') violations.push(...codeViolations(rule, object, params));
      continue;
    }
    switch (rule.definition.subject) {
      case 'object':
        evaluateSubject(rule, forRule(rule, objectSubject, params), object, violations);
        break;
      case 'pod': {
        const p = podOf();
        if (!p) break;
        podSubject ??= podSubjectFor(objectSubject, p);
        evaluateSubject(rule, forRule(rule, podSubject, params), object, violations);
        break;
      }
      case 'container': {
        const p = podOf();
        if (!p) break;
        podSubject ??= podSubjectFor(objectSubject, p);
        const pv = podSubject.variables;
        containerSubjects ??= containerSubjectsOf(p).map((c) => ({
          variables: { ...pv, container: c.container, containerType: c.containerType },
          path: c.containerPath,
          pod: p,
          container: c,
        }));
        const allowed = rule.definition.containerTypes;
        for (let s = 0; s < containerSubjects.length; s++) {
          const subject = containerSubjects[s]!;
          if (allowed && !allowed.includes(subject.container!.containerType)) continue;
          evaluateSubject(rule, forRule(rule, subject, params), object, violations);
        }
        break;
      }
    }
  }
  return violations;
}

/** Each rule list's rules by the kind they apply to: a scan runs one list over every object. */
const rulesByKind = new WeakMap<readonly CompiledRule[], Map<string, readonly CompiledRule[]>>();

/** The rules that apply to objects of `kind`, in their order: those that list it, and those that list no kinds. */
function rulesForKind(rules: readonly CompiledRule[], kind: string): readonly CompiledRule[] {
  let byKind = rulesByKind.get(rules);
  if (!byKind) rulesByKind.set(rules, (byKind = new Map()));
  let applicable = byKind.get(kind);
  if (!applicable) byKind.set(kind, (applicable = rules.filter((rule) => !rule.kinds || rule.kinds.has(kind))));
  return applicable;
}

function podSubjectFor(objectSubject: Subject, pod: PodSubject): Subject {
  return {
    variables: { ...objectSubject.variables, podSpec: pod.podSpec, podMetadata: pod.podMetadata, params: undefined },
    path: pod.podSpecPath,
    pod,
  };
}

/** The subject as one rule sees it: its variables (see scope) on the subject's shared description. */
function forRule(rule: CompiledRule, subject: Subject, params: Record<string, unknown>): Subject {
  const variables = scope(rule, subject.variables, params);
  return variables === subject.variables ? subject : { ...subject, variables };
}

/**
 * The variables one rule sees on a subject. Most rules only read them, so they share the subject's
 * object with `params` set for the rule (one object a subject instead of one per rule and subject:
 * that was the scan's largest allocation). A rule that computes its own variables up front writes
 * them: it gets its own copy, so nothing leaks into the next rule. A rule whose variables are worked out
 * on first read gets its own object in evaluateSubject, and a forEach one for each item.
 */
function scope(rule: CompiledRule, subjectVariables: Record<string, unknown>, params: Record<string, unknown>): Record<string, unknown> {
  if (rule.variables.length > 0 && !rule.variableScope && !rule.forEach) return { ...subjectVariables, params };
  subjectVariables.params = params;
  return subjectVariables;
}

function codeViolations(rule: CompiledRule, object: KubeObject, params: Record<string, unknown>): Violation[] {
  if (rule.code?.phase !== 'object') return [];
  let found;
  try {
    found = rule.code.check(object, params);
  } catch (error) {
    return [errorViolation(rule, { variables: {}, path: object.basePath }, object.basePath, error)];
  }
  return found.map((v) => {
    const path = [...object.basePath, ...v.path];
    const violation: Violation = {
      rule,
      path,
      identityPath: v.identityPath ?? v.path,
      message: v.message,
      subjectPath: object.basePath,
    };
    if (v.pointAtKey) violation.pointAtKey = true;
    return violation;
  });
}

function evaluateSubject(rule: CompiledRule, subject: Subject, object: KubeObject, out: Violation[]): void {
  if (!rule.forEach) {
    checkOne(rule, subject, ownVariables(rule, subject.variables), subject.path, undefined, object, out);
    return;
  }
  const subjectValue = subjectValueOf(subject);
  const collection = valueAt(subjectValue, rule.forEach);
  const basePath = [...subject.path, ...rule.forEach];
  if (Array.isArray(collection)) {
    for (let index = 0; index < collection.length; index++) {
      const variables = itemVariables(rule, subject.variables);
      variables.item = collection[index];
      variables.index = BigInt(index);
      checkOne(rule, subject, variables, basePath, index, object, out);
    }
  } else if (isJsonObject(collection)) {
    for (const key in collection) {
      if (!Object.hasOwn(collection, key)) continue;
      const variables = itemVariables(rule, subject.variables);
      variables.item = { key, value: collection[key] };
      variables.index = key;
      checkOne(rule, subject, variables, basePath, key, object, out);
    }
  }
}

/** The variables one evaluation reads: with the rule's own worked out on first read when it has them. */
function ownVariables(rule: CompiledRule, variables: Record<string, unknown>): Record<string, unknown> {
  return rule.variableScope ? withLazyVariables(rule.variableScope, variables) : variables;
}

/** A forEach item's variables: always an object of its own, which `item` and `index` are added to. */
function itemVariables(rule: CompiledRule, variables: Record<string, unknown>): Record<string, unknown> {
  return rule.variableScope ? withLazyVariables(rule.variableScope, variables) : { ...variables };
}

function subjectValueOf(subject: Subject): unknown {
  if (subject.container) return subject.container.container;
  if (subject.pod) return subject.pod.podSpec;
  return subject.variables.object;
}

/**
 * Evaluates one rule on one subject (or forEach item: `itemKey` below `basePath`). The item's path is
 * only built for a finding: most evaluations pass.
 */
function checkOne(
  rule: CompiledRule,
  subject: Subject,
  variables: Record<string, unknown>,
  basePath: FieldPath,
  itemKey: string | number | undefined,
  object: KubeObject,
  out: Violation[],
): void {
  let verdict: unknown;
  try {
    // Rules whose variables are not worked out on first read (ownVariables) compute them here, in
    // order, on an object of their own (see scope and evaluateSubject).
    if (!rule.variableScope) {
      for (let i = 0; i < rule.variables.length; i++) {
        const variable = rule.variables[i]!;
        variables[variable[0]] = variable[1](variables);
      }
    }
    verdict = rule.assert(variables);
  } catch (error) {
    out.push(errorViolation(rule, subject, itemPathOf(basePath, itemKey), error));
    return;
  }
  if (verdict === true) return;
  const itemPath = itemPathOf(basePath, itemKey);
  if (verdict !== false) {
    out.push(errorViolation(rule, subject, itemPath, new Error(`assert returned ${typeof verdict}, not a bool`)));
    return;
  }
  const path = resolveAt(rule, subject, itemPath, object);
  const violation: Violation = {
    rule,
    path,
    identityPath: identityPathOf(path, subject),
    message: renderMessage(rule.message, variables),
    subjectPath: itemPath,
  };
  if (subject.container) violation.container = subject.container.containerName;
  if (rule.fix) {
    const operations = resolveFixOperations(rule.fix, variables);
    if (operations) violation.fixOperations = operations;
  }
  out.push(violation);
}

function itemPathOf(basePath: FieldPath, itemKey: string | number | undefined): FieldPath {
  return itemKey === undefined ? basePath : [...basePath, itemKey];
}

function errorViolation(rule: CompiledRule, subject: Subject, itemPath: FieldPath, error: unknown): Violation {
  const detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const violation: Violation = {
    rule,
    path: itemPath,
    identityPath: identityPathOf(itemPath, subject),
    message: `Rule ${rule.definition.id} could not be evaluated here: ${detail}`,
    evaluationError: detail,
    subjectPath: itemPath,
  };
  if (subject.container) violation.container = subject.container.containerName;
  return violation;
}

function resolveAt(rule: CompiledRule, subject: Subject, itemPath: FieldPath, object: KubeObject): FieldPath {
  const first = anchoredPath(rule.at, subject, itemPath, object);
  if (!rule.atAlternatives) return first;
  // Candidates (a container's own field, then the pod-level one it inherits): the first that is
  // written in the manifest is where the offending value is; when none is, the first one's parent.
  for (const candidate of [first, ...rule.atAlternatives.map((at) => anchoredPath(at, subject, itemPath, object))]) {
    if (valueAt(object.value, candidate.slice(object.basePath.length)) !== undefined) return candidate;
  }
  return first;
}

function anchoredPath(at: AnchoredPath, subject: Subject, itemPath: FieldPath, object: KubeObject): FieldPath {
  const { anchor, path } = at;
  switch (anchor) {
    case 'subject':
      return [...itemPath, ...path];
    case 'object':
      return [...object.basePath, ...path];
    case 'podSpec':
      return [...(subject.pod?.podSpecPath ?? object.basePath), ...path];
    case 'podMetadata':
      return [...(subject.pod?.podMetadataPath ?? [...object.basePath, 'metadata']), ...path];
  }
}

function identityPathOf(path: FieldPath, subject: Subject): FieldPath {
  const containerPath = subject.container?.containerPath;
  if (containerPath && startsWith(path, containerPath)) return path.slice(containerPath.length);
  return path;
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

export function renderMessage(parts: readonly MessagePart[], variables: Record<string, unknown>): string {
  let out = '';
  for (const part of parts) {
    if (part.text !== undefined) out += part.text;
    else if (part.expression) {
      try {
        out += shortened(displayValue(part.expression(variables)));
      } catch {
        out += '?';
      }
    }
  }
  return out;
}

/** Longest value a message quotes: a 5 MB name must not be copied into every finding (fuzz test). */
export const MAX_MESSAGE_VALUE_CHARS = 256;

function shortened(text: string): string {
  return text.length <= MAX_MESSAGE_VALUE_CHARS ? text : `${text.slice(0, MAX_MESSAGE_VALUE_CHARS - 1)}…`;
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return value.map(displayValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  return String(value);
}

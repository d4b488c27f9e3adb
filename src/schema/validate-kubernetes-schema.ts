// Validates an object against the Kubernetes OpenAPI types of the bundled version (generated into
// schema/kubernetes/ by scripts/generate-kubernetes-schemas.ts from `kubernetes-types`). Offline, with
// ajv (already our JSON schema validator for rule files and config), its validators compiled ahead of
// time into schema/kubernetes/<version>.validators.js (scripts/generate-kubernetes-validators.ts says why).
// Unknown kinds (CRDs, removed API versions) have no schema.
import type { ErrorObject, ValidateFunction } from 'ajv';
import kubernetesSchema from '../../schema/kubernetes/1.30.json' with { type: 'json' };
import { validatorsByDefinition } from '../../schema/kubernetes/1.30.validators.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../model/kube-object.ts';
import type { FieldPath } from '../types.ts';

export const SCHEMA_KUBERNETES_VERSION: string = kubernetesSchema.kubernetesVersion;

export type SchemaProblem =
  | { type: 'unknown-field'; path: FieldPath; field: string; suggestion?: string }
  | { type: 'wrong-type'; path: FieldPath; expected: string[]; actual: string }
  | { type: 'missing-field'; path: FieldPath; field: string };

const KINDS = kubernetesSchema.kinds as Record<string, string>;

function validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
  const definition = KINDS[`${apiVersion}/${kind}`];
  return definition === undefined ? undefined : validatorsByDefinition[definition];
}

export function hasKubernetesSchema(apiVersion: string, kind: string): boolean {
  return KINDS[`${apiVersion}/${kind}`] !== undefined;
}

const cache = new WeakMap<JsonObject, SchemaProblem[]>();

/**
 * Problems of one object, validated once however many schema rules ask (one per problem type). When
 * the parser saw no null in the object's document, nothing is looked for to drop.
 */
export function schemaProblemsOf(object: KubeObject): SchemaProblem[] {
  let problems = cache.get(object.value);
  if (!problems) {
    problems = validateKubernetesObject(object.value, object.document.holdsNull !== false);
    cache.set(object.value, problems);
  }
  return problems;
}

/**
 * Problems in one object, in document order of their JSON pointers; [] for kinds without a schema.
 * `mayHoldNull: false` when the object is known to hold no null (Kubernetes reads one as unset).
 */
export function validateKubernetesObject(object: JsonObject, mayHoldNull = true): SchemaProblem[] {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return [];
  const validate = validatorFor(object.apiVersion, object.kind);
  if (!validate) return [];
  // Most objects hold no null: they are validated as they are, without a copy.
  const data = mayHoldNull && holdsNull(object) ? withoutNulls(object) : object;
  if (validate(data)) return [];
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const problem = toProblem(error, data);
    if (!problem) continue;
    // Several required fields can be missing from one parent: the field is part of the identity.
    const key = [problem.type, ...problem.path, problem.type === 'missing-field' ? problem.field : ''].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function toProblem(error: ErrorObject, data: unknown): SchemaProblem | undefined {
  const path = pointerToPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      const problem: SchemaProblem = { type: 'unknown-field', path: [...path, field], field };
      const suggestion = closestName(field, known);
      if (suggestion) problem.suggestion = suggestion;
      return problem;
    }
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      return { type: 'wrong-type', path, expected: Array.isArray(expected) ? expected : [expected], actual: jsonTypeOf(valueAtPath(data, path)) };
    }
    case 'required':
      return { type: 'missing-field', path, field: String((error.params as { missingProperty: string }).missingProperty) };
    default:
      return undefined;
  }
}

/** Kubernetes reads `field: null` as unset, so null is neither a wrong type nor a present field. */
function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(holdsNull);
  if (!isJsonObject(value)) return false;
  for (const key in value) if (holdsNull(value[key])) return true;
  return false;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) if (v !== null) out[key] = withoutNulls(v);
  return out;
}

function pointerToPath(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

function valueAtPath(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const segment of path) current = (current as Record<string | number, unknown> | undefined)?.[segment];
  return current;
}

function jsonTypeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/**
 * "Did you mean": the known field nearest by edit distance, if near enough to be a typo (at most a
 * third of the name's length, and 3) or a case slip (`ImagePullPolicy`).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    const distance = editDistance(name, candidate);
    // Ties go to the alphabetically first candidate: the hint must not depend on the order files were read.
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

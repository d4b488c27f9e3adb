// schema-unknown-field: a field the Kubernetes API does not define (`securityContex`), pointed at by its key.
import { SCHEMA_KUBERNETES_VERSION, schemaProblemsOf } from '../../schema/validate-kubernetes-schema.ts';
import { formatFieldPath } from '../../types.ts';
import type { ObjectCodeRule } from './code-rule.ts';

/** "1.31" > "1.30"; anything unreadable is not newer. */
export function isNewerVersion(version: unknown, than: string): boolean {
  if (typeof version !== 'string') return false;
  const parse = (text: string) => text.replace(/^v/, '').split('.').map(Number);
  const [major = NaN, minor = NaN] = parse(version);
  const [baseMajor = 0, baseMinor = 0] = parse(than);
  if (Number.isNaN(major) || Number.isNaN(minor)) return false;
  return major > baseMajor || (major === baseMajor && minor > baseMinor);
}

export const schemaUnknownField: ObjectCodeRule = {
  id: 'schema-unknown-field',
  phase: 'object',
  check(object, params) {
    // A target newer than the bundled schema may have fields it does not know: only a near-typo of a
    // known field is then certain enough to report; anything else is unknown, not a failure.
    const newerTarget = isNewerVersion(params.kubernetesVersion, SCHEMA_KUBERNETES_VERSION);
    return schemaProblemsOf(object).flatMap((problem) => {
      if (problem.type !== 'unknown-field' || (newerTarget && !problem.suggestion)) return [];
      const hint = problem.suggestion ? ` Did you mean "${problem.suggestion}"?` : '';
      return [{
        path: problem.path,
        pointAtKey: true,
        message: `"${problem.field}" is not a field of ${object.ref.kind} at ${formatFieldPath(problem.path.slice(0, -1)) || 'the top level'} in Kubernetes ${SCHEMA_KUBERNETES_VERSION}: the API server rejects unknown fields (or drops them), so this setting would not apply.${hint}`,
      }];
    });
  },
};

// schema-unknown-field: a field the Kubernetes API does not define (`securityContex`), pointed at by its key.
import { schemaProblemsOf } from '../../schema/validate-kubernetes-schema.ts';
import { formatFieldPath } from '../../types.ts';
import type { ObjectCodeRule } from './code-rule.ts';

export const schemaUnknownField: ObjectCodeRule = {
  id: 'schema-unknown-field',
  phase: 'object',
  check(object) {
    return schemaProblemsOf(object.value).flatMap((problem) => {
      if (problem.type !== 'unknown-field') return [];
      const hint = problem.suggestion ? ` Did you mean "${problem.suggestion}"?` : '';
      return [{
        path: problem.path,
        pointAtKey: true,
        message: `"${problem.field}" is not a field of ${object.ref.kind} at ${formatFieldPath(problem.path.slice(0, -1)) || 'the top level'}: the API server rejects unknown fields (or drops them), so this setting would not apply.${hint}`,
      }];
    });
  },
};

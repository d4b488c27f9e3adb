// schema-missing-field: a field the Kubernetes API requires is absent; points at the parent's key.
import { schemaProblemsOf } from '../../schema/validate-kubernetes-schema.ts';
import { formatFieldPath } from '../../types.ts';
import type { ObjectCodeRule } from './code-rule.ts';

export const schemaMissingField: ObjectCodeRule = {
  id: 'schema-missing-field',
  phase: 'object',
  check(object) {
    return schemaProblemsOf(object).flatMap((problem) => {
      if (problem.type !== 'missing-field') return [];
      return [{
        path: problem.path,
        identityPath: [...problem.path, problem.field],
        message: `${formatFieldPath(problem.path) || object.ref.kind} is missing the required field "${problem.field}"; the API server rejects the ${object.ref.kind}.`,
      }];
    });
  },
};

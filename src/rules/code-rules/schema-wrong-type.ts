// schema-wrong-type: a value of the wrong JSON type (`replicas: "3"`, `value: 8080` for an env var).
import { schemaProblemsOf } from '../../schema/validate-kubernetes-schema.ts';
import { formatFieldPath } from '../../types.ts';
import type { ObjectCodeRule } from './code-rule.ts';

const ARTICLE: Record<string, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean', object: 'a map', array: 'a list', null: 'null' };

export const schemaWrongType: ObjectCodeRule = {
  id: 'schema-wrong-type',
  phase: 'object',
  check(object) {
    return schemaProblemsOf(object).flatMap((problem) => {
      if (problem.type !== 'wrong-type') return [];
      const expected = problem.expected.map((t) => ARTICLE[t] ?? t).join(' or ');
      // The value itself is never quoted: it may be a secret.
      return [{
        path: problem.path,
        message: `${formatFieldPath(problem.path) || 'The object'} must be ${expected}, not ${ARTICLE[problem.actual] ?? problem.actual}; the API server rejects the ${object.ref.kind}.${problem.actual === 'number' && problem.expected.includes('string') ? ' Quote the value.' : ''}`,
      }];
    });
  },
};

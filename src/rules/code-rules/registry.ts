// Code rules by id. A rule file with `implementation: typescript` is bound to the entry of its id;
// an id without an entry is a load error, and so is an entry no rule file uses (see load tests).
import type { CodeRule } from './code-rule.ts';
import { schemaUnknownField } from './schema-unknown-field.ts';
import { schemaWrongType } from './schema-wrong-type.ts';
import { schemaMissingField } from './schema-missing-field.ts';

const CODE_RULES: readonly CodeRule[] = [schemaUnknownField, schemaWrongType, schemaMissingField];

export const CODE_RULE_REGISTRY: ReadonlyMap<string, CodeRule> = new Map(CODE_RULES.map((rule) => [rule.id, rule]));

export function codeRuleFor(id: string): CodeRule | undefined {
  return CODE_RULE_REGISTRY.get(id);
}

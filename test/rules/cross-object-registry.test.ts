// The TypeScript escape hatch of the rule format: rule files bind to registered code rules by id.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules, parseRuleDefinition, RuleLoadError } from '../../src/rules/load-rules.ts';
import { compileRule, RuleCompileError } from '../../src/rules/compile-rule.ts';
import { CODE_RULE_REGISTRY } from '../../src/rules/code-rules/registry.ts';
import type { CompiledRule } from '../../src/rules/compile-rule.ts';
import { builtinRule } from '../helpers/scan-helpers.ts';
import { scanFiles } from '../helpers/scan-context-helpers.ts';

const HEADER = `
id: service-selects-no-pods
title: t
severity: low
category: reliability
subject: object
docs: {description: d}
examples: {pass: ["x"], fail: [{manifest: "y"}]}
`;

describe('code rules', () => {
  it('every registered code rule has a built-in rule file, and every such file a code rule', () => {
    const builtin = loadBuiltinRules().filter((rule) => rule.definition.implementation === 'typescript');
    expect(builtin.map((rule) => rule.definition.id).sort()).toEqual([...CODE_RULE_REGISTRY.keys()].sort());
    for (const rule of builtin) expect(rule.code).toBe(CODE_RULE_REGISTRY.get(rule.definition.id));
  });

  it('accepts implementation: typescript without assert or message', () => {
    const definition = parseRuleDefinition(`${HEADER}implementation: typescript\n`, 'r.yaml');
    expect(compileRule(definition).code?.phase).toBe('context');
  });

  it('rejects a rule that is both CEL and code, or neither', () => {
    expect(() => parseRuleDefinition(`${HEADER}implementation: typescript\nassert: "true"\nmessage: m\n`, 'r.yaml')).toThrow(RuleLoadError);
    expect(() => parseRuleDefinition(HEADER, 'r.yaml')).toThrow(RuleLoadError);
    expect(() => parseRuleDefinition(`${HEADER}assert: "true"\n`, 'r.yaml')).toThrow(/not a valid rule/);
  });

  it('fails to compile a code rule whose id has no implementation', () => {
    const definition = parseRuleDefinition(`${HEADER.replace('service-selects-no-pods', 'no-such-code-rule')}implementation: typescript\n`, 'r.yaml');
    expect(() => compileRule(definition)).toThrow(RuleCompileError);
    expect(() => compileRule(definition)).toThrow(/no code rule is registered/);
  });

  it('turns a context rule that throws into a rule-error finding instead of failing the scan', () => {
    const broken: CompiledRule = {
      ...builtinRule('duplicate-object'),
      code: { id: 'duplicate-object', phase: 'context', check: () => { throw new Error('index exploded'); } },
    };
    const result = scanFiles([{ path: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' }], { rules: [broken] });
    expect(result.findings.map((f) => [f.ruleId, f.file, f.message])).toEqual([
      ['rule-error', 'a.yaml', 'Cross-object rule duplicate-object could not be evaluated: index exploded'],
    ]);
  });
});

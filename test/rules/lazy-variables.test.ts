import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/rules/compile-rule.ts';
import { lazyVariablesPrototype, withLazyVariables } from '../../src/rules/lazy-variables.ts';
import type { CompiledExpression } from '../../src/rules/cel-environment.ts';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const pod = (cpu: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: web}
  spec:
    containers:
      - name: app
        image: nginx:1.27
        resources: {limits: {cpu: "${cpu}"}}
`;

/** A container rule from run-as-non-root's metadata with the given CEL. */
function ruleWith(id: string, variables: Record<string, string>, assert: string, message = 'Container {{container.name}} fails.') {
  return compileRule({ ...builtinRule('run-as-non-root').definition, id, variables, assert, message, fix: undefined });
}

describe('rule variables, worked out on first read', () => {
  it('never evaluates a variable the assert does not reach', () => {
    // `limit` throws for a CPU that is not a quantity; the assert only reads it when `set` holds.
    const rule = ruleWith(
      'cpu-limit-below-two',
      { set: "container.resources.limits.cpu != 'none'", limit: 'quantity(container.resources.limits.cpu)' },
      "!set || limit.isLessThan(quantity('2'))",
    );
    expect(scanYaml(pod('none'), { rules: [rule] }).findings).toEqual([]);
    expect(scanYaml(pod('500m'), { rules: [rule] }).findings).toEqual([]);
    expect(scanYaml(pod('4'), { rules: [rule] }).findings.map((f) => f.ruleId)).toEqual(['cpu-limit-below-two']);
    const broken = scanYaml(pod('lots'), { rules: [rule] }).findings;
    expect(broken.map((f) => f.ruleId)).toEqual(['rule-error']);
    expect(broken[0]!.message).toContain('not a Kubernetes quantity');
  });

  it('lets a variable read one defined after it, and messages read variables too', () => {
    const rule = ruleWith(
      'cpu-text',
      { shown: "'cpu ' + cpu", cpu: 'container.resources.limits.cpu' },
      "cpu == '1'",
      'Container {{container.name}} has {{shown}}.',
    );
    const findings = scanYaml(pod('3'), { rules: [rule] }).findings;
    expect(findings.map((f) => f.message)).toEqual(['Container app has cpu 3.']);
  });

  it('reports variables that read each other in a loop as a rule error, not a stack overflow', () => {
    const rule = ruleWith('loop', { a: 'b + 1', b: 'a + 1' }, 'a > 0');
    const findings = scanYaml(pod('1'), { rules: [rule] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(['rule-error']);
    expect(findings[0]!.message).toContain('depends on itself');
  });

  it('evaluates each variable once per evaluation, however often it is read', () => {
    const calls: string[] = [];
    const counted = (name: string, value: (v: Record<string, unknown>) => unknown): CompiledExpression => (variables) => {
      calls.push(name);
      return value(variables);
    };
    const prototype = lazyVariablesPrototype([
      ['double', counted('double', (v) => (v.base as number) * 2)],
      ['quad', counted('quad', (v) => (v.double as number) * 2)],
    ])!;
    const first = withLazyVariables(prototype, { base: 3 });
    expect([first.quad, first.double, first.quad]).toEqual([12, 6, 12]);
    expect(calls).toEqual(['quad', 'double']);
    // A second evaluation starts afresh: nothing leaks from the first.
    const second = withLazyVariables(prototype, { base: 5 });
    expect(second.quad).toBe(20);
    expect(calls).toEqual(['quad', 'double', 'quad', 'double']);
  });

  it('keeps the engine computing them in order when a name repeats or hides one of its own', () => {
    const one: CompiledExpression = () => 1;
    expect(lazyVariablesPrototype([['container', one]])).toBeUndefined();
    expect(lazyVariablesPrototype([['a', one], ['a', one]])).toBeUndefined();
    expect(lazyVariablesPrototype([['a', one]])).toBeDefined();
    const rule = ruleWith('shadow', { container: "{'name': 'replaced'}" }, 'false');
    expect(rule.variableScope).toBeUndefined();
    expect(scanYaml(pod('1'), { rules: [rule] }).findings.map((f) => f.message)).toEqual(['Container replaced fails.']);
  });
});

// Every built-in rule proves itself with its own examples (like ESLint's RuleTester): passing
// manifests give no finding of the rule, failing ones give findings that point inside the manifest.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { scanExample } from '../helpers/scan-context-helpers.ts';

const rules = loadBuiltinRules();

describe.each(rules.map((rule) => [rule.definition.id, rule] as const))('rule %s', (_id, rule) => {
  const { examples } = rule.definition;

  it('has passing and failing examples', () => {
    expect(examples.pass.length).toBeGreaterThan(0);
    expect(examples.fail.length).toBeGreaterThan(0);
  });

  it.each(examples.pass.map((manifest, i) => [i, manifest] as const))('passing example %i gives no finding', (_i, manifest) => {
    // Passing examples must pass even when they are declared the complete context (cross-object rules).
    const scan = scanExample(manifest, { rules: [rule], complete: true });
    expect(scan.objects, 'example must contain a Kubernetes object').toBeGreaterThan(0);
    expect(scan.findings).toEqual([]);
  });

  it.each(examples.fail.map((example, i) => [i, example] as const))('failing example %i is found', (_i, example) => {
    const scan = scanExample(example.manifest, { rules: [rule], complete: example.completeContext === true });
    expect(scan.objects, 'example must contain a Kubernetes object').toBeGreaterThan(0);
    const own = scan.findings.filter((f) => f.ruleId === rule.definition.id);
    expect(scan.findings.filter((f) => f.ruleId !== rule.definition.id), 'no parse or evaluation errors').toEqual([]);
    if (example.findings !== undefined) expect(own).toHaveLength(example.findings);
    else expect(own.length).toBeGreaterThan(0);
    const lineCount = example.manifest.split('\n').length;
    for (const finding of own) {
      expect(finding.range.start.line).toBeGreaterThanOrEqual(1);
      expect(finding.range.start.line).toBeLessThanOrEqual(lineCount);
      expect(finding.message).not.toMatch(/\?\s|undefined|\{\{/);
      expect(finding.object).toBeDefined();
      expect(finding.fieldPath).not.toBe('');
    }
  });
});

// Every built-in rule proves itself with its own examples (like ESLint's RuleTester): passing
// manifests give no finding of the rule, failing ones give findings that point inside the manifest,
// and a fixable rule's fixes remove those findings, add none, keep valid YAML and give `fixed:`.
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { parseManifestText } from '../../src/parse/parse-manifest-text.ts';
import { fixText } from '../../src/fix/fix-file-text.ts';
import { scanExample } from '../helpers/scan-context-helpers.ts';

const rules = loadBuiltinRules();

describe.each(rules.map((rule) => [rule.definition.id, rule] as const))('rule %s', (_id, rule) => {
  const { examples } = rule.definition;
  // An example may run with its own params (e.g. an older kubernetesVersion) over the rule's defaults.
  const paramsOf = (example: { params?: Record<string, unknown> }) => (example.params ? { [rule.definition.id]: example.params } : {});

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
    const scan = scanExample(example.manifest, { rules: [rule], complete: example.completeContext === true, params: paramsOf(example) });
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

  const fixable = (rule.definition.fix?.length ?? 0) > 0;
  describe.runIf(fixable)('fixes', () => {
    const results = examples.fail.map((example) => ({
      example,
      result: fixText('test.yaml', example.manifest, resolveScanTextOptions({ rules: [rule], params: paramsOf(example) })),
    }));

    it.each(results.map((r, i) => [i, r] as const))('failing example %i: fixes remove their findings, add none, keep valid YAML', (_i, { example, result }) => {
      const fixable = result.before.filter((f) => f.fix && !f.suppressed);
      const afterPrints = new Set(result.after.map((f) => f.fingerprint));
      const beforePrints = new Set(result.before.map((f) => f.fingerprint));
      expect(fixable.filter((f) => afterPrints.has(f.fingerprint)).map((f) => f.fieldPath), 'findings left after fixing').toEqual([]);
      expect(result.after.filter((f) => !beforePrints.has(f.fingerprint)).map((f) => `${f.ruleId} ${f.fieldPath}`), 'findings added').toEqual([]);
      const reparsed = parseManifestText(result.text);
      expect(reparsed.problems).toEqual([]);
      expect(reparsed.documents.flatMap((d) => d.problems)).toEqual([]);
      if (example.fixed !== undefined) {
        const values = (text: string) => parseManifestText(text).documents.map((d) => d.value);
        expect(values(result.text), 'fixed manifest differs from the example\'s `fixed:`').toEqual(values(example.fixed));
      }
    });
  });
});

// `at` as a list of candidates: a finding about an inherited value points at the pod-level field
// that holds it, a container's own value at the container's field, and a missing one at the container.
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/rules/compile-rule.ts';
import { parseRuleDefinition } from '../../src/rules/load-rules.ts';
import { scanYaml, yaml } from '../helpers/scan-helpers.ts';

const rule = compileRule(
  parseRuleDefinition(
    yaml`
      id: test-at-candidates
      title: t
      severity: low
      category: security
      subject: container
      assert: "container.?securityContext.?runAsUser.orValue(podSpec.?securityContext.?runAsUser.orValue(1)) != 0"
      at: [securityContext.runAsUser, "@podSpec.securityContext.runAsUser"]
      message: m
      docs: {description: d}
      examples: {pass: [x], fail: [{manifest: x}]}
    `,
    'test.yaml',
  ),
);

const scan = (text: string) => scanYaml(text, { rules: [rule] }).findings.map((f) => [f.container, f.fieldPath, f.range.start.line]);

describe('at candidates', () => {
  it('points at the pod-level field a container inherits, and at the container field it sets', () => {
    const manifest = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        securityContext:
          runAsUser: 0
        containers:
          - name: inherits
            image: a
          - name: own
            image: b
            securityContext:
              runAsUser: 0
          - name: overrides
            image: c
            securityContext: {runAsUser: 1000}
    `;
    expect(scan(manifest)).toEqual([
      ['inherits', 'spec.securityContext.runAsUser', 6],
      ['own', 'spec.containers[1].securityContext.runAsUser', 13],
    ]);
  });

  it('falls back to the first candidate (its nearest existing parent) when no candidate exists', () => {
    const broken = compileRule({ ...rule.definition, assert: 'false' });
    const findings = scanYaml('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: a\n', {
      rules: [broken],
    }).findings;
    expect(findings.map((f) => [f.fieldPath, f.range.start.line, f.range.start.column])).toEqual([
      ['spec.containers[0].securityContext.runAsUser', 6, 7],
    ]);
  });
});

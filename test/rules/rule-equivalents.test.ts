// `equivalents` feed the migration tables in docs/rules.md, so a typo there misleads users moving from
// another tool. Each id must have the shape that tool uses. (One tool id may map to several rules when
// Plimsoll splits one check, like kube-score's container-resources.)
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';

const ID_SHAPES: Record<string, RegExp> = {
  polaris: /^[a-z][A-Za-z0-9]+$/,
  'kube-linter': /^[a-z0-9]+(-[a-z0-9]+)*$/,
  'kube-score': /^[a-z0-9]+(-[a-z0-9]+)*$/,
  checkov: /^CKV2?_K8S_\d+$/,
  trivy: /^KSV\d{3,4}$/,
  kubescape: /^C-\d{4}$/,
  datree: /^[A-Z0-9_.]+$/,
};

const entries = loadBuiltinRules().flatMap((rule) =>
  Object.entries(rule.definition.equivalents ?? {}).flatMap(([tool, value]) =>
    [value ?? []].flat().map((id) => [rule.definition.id, tool, id] as const),
  ),
);

describe('rule equivalents', () => {
  it('are recorded for most rules', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries)('%s: %s id %s has the shape of that tool’s ids', (_rule, tool, id) => {
    expect(id).toMatch(ID_SHAPES[tool]!);
  });

  it('do not list the same id twice in one rule', () => {
    const keys = entries.map(([rule, tool, id]) => `${rule} ${tool} ${id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

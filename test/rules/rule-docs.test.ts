// docs/rules.md is generated from the rule files; this fails when someone changes a rule without
// running `npm run docs:rules`, and checks what the generator promises to show.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { ruleCatalog, type RuleInfo } from '../../src/rules/rule-catalog.ts';
import { anchor, renderRuleDocs } from '../../src/rules/render-rule-docs.ts';

const rules = loadBuiltinRules();
const catalog = ruleCatalog(rules);
const params = Object.fromEntries(rules.flatMap((r) => (r.definition.params ? [[r.definition.id, r.definition.params]] : [])));

describe('docs/rules.md', () => {
  it('is what npm run docs:rules generates from rules/ (regenerate it when this fails)', () => {
    const committed = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderRuleDocs(catalog, params));
  });

  it('has a section for every rule, including the input-problem rules', () => {
    const text = renderRuleDocs(catalog, params);
    for (const rule of catalog) expect(text, rule.id).toContain(`\n### ${rule.id}\n`);
    expect(text).toContain('### parse-error');
  });
});

describe('renderRuleDocs', () => {
  const sample: RuleInfo[] = [
    {
      id: 'b-rule',
      title: 'Second | with a pipe',
      severity: 'low',
      category: 'reliability',
      description: 'B description.',
      references: ['https://example.com/b'],
      standards: ['cis-5.7.4'],
      equivalents: { polaris: 'checkB', datree: ['X_ONE', 'X_TWO'] },
      fixable: true,
      subject: 'container',
      optional: true,
      kinds: ['Deployment'],
    },
    {
      id: 'a-rule',
      title: 'First',
      severity: 'high',
      category: 'security',
      description: 'A description.',
      remediation: 'Do A.',
      references: [],
      standards: [],
      equivalents: {},
      fixable: false,
      subject: 'object',
      optional: false,
    },
  ];
  const text = renderRuleDocs(sample, { 'b-rule': { minReplicas: 2, table: [{ apiVersion: 'x/v1', kind: 'K' }] } });

  it('groups rules by category in the fixed category order', () => {
    expect(text.indexOf('## Security')).toBeGreaterThan(0);
    expect(text.indexOf('## Security')).toBeLessThan(text.indexOf('## Reliability'));
    expect(text).not.toContain('## Hygiene');
  });

  it('shows severity, profile, fix availability, standards and equivalents', () => {
    expect(text).toContain('| [`b-rule`](#b-rule) | low | strict | yes | cis-5.7.4 | Second \\| with a pipe |');
    expect(text).toContain('| [`a-rule`](#a-rule) | high | recommended |  |  | First |');
    expect(text).toContain('Equivalents: Polaris `checkB` · Datree `X_ONE`, `X_TWO`');
    expect(text).toContain('Severity: low · Profile: strict · Fix: yes · Checks: each container (Deployment)');
    expect(text).toContain('**How to fix:** Do A.');
  });

  it('renders parameters, tables of records as tables', () => {
    expect(text).toContain('- `minReplicas`: `2`');
    expect(text).toContain('| apiVersion | kind |\n| --- | --- |\n| x/v1 | K |');
  });

  it('renders maps keyed down to records (like the API removal table) as one table', () => {
    const keyed = { 'a/v1': { A: { apiVersion: 'a/v1', kind: 'A', fixable: true } }, 'b/v1': { B: { apiVersion: 'b/v1', kind: 'B', fixable: false } } };
    const page = renderRuleDocs(sample, { 'b-rule': { apis: keyed, labels: { app: 'web' } } });
    expect(page).toContain('- `apis`: 2 entries, below');
    expect(page).toContain('| apiVersion | kind | fixable |\n| --- | --- | --- |\n| a/v1 | A | true |\n| b/v1 | B | false |');
    expect(page).toContain('- `labels`: `{"app":"web"}`');
  });

  it('cross-references other tools’ ids to rules', () => {
    expect(text).toContain('| `X_TWO` | [`b-rule`](#b-rule) |');
    expect(text).toContain('| `checkB` | [`b-rule`](#b-rule) |');
  });

  it('is deterministic whatever order the catalog comes in', () => {
    expect(renderRuleDocs([...sample].reverse(), { 'b-rule': { minReplicas: 2, table: [{ apiVersion: 'x/v1', kind: 'K' }] } })).toBe(text);
  });

  it('makes GitHub-style anchors', () => {
    expect(anchor('Equivalent checks in other tools')).toBe('equivalent-checks-in-other-tools');
    expect(anchor('removed-api-version')).toBe('removed-api-version');
  });
});

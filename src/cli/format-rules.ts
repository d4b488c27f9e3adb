// Text for `plimsoll rules` and `plimsoll rules <id>`.
import type { RuleInfo } from '../rules/rule-catalog.ts';

export function formatRuleList(catalog: readonly RuleInfo[]): string {
  const width = Math.max(...catalog.map((r) => r.id.length));
  const lines = catalog.map(
    (r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.category.padEnd(12)} ${r.fixable ? 'fix ' : '    '} ${r.title}`,
  );
  return `${lines.join('\n')}\n\n${catalog.length} rules. "plimsoll rules <id>" explains one.\n`;
}

export function formatRuleExplanation(rule: RuleInfo): string {
  const equivalents = Object.entries(rule.equivalents ?? {})
    .map(([tool, id]) => `${tool}: ${Array.isArray(id) ? id.join(', ') : id}`)
    .join('; ');
  const lines = [
    `${rule.id}: ${rule.title}`,
    '',
    `Severity:    ${rule.severity}`,
    `Category:    ${rule.category}`,
    `Fixable:     ${rule.fixable ? 'yes' : 'no'}`,
    ...(rule.standards.length ? [`Standards:   ${rule.standards.join(', ')}`] : []),
    ...(equivalents ? [`Equivalents: ${equivalents}`] : []),
    '',
    rule.description,
    ...(rule.remediation ? ['', `How to fix: ${rule.remediation}`] : []),
    ...(rule.references.length ? ['', 'References:', ...rule.references.map((r) => `  ${r}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

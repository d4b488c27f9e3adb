// One view of every rule a scan can report, CEL rules and input problems alike: what listings,
// explanations, SARIF rule metadata and generated docs read.
import { INPUT_PROBLEM_RULE_LIST } from '../engine/input-problems.ts';
import type { CompiledRule } from './compile-rule.ts';
import type { RuleDefinition } from './rule-definition.ts';
import type { Category, Severity } from '../types.ts';
import { compareCodeUnits } from '../util/compare-code-units.ts';

export interface RuleInfo {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  description: string;
  remediation?: string;
  references: string[];
  standards: string[];
  equivalents: RuleDefinition['equivalents'];
  fixable: boolean;
  subject?: RuleDefinition['subject'];
  /** Strict-profile-only rule (see RuleDefinition.optional). */
  optional: boolean;
  /** Kinds the rule is limited to, when it is. */
  kinds?: string[];
}

export function ruleCatalog(rules: readonly CompiledRule[]): RuleInfo[] {
  const fromRules: RuleInfo[] = rules.map(({ definition: d }) => {
    const info: RuleInfo = {
      id: d.id,
      title: d.title,
      severity: d.severity,
      category: d.category,
      description: d.docs.description.trim(),
      references: d.docs.references ?? [],
      standards: d.standards ?? [],
      equivalents: d.equivalents ?? {},
      fixable: (d.fix?.length ?? 0) > 0,
      subject: d.subject,
      optional: d.optional === true,
    };
    if (d.kinds) info.kinds = [...d.kinds];
    if (d.docs.remediation) info.remediation = d.docs.remediation.trim();
    return info;
  });
  const fromInput: RuleInfo[] = INPUT_PROBLEM_RULE_LIST.map((p) => ({
    id: p.id,
    title: p.title,
    severity: p.severity,
    category: p.category,
    description: p.description,
    references: [],
    standards: [],
    equivalents: {},
    fixable: false,
    optional: false,
  }));
  return [...fromRules, ...fromInput].sort((a, b) => compareCodeUnits(a.id, b.id));
}

// The policy steps between a scan and a verdict: apply config exemptions (suppressed findings stay,
// with their reason), report expired exemptions, drop findings of rules turned off.
import type { Finding, Severity } from '../types.ts';
import type { Exemption } from '../config/plimsoll-config.ts';
import { applyConfigExemptions, EXPIRED_EXEMPTION_RULE, todayIso } from './config-exemptions.ts';
import { sortFindings } from '../engine/scan.ts';

export interface FindingPolicy {
  offRules?: ReadonlySet<string>;
  exemptions?: readonly Exemption[];
  /** YYYY-MM-DD; defaults to today (UTC). Injected so the result is reproducible. */
  today?: string;
  /** Config severities; scanned findings already carry theirs, this reaches the policy's own findings. */
  scanOptions?: { severityOverrides?: Record<string, Severity> };
}

export function applyPolicy(findings: readonly Finding[], policy: FindingPolicy): Finding[] {
  const withExemptions = applyConfigExemptions(findings, policy.exemptions ?? [], policy.today ?? todayIso());
  const expiredSeverity = policy.scanOptions?.severityOverrides?.[EXPIRED_EXEMPTION_RULE.id];
  const out = withExemptions
    .filter((f) => !policy.offRules?.has(f.ruleId))
    .map((f) => (expiredSeverity && f.ruleId === EXPIRED_EXEMPTION_RULE.id ? { ...f, severity: expiredSeverity } : f));
  return sortFindings(out);
}

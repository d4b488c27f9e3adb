// The policy steps between a scan and a verdict: drop findings of rules turned off, apply config
// exemptions (suppressed findings stay, with their reason), report expired exemptions.
import type { Finding } from '../types.ts';
import type { Exemption } from '../config/plimsoll-config.ts';
import { applyConfigExemptions, todayIso } from './config-exemptions.ts';
import { sortFindings } from '../engine/scan.ts';

export interface FindingPolicy {
  offRules?: ReadonlySet<string>;
  exemptions?: readonly Exemption[];
  /** YYYY-MM-DD; defaults to today (UTC). Injected so the result is reproducible. */
  today?: string;
}

export function applyPolicy(findings: readonly Finding[], policy: FindingPolicy): Finding[] {
  const kept = policy.offRules?.size ? findings.filter((f) => !policy.offRules!.has(f.ruleId)) : [...findings];
  return sortFindings(applyConfigExemptions(kept, policy.exemptions ?? [], policy.today ?? todayIso()));
}

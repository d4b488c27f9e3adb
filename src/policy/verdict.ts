// The blocking verdict: one pure function of findings and policy, shared by CLI, Action and App.
import { severityRank, type Finding, type Severity } from '../types.ts';

export type FailOn = Severity | 'none';

export interface VerdictPolicy {
  failOn: FailOn;
}

export interface Verdict {
  block: boolean;
  /** Findings that cause the block (unsuppressed, at or above failOn). */
  blocking: Finding[];
  reason: string;
}

export function decideVerdict(findings: readonly Finding[], policy: VerdictPolicy): Verdict {
  if (policy.failOn === 'none') {
    return { block: false, blocking: [], reason: 'failOn is none: findings never block.' };
  }
  const threshold = severityRank(policy.failOn);
  const blocking = findings.filter((f) => !f.suppressed && severityRank(f.severity) >= threshold);
  if (blocking.length === 0) {
    return { block: false, blocking, reason: `No unsuppressed finding at or above ${policy.failOn}.` };
  }
  return {
    block: true,
    blocking,
    reason: `${blocking.length} unsuppressed finding${blocking.length === 1 ? '' : 's'} at or above ${policy.failOn}.`,
  };
}

// The blocking verdict: one pure function of findings and policy, shared by CLI, Action and App.
// Every finding gets exactly one status; only `blocking` findings block, and the reason says why.
import { SEVERITIES, severityRank, type Finding, type Severity } from '../types.ts';
import type { ChangeSet } from './change-set.ts';
import { isInDiff, type FilterMode } from './diff-filter.ts';
import { countFingerprints } from './baseline.ts';

export type FailOn = Severity | 'none';

export interface VerdictPolicy {
  failOn: FailOn;
  /** Diff awareness: findings outside the change do not block (absent: every finding counts). */
  filter?: { mode: FilterMode; changes: ChangeSet };
  /** `newOnly`: fingerprints of the findings on the base version; findings already there do not block. */
  baseline?: readonly string[];
}

/** Why a finding does or does not block, in the order the checks apply. */
export type FindingStatus = 'suppressed' | 'outside-diff' | 'preexisting' | 'below-threshold' | 'blocking';

export interface Verdict {
  block: boolean;
  /** Findings that cause the block (unsuppressed, in the diff, new, at or above failOn). */
  blocking: Finding[];
  reason: string;
  /** One status a finding, same order as the input. */
  statuses: FindingStatus[];
  counts: Record<FindingStatus, number>;
}

export function decideVerdict(findings: readonly Finding[], policy: VerdictPolicy): Verdict {
  const threshold = policy.failOn === 'none' ? Infinity : severityRank(policy.failOn);
  // A fingerprint may repeat (same rule, same container name in two places): match them as a multiset.
  const onBase = policy.baseline ? countFingerprints(policy.baseline) : undefined;
  const statuses = findings.map((finding): FindingStatus => {
    if (finding.suppressed) return 'suppressed';
    if (policy.filter && !isInDiff(finding, policy.filter.changes, policy.filter.mode)) return 'outside-diff';
    if (onBase) {
      const left = onBase.get(finding.fingerprint) ?? 0;
      if (left > 0) {
        onBase.set(finding.fingerprint, left - 1);
        return 'preexisting';
      }
    }
    return severityRank(finding.severity) >= threshold ? 'blocking' : 'below-threshold';
  });
  const counts: Record<FindingStatus, number> = { suppressed: 0, 'outside-diff': 0, preexisting: 0, 'below-threshold': 0, blocking: 0 };
  for (const status of statuses) counts[status] += 1;
  const blocking = findings.filter((_f, i) => statuses[i] === 'blocking');
  return { block: blocking.length > 0, blocking, reason: explain(blocking, counts, policy), statuses, counts };
}

function explain(blocking: readonly Finding[], counts: Record<FindingStatus, number>, policy: VerdictPolicy): string {
  const notes: string[] = [];
  if (counts.suppressed) notes.push(`${counts.suppressed} suppressed`);
  if (counts['outside-diff']) notes.push(`${counts['outside-diff']} outside the diff (filter ${policy.filter!.mode})`);
  if (counts.preexisting) notes.push(`${counts.preexisting} already on the base branch`);
  if (counts['below-threshold']) notes.push(`${counts['below-threshold']} below ${policy.failOn}`);
  const tail = notes.length ? ` Not blocking: ${notes.join(', ')}.` : '';
  if (policy.failOn === 'none') return `Pass: failOn is none, findings never block.${tail}`;
  if (blocking.length === 0) return `Pass: no ${policy.baseline ? 'new ' : ''}unsuppressed finding at or above ${policy.failOn}.${tail}`;
  const bySeverity = SEVERITIES.map((s) => [s, blocking.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const noun = blocking.length === 1 ? 'finding' : 'findings';
  return `Blocked: ${blocking.length} ${policy.baseline ? 'new ' : ''}unsuppressed ${noun} at or above ${policy.failOn} (${bySeverity}).${tail}`;
}

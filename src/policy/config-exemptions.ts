// Exemptions from the config file: findings matched by path/namespace/kind/name/container/rule are
// suppressed with the exemption's reason; an exemption past its `expires` date stops applying and is
// reported as a finding at its line in the config, so it cannot rot silently.
import picomatch from 'picomatch';
import type { Exemption } from '../config/plimsoll-config.ts';
import { fingerprintOf } from '../engine/fingerprint.ts';
import type { Category, Finding, Severity } from '../types.ts';

export const EXPIRED_EXEMPTION_RULE = {
  id: 'expired-exemption',
  title: 'A config exemption has expired',
  severity: 'low' as Severity,
  category: 'hygiene' as Category,
  description:
    'An exemption in the Plimsoll config is past its expires date. It no longer suppresses anything: fix the findings it covered, or renew it with a new date and reason.',
};

type Matcher = (value: string | undefined) => boolean;

function globMatcher(patterns: string | string[] | undefined): Matcher {
  if (patterns === undefined) return () => true;
  // picomatch: the glob dialect of GitHub Actions path filters and most JS tooling.
  const isMatch = picomatch(patterns, { dot: true });
  return (value) => value !== undefined && isMatch(value);
}

interface CompiledExemption {
  exemption: Exemption;
  matches: (finding: Finding) => boolean;
}

function compileExemption(exemption: Exemption): CompiledExemption {
  const path = globMatcher(exemption.path);
  const namespace = globMatcher(exemption.namespace);
  const kind = globMatcher(exemption.kind);
  const name = globMatcher(exemption.name);
  const container = globMatcher(exemption.container);
  const rules = exemption.rules ? new Set(exemption.rules) : undefined;
  return {
    exemption,
    matches: (f) =>
      (!rules || rules.has(f.ruleId)) &&
      path(f.file) &&
      namespace(f.object?.namespace) &&
      kind(f.object?.kind) &&
      name(f.object?.name) &&
      container(f.container),
  };
}

/** True when `today` (YYYY-MM-DD) is after the exemption's last day. */
export function isExpired(exemption: Exemption, today: string): boolean {
  return exemption.expires !== undefined && today > exemption.expires;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Suppresses findings that a live exemption covers (first matching exemption wins; findings already
 * suppressed in the source keep that reason) and appends a finding for each expired exemption.
 */
export function applyConfigExemptions(findings: readonly Finding[], exemptions: readonly Exemption[], today: string): Finding[] {
  const live = exemptions.filter((e) => !isExpired(e, today)).map(compileExemption);
  const out = findings.map((finding) => {
    if (finding.suppressed) return finding;
    const hit = live.find((e) => e.matches(finding));
    return hit ? { ...finding, suppressed: { kind: 'config' as const, reason: hit.exemption.reason } } : finding;
  });
  for (const exemption of exemptions.filter((e) => isExpired(e, today))) out.push(expiredFinding(exemption));
  return out;
}

function expiredFinding(exemption: Exemption): Finding {
  const source = exemption.source ?? { file: '.plimsoll.yml', line: 1, column: 1 };
  const what = [
    exemption.rules ? `rules ${exemption.rules.join(', ')}` : 'all rules',
    ...(['path', 'namespace', 'kind', 'name', 'container'] as const)
      .filter((k) => exemption[k] !== undefined)
      .map((k) => `${k} ${[exemption[k]].flat().join(', ')}`),
  ].join('; ');
  return {
    ruleId: EXPIRED_EXEMPTION_RULE.id,
    severity: EXPIRED_EXEMPTION_RULE.severity,
    category: EXPIRED_EXEMPTION_RULE.category,
    title: EXPIRED_EXEMPTION_RULE.title,
    message: `Exemption (${what}) expired on ${exemption.expires}; it no longer applies. Its reason was: ${exemption.reason}`,
    file: source.file,
    range: {
      start: { line: source.line, column: source.column },
      end: { line: source.line, column: source.column },
      startOffset: 0,
      endOffset: 0,
    },
    fieldPath: '',
    fingerprint: fingerprintOf({ ruleId: EXPIRED_EXEMPTION_RULE.id, file: source.file, fieldPath: `${what}|${exemption.expires}` }),
  };
}

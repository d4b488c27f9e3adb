// The App's own Kubernetes manifests must pass Plimsoll's restricted profile: nothing at or above
// medium from the Pod Security Standards rules, and nothing at or above medium from the recommended
// rules either unless an annotation exemption with a reason says why.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFromValue } from '../../src/config/load-config.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { scanSources } from '../../src/engine/scan.ts';
import { applyPolicy } from '../../src/policy/apply-policy.ts';
import { severityRank } from '../../src/types.ts';

const DEPLOY = new URL('../../deploy/', import.meta.url);

function deploySources() {
  return readdirSync(DEPLOY)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ path: `deploy/${name}`, bytes: readFileSync(new URL(name, DEPLOY)) }));
}

function scanWith(extendsProfile: string) {
  const config = resolveConfig(configFromValue({ extends: extendsProfile }));
  const sources = deploySources();
  const { findings, objects } = scanSources(sources, config.scanOptions);
  return { config, findings: applyPolicy(findings, config), objects, files: sources.length };
}

describe('deploy/ manifests', () => {
  it('pass the pss-restricted profile with no finding at or above medium', () => {
    const { config, findings, objects } = scanWith('pss-restricted');
    expect(objects).toBeGreaterThanOrEqual(10);
    const pssRules = config.rules.filter((r) => (r.definition.standards ?? []).some((s) => s.startsWith('pss-')));
    expect(pssRules.length).toBeGreaterThan(10);
    const serious = findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
    expect(serious.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`)).toEqual([]);
  });

  it('have no unexempted finding at or above medium from the recommended rules', () => {
    const { findings } = scanWith('recommended');
    const open = findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank('medium'));
    expect(open.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}: ${f.message}`)).toEqual([]);
    for (const f of findings.filter((x) => x.suppressed)) expect(f.suppressed!.reason.length).toBeGreaterThan(20);
  });
});

// Exemptions (config, annotations, inline comments), diff filter modes, newOnly and the verdict.
import { describe, expect, it } from 'vitest';
import { applyPolicy } from '../../src/policy/apply-policy.ts';
import { decideVerdict } from '../../src/policy/verdict.ts';
import { changeSetFromContents, changeSetFromPatches, changeSetFromUnifiedDiff } from '../../src/policy/change-set.ts';
import { isInDiff } from '../../src/policy/diff-filter.ts';
import { baselineOf } from '../../src/policy/baseline.ts';
import { createFileFilter } from '../../src/policy/file-selection.ts';
import { buildSarifLog } from '../../src/report/format-sarif.ts';
import { ruleCatalog } from '../../src/rules/rule-catalog.ts';
import type { Finding } from '../../src/types.ts';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const nonRoot = builtinRule('run-as-non-root');
const twoContainers = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
    namespace: prod
  spec:
    template:
      spec:
        containers:
          - name: app
            image: nginx:1.27
          - name: sidecar
            image: envoy:1.31
`;

function findingsOf(text: string, file = 'k8s/web.yaml', sourceExemptions = true): Finding[] {
  return scanYaml(text, { rules: [nonRoot], sourceExemptions }, file).findings;
}

describe('config exemptions', () => {
  const base = findingsOf(twoContainers);

  it('suppress matching findings with their reason, and keep them in the results', () => {
    const out = applyPolicy(base, { exemptions: [{ rules: ['run-as-non-root'], container: 'side*', reason: 'vendor image' }], today: '2026-01-01' });
    expect(out.map((f) => [f.container, f.suppressed])).toEqual([
      ['app', undefined],
      ['sidecar', { kind: 'config', reason: 'vendor image' }],
    ]);
  });

  it('match by path glob, namespace, kind and name, all of which must hold', () => {
    const exempt = (e: object) => applyPolicy(base, { exemptions: [{ reason: 'r', ...e }], today: '2026-01-01' }).filter((f) => f.suppressed).length;
    expect(exempt({ path: 'k8s/**' })).toBe(2);
    expect(exempt({ path: 'other/**' })).toBe(0);
    expect(exempt({ namespace: 'prod', kind: 'Deployment', name: 'w*' })).toBe(2);
    expect(exempt({ namespace: 'prod', kind: 'StatefulSet' })).toBe(0);
    expect(exempt({ rules: ['host-network'] })).toBe(0);
  });

  it('stop applying after their expiry date and are reported where they are written', () => {
    const exemption = { rules: ['run-as-non-root'], reason: 'until migration', expires: '2026-03-31', source: { file: '.plimsoll.yml', line: 7, column: 5 } };
    const onLastDay = applyPolicy(base, { exemptions: [exemption], today: '2026-03-31' });
    expect(onLastDay.every((f) => f.suppressed)).toBe(true);
    const after = applyPolicy(base, { exemptions: [exemption], today: '2026-04-01' });
    expect(after.filter((f) => f.ruleId === 'run-as-non-root' && !f.suppressed)).toHaveLength(2);
    const expired = after.find((f) => f.ruleId === 'expired-exemption')!;
    expect(expired).toMatchObject({ file: '.plimsoll.yml', range: { start: { line: 7, column: 5 } }, severity: 'low' });
    expect(expired.message).toContain('expired on 2026-03-31');
    expect(expired.message).toContain('until migration');
  });

  it('drop findings of rules turned off; an expired exemption\'s finding takes a configured severity or off', () => {
    expect(applyPolicy(base, { offRules: new Set(['run-as-non-root']) })).toEqual([]);
    const exemptions = [{ kind: 'Job', reason: 'r', expires: '2020-01-01' }];
    const raised = applyPolicy([], { exemptions, today: '2026-01-01', scanOptions: { severityOverrides: { 'expired-exemption': 'high' } } });
    expect(raised.map((f) => [f.ruleId, f.severity])).toEqual([['expired-exemption', 'high']]);
    expect(applyPolicy([], { exemptions, today: '2026-01-01', offRules: new Set(['expired-exemption']) })).toEqual([]);
  });

  it('show up as SARIF suppressions with the reason', () => {
    const out = applyPolicy(base, { exemptions: [{ container: 'app', reason: 'accepted risk' }], today: '2026-01-01' });
    const log = buildSarifLog(out, ruleCatalog([nonRoot]), '0.0.0');
    const suppressed = log.runs[0]!.results!.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.suppressions)).toEqual([[{ kind: 'external', justification: 'accepted risk' }]]);
  });
});

describe('annotation and inline-comment exemptions', () => {
  it('plimsoll.dev/ignore covers the listed rules for the object, with the reason annotation', () => {
    const text = twoContainers.replace(
      '  namespace: prod\n',
      '  namespace: prod\n  annotations:\n    plimsoll.dev/ignore: "host-network, run-as-non-root"\n    plimsoll.dev/ignore-reason: legacy base image\n',
    );
    const findings = findingsOf(text);
    expect(findings.map((f) => f.suppressed)).toEqual([
      { kind: 'annotation', reason: 'plimsoll.dev/ignore: legacy base image' },
      { kind: 'annotation', reason: 'plimsoll.dev/ignore: legacy base image' },
    ]);
  });

  it('plimsoll.dev/ignore.<container> covers one container only', () => {
    const text = twoContainers.replace('  namespace: prod\n', '  namespace: prod\n  annotations:\n    plimsoll.dev/ignore.sidecar: run-as-non-root\n');
    expect(findingsOf(text).map((f) => [f.container, f.suppressed?.kind])).toEqual([
      ['app', undefined],
      ['sidecar', 'annotation'],
    ]);
  });

  it('# plimsoll-ignore on the finding\u2019s line, on the object\u2019s first line, or above the object', () => {
    const onLine = twoContainers.replace('- name: sidecar', '- name: sidecar # plimsoll-ignore run-as-non-root: envoy needs root');
    expect(findingsOf(onLine).map((f) => f.suppressed)).toEqual([undefined, { kind: 'inline-comment', reason: 'envoy needs root' }]);
    const firstLine = twoContainers.replace('apiVersion: apps/v1', 'apiVersion: apps/v1 # plimsoll-ignore run-as-non-root: whole object');
    expect(findingsOf(firstLine).every((f) => f.suppressed?.reason === 'whole object')).toBe(true);
    const above = `# owned by team-a\n# plimsoll-ignore host-network, run-as-non-root: batch host\n${twoContainers}`;
    expect(findingsOf(above).every((f) => f.suppressed?.kind === 'inline-comment')).toBe(true);
    const otherRule = twoContainers.replace('- name: app', '- name: app # plimsoll-ignore host-network: nope');
    expect(findingsOf(otherRule).every((f) => !f.suppressed)).toBe(true);
  });

  it('are ignored when the policy disallows self-exemption', () => {
    const text = twoContainers.replace('  namespace: prod\n', '  namespace: prod\n  annotations:\n    plimsoll.dev/ignore: run-as-non-root\n');
    expect(findingsOf(text, 'k8s/web.yaml', false).every((f) => !f.suppressed)).toBe(true);
  });

  it('plimsoll fix leaves exempted findings as they are', async () => {
    const { fixText } = await import('../../src/fix/fix-file-text.ts');
    const { resolveScanTextOptions } = await import('../../src/engine/scan.ts');
    const text = twoContainers.replace('- name: sidecar', '- name: sidecar # plimsoll-ignore run-as-non-root: root');
    const result = fixText('w.yaml', text, resolveScanTextOptions({ rules: [nonRoot] }));
    expect(result.fixed.map((f) => f.container)).toEqual(['app']);
    expect(result.text.match(/runAsNonRoot: true/g)).toHaveLength(1);
  });
});

describe('diff filter', () => {
  const head = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: old
          image: a
        - name: new
          image: b
  `;
  const baseText = head.replace('    - name: new\n      image: b\n', '');
  const findings = findingsOf(head, 'pod.yaml');
  const byContainer = (keep: (f: Finding) => boolean) => findings.filter(keep).map((f) => f.container);

  it('reads the same change from a unified diff, GitHub patches and base/head contents', () => {
    const diff = 'diff --git a/pod.yaml b/pod.yaml\n--- a/pod.yaml\n+++ b/pod.yaml\n@@ -5,3 +5,5 @@ spec:\n   containers:\n     - name: old\n       image: a\n+    - name: new\n+      image: b\n';
    const fromDiff = changeSetFromUnifiedDiff(diff);
    const fromPatches = changeSetFromPatches([{ path: 'pod.yaml', patch: diff.split('\n').slice(3).join('\n') }]);
    const fromContents = changeSetFromContents([{ path: 'pod.yaml', base: baseText, head }]);
    for (const changes of [fromDiff, fromPatches, fromContents]) {
      expect([...changes.get('pod.yaml')!.added]).toEqual([8, 9]);
      expect(byContainer((f) => isInDiff(f, changes, 'added'))).toEqual(['new']);
      expect(byContainer((f) => isInDiff(f, changes, 'diff_context'))).toEqual(['old', 'new']);
      expect(byContainer((f) => isInDiff(f, changes, 'file'))).toEqual(['old', 'new']);
    }
    const elsewhere = changeSetFromContents([{ path: 'other.yaml', base: 'a: 1\n', head: 'a: 2\n' }]);
    expect(byContainer((f) => isInDiff(f, elsewhere, 'file'))).toEqual([]);
    expect(byContainer((f) => isInDiff(f, elsewhere, 'nofilter'))).toEqual(['old', 'new']);
  });

  it('treats a new file, or one whose patch GitHub omitted, as changed everywhere; a pure rename as unchanged', () => {
    const added = changeSetFromContents([{ path: 'pod.yaml', head }]);
    expect(byContainer((f) => isInDiff(f, added, 'added'))).toEqual(['old', 'new']);
    const noPatch = changeSetFromPatches([{ path: 'pod.yaml', status: 'modified' }]);
    expect(byContainer((f) => isInDiff(f, noPatch, 'added'))).toEqual(['old', 'new']);
    const rename = changeSetFromUnifiedDiff('diff --git a/x.yaml b/pod.yaml\nsimilarity index 100%\nrename from x.yaml\nrename to pod.yaml\n');
    expect(rename.get('pod.yaml')?.previousPath).toBe('x.yaml');
    expect(byContainer((f) => isInDiff(f, rename, 'added'))).toEqual([]);
  });
});

describe('verdict', () => {
  const findings = findingsOf(twoContainers);

  it('blocks on unsuppressed findings at or above failOn, and says why', () => {
    const verdict = decideVerdict(findings, { failOn: 'high' });
    expect(verdict.block).toBe(true);
    expect(verdict.blocking).toHaveLength(2);
    expect(verdict.reason).toBe('Blocked: 2 unsuppressed findings at or above high (2 high).');
    expect(decideVerdict(findings, { failOn: 'critical' })).toMatchObject({ block: false, counts: { 'below-threshold': 2 } });
    expect(decideVerdict(findings, { failOn: 'none' }).block).toBe(false);
  });

  it('gives each finding one status: suppressed, outside the diff, preexisting, below threshold or blocking', () => {
    const [app, sidecar] = findings;
    const suppressed = { ...sidecar!, suppressed: { kind: 'config' as const, reason: 'r' } };
    const changes = changeSetFromContents([{ path: 'k8s/web.yaml', base: twoContainers.replace('nginx', 'httpd'), head: twoContainers }]);
    const verdict = decideVerdict([app!, suppressed], { failOn: 'high', filter: { mode: 'added', changes } });
    expect(verdict.statuses).toEqual(['outside-diff', 'suppressed']);
    expect(verdict.block).toBe(false);
    expect(verdict.reason).toBe('Pass: no unsuppressed finding at or above high. Not blocking: 1 suppressed, 1 outside the diff (filter added).');
  });

  it('newOnly: findings already on the base branch do not block, even when their lines moved', () => {
    const baseFindings = findingsOf(twoContainers);
    const moved = `# a new comment moves every line\n${twoContainers}`;
    const headFindings = findingsOf(moved);
    expect(headFindings[0]!.range.start.line).not.toBe(baseFindings[0]!.range.start.line);
    const verdict = decideVerdict(headFindings, { failOn: 'high', baseline: baselineOf(baseFindings) });
    expect(verdict.statuses).toEqual(['preexisting', 'preexisting']);
    const baseWithOne = findingsOf(twoContainers.replace(/ {8}- name: sidecar\n {10}image: envoy:1\.31\n/, ''));
    expect(baseWithOne).toHaveLength(1);
    const partly = decideVerdict(headFindings, { failOn: 'high', baseline: baselineOf(baseWithOne) });
    expect(partly.statuses).toEqual(['preexisting', 'blocking']);
    expect(partly.reason).toBe('Blocked: 1 new unsuppressed finding at or above high (1 high). Not blocking: 1 already on the base branch.');
  });

  it('counts a repeated fingerprint as many times as it occurs on the base', () => {
    const one = findings[0]!;
    const verdict = decideVerdict([one, { ...one }], { failOn: 'high', baseline: [one.fingerprint] });
    expect(verdict.statuses).toEqual(['preexisting', 'blocking']);
  });
});

describe('include / exclude', () => {
  it('keeps included files that are not excluded', () => {
    const keep = createFileFilter(['k8s/**', 'deploy/*.yaml'], ['**/testdata/**']);
    expect(['k8s/a.yaml', 'k8s/testdata/b.yaml', 'deploy/c.yaml', 'docs/d.yaml'].filter(keep)).toEqual(['k8s/a.yaml', 'deploy/c.yaml']);
    expect(createFileFilter([], [])('anything.yaml')).toBe(true);
  });
});

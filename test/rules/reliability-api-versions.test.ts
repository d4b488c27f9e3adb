// removed-api-version and deprecated-api-version against a configurable target version: the exact
// release boundaries, version spellings, and when the apiVersion fix is (not) offered.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';
import { fixText } from '../../src/fix/fix-file-text.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';

const removed = builtinRule('removed-api-version');
const deprecated = builtinRule('deprecated-api-version');

function scan(text: string, kubernetesVersion: string) {
  const params = { 'removed-api-version': { kubernetesVersion }, 'deprecated-api-version': { kubernetesVersion } };
  return scanYaml(text, { rules: [removed, deprecated], params }).findings;
}

const cronJob = yaml`
  apiVersion: batch/v1beta1
  kind: CronJob
  metadata: {name: nightly}
  spec:
    schedule: "0 2 * * *"
    jobTemplate:
      spec:
        template:
          spec:
            restartPolicy: OnFailure
            containers: [{name: task, image: "task:1.0"}]
`;

function object(apiVersion: string, kind: string): string {
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`;
}

describe('target version boundaries', () => {
  it.each([
    ['1.20', []],
    ['1.21', ['deprecated-api-version']],
    ['1.24', ['deprecated-api-version']],
    ['1.25', ['removed-api-version']],
    ['1.34', ['removed-api-version']],
  ])('batch/v1beta1 CronJob at %s', (target, rules) => {
    expect(scan(cronJob, target).map((f) => f.ruleId)).toEqual(rules);
  });

  it.each(['v1.25', '1.25.0', '1.25.13', 'v1.25.2'])('reads the version spelled %s as 1.25', (target) => {
    expect(scan(cronJob, target).map((f) => f.ruleId)).toEqual(['removed-api-version']);
  });

  it('compares minor versions as numbers, not text (1.9 < 1.16 < 1.100)', () => {
    const deployment = object('extensions/v1beta1', 'Deployment');
    expect(scan(deployment, '1.9').map((f) => f.ruleId)).toEqual(['deprecated-api-version']);
    expect(scan(deployment, '1.15').map((f) => f.ruleId)).toEqual(['deprecated-api-version']);
    expect(scan(deployment, '1.16').map((f) => f.ruleId)).toEqual(['removed-api-version']);
    expect(scan(deployment, '1.100').map((f) => f.ruleId)).toEqual(['removed-api-version']);
  });

  it('names the replacement and the removal release in the message', () => {
    const [finding] = scan(object('networking.k8s.io/v1beta1', 'Ingress'), '1.34');
    expect(finding!.message).toContain('networking.k8s.io/v1');
    expect(finding!.message).toContain('1.22');
    expect(finding!.message).toContain('pathType');
    expect(finding!.fieldPath).toBe('apiVersion');
  });

  it('reports a deprecation with no removal planned (v1 Endpoints) at 1.33 but not 1.32', () => {
    const endpoints = object('v1', 'Endpoints');
    expect(scan(endpoints, '1.32')).toEqual([]);
    expect(scan(endpoints, '1.33').map((f) => f.ruleId)).toEqual(['deprecated-api-version']);
  });

  it('matches apiVersion and kind together', () => {
    expect(scan(object('extensions/v1beta1', 'Widget'), '1.34')).toEqual([]);
    expect(scan(object('apps/v1', 'Deployment'), '1.34')).toEqual([]);
  });
});

describe('the removal table', () => {
  type Entry = { apiVersion: string; kind: string; removedIn: string; deprecatedIn: string; fixable: boolean; replacementSince: string };
  const table = removed.definition.params!.apis as Record<string, Record<string, Entry>>;
  const apis = Object.values(table).flatMap((byKind) => Object.values(byKind));

  it('is the same table in both rules', () => {
    expect(deprecated.definition.params!.apis).toEqual(table);
  });

  it('is keyed by each entry’s own apiVersion and kind', () => {
    for (const [apiVersion, byKind] of Object.entries(table)) {
      for (const [kind, entry] of Object.entries(byKind)) expect([entry.apiVersion, entry.kind]).toEqual([apiVersion, kind]);
    }
  });

  it('covers every release that removed APIs, 1.16 to 1.32', () => {
    const releases = [...new Set(apis.map((a) => a.removedIn).filter((v) => v !== ''))].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    expect(releases).toEqual(['1.16', '1.22', '1.25', '1.26', '1.27', '1.29', '1.32']);
  });

  it('has one entry per apiVersion and kind, deprecated before removed', () => {
    const keys = apis.map((a) => `${a.apiVersion} ${a.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    const minor = (v: string) => Number(v.split('.')[1]);
    for (const a of apis) if (a.removedIn) expect(minor(a.deprecatedIn), `${a.apiVersion} ${a.kind}`).toBeLessThan(minor(a.removedIn));
  });

  it('reports every entry at the default target with no evaluation error', () => {
    for (const a of apis) {
      const findings = scanYaml(object(a.apiVersion, a.kind), { rules: [removed, deprecated] }).findings;
      expect(findings.map((f) => f.ruleId), `${a.apiVersion} ${a.kind}`).toEqual([a.removedIn ? 'removed-api-version' : 'deprecated-api-version']);
    }
  });
});

describe('apiVersion fix', () => {
  const fixWith = (text: string, kubernetesVersion: string) => {
    const options = resolveScanTextOptions({
      rules: [removed, deprecated],
      params: { 'removed-api-version': { kubernetesVersion }, 'deprecated-api-version': { kubernetesVersion } },
    });
    return fixText('test.yaml', text, options);
  };

  it('rewrites a schema-identical apiVersion and leaves the rest of the file byte for byte', () => {
    const text = `# nightly report\n${cronJob}`;
    const result = fixWith(text, '1.34');
    expect(result.text).toBe(text.replace('batch/v1beta1', 'batch/v1'));
    expect(result.introduced).toEqual([]);
    expect(result.unfixed).toEqual([]);
  });

  it('fixes deprecated (not yet removed) versions the same way', () => {
    const result = fixWith(cronJob, '1.22');
    expect(parse(result.text).apiVersion).toBe('batch/v1');
    expect(result.fixed.map((f) => f.ruleId)).toEqual(['deprecated-api-version']);
  });

  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'empty selector semantics change'],
    ['extensions/v1beta1', 'Deployment', 'apps/v1 needs a selector and has new defaults'],
    ['networking.k8s.io/v1beta1', 'Ingress', 'backend fields are renamed'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', 'nominalConcurrencyShares 0 semantics'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'no replacement API'],
  ])('offers no fix for %s %s (%s)', (apiVersion, kind) => {
    const findings = scan(object(apiVersion, kind), '1.34');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fix).toBeUndefined();
  });

  it('offers no fix while the replacement is not yet served at the target', () => {
    // flowcontrol v1beta1 is gone in 1.26; its v1 replacement is only served from 1.29.
    const flowSchema = object('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema');
    const at127 = scan(flowSchema, '1.27');
    expect(at127[0]!.fix).toBeUndefined();
    expect(at127[0]!.message).toContain('served from 1.29');
    expect(scan(flowSchema, '1.29')[0]!.fix).toBeDefined();
  });

  it('never rewrites to a version that is itself removed at the target', () => {
    const psp = object('extensions/v1beta1', 'PodSecurityPolicy');
    expect(parse(fixWith(psp, '1.20').text).apiVersion).toBe('policy/v1beta1');
    const at125 = fixWith(psp, '1.25');
    expect(at125.text).toBe(psp);
    expect(at125.introduced).toEqual([]);
  });
});

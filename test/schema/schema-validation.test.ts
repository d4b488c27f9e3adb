// Schema validation rules: unknown fields (with "did you mean"), wrong types and missing required
// fields against the generated Kubernetes schema, located at the exact key or value.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';
import { closestName, editDistance, validateKubernetesObject, SCHEMA_KUBERNETES_VERSION } from '../../src/schema/validate-kubernetes-schema.ts';

const SCHEMA_RULES = ['schema-unknown-field', 'schema-wrong-type', 'schema-missing-field'].map(builtinRule);

function findingsOf(text: string) {
  return scanYaml(text, { rules: SCHEMA_RULES }).findings;
}

describe('unknown fields', () => {
  it('points at the misspelt key and suggests the field that was meant', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - name: app
                image: "app:1.0"
                securityContex:
                  runAsNonRoot: true
                imagePullPolicey: Always
    `;
    const findings = findingsOf(text);
    expect(findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line, f.range.start.column, f.range.end.column])).toEqual([
      ['schema-unknown-field', 'spec.template.spec.containers[0].securityContex', 12, 11, 25],
      // A scalar value: the finding still points at the key, not at `Always`.
      ['schema-unknown-field', 'spec.template.spec.containers[0].imagePullPolicey', 14, 11, 27],
    ]);
    expect(findings[0]!.message).toContain('Did you mean "securityContext"?');
    expect(findings[1]!.message).toContain('Did you mean "imagePullPolicy"?');
    expect(findings[0]!.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
  });

  it('offers no suggestion when nothing is close', () => {
    const [finding] = findingsOf(yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c}
      payload: {a: b}
    `);
    expect(finding!.fieldPath).toBe('payload');
    expect(finding!.message).not.toContain('Did you mean');
  });

  it('reports only near-typos when the target Kubernetes version is newer than the bundled schema', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        futureField: true
        containers: [{name: a, image: "a:1", imagePullPolicey: Always}]
    `;
    const rules = [builtinRule('schema-unknown-field')];
    expect(scanYaml(text, { rules }).findings.map((f) => f.fieldPath)).toEqual(['spec.futureField', 'spec.containers[0].imagePullPolicey']);
    const newer = scanYaml(text, { rules, params: { 'schema-unknown-field': { kubernetesVersion: '1.33' } } }).findings;
    expect(newer.map((f) => f.fieldPath)).toEqual(['spec.containers[0].imagePullPolicey']);
    const older = scanYaml(text, { rules, params: { 'schema-unknown-field': { kubernetesVersion: '1.29' } } }).findings;
    expect(older).toHaveLength(2);
  });

  it('does not check kinds without a schema (custom resources, removed API versions)', () => {
    expect(findingsOf(yaml`
      apiVersion: monitoring.coreos.com/v1
      kind: ServiceMonitor
      metadata: {name: web}
      spec: {selectr: {}}
    `)).toEqual([]);
    expect(findingsOf(yaml`
      apiVersion: extensions/v1beta1
      kind: Deployment
      metadata: {name: old}
      spec: {template: {spec: {containers: [{name: a, image: "a:1", securityContex: {}}]}}}
    `)).toEqual([]);
  });

  it('validates the items of a List at their own paths', () => {
    const findings = findingsOf(yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: a, lables: {x: y}}
    `);
    expect(findings.map((f) => [f.fieldPath, f.range.start.line])).toEqual([['items[0].metadata.lables', 6]]);
    expect(findings[0]!.message).toContain('Did you mean "labels"?');
  });
});

describe('wrong types', () => {
  it('points at the value and never quotes it', () => {
    const text = yaml`
      apiVersion: v1
      kind: Secret
      metadata: {name: db}
      stringData:
        password: 918273645
    `;
    const findings = findingsOf(text);
    expect(findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line, f.range.start.column])).toEqual([
      ['schema-wrong-type', 'stringData.password', 5, 13],
    ]);
    expect(findings[0]!.message).toMatch(/must be a string, not a number/);
    expect(findings[0]!.message).not.toContain('918273645');
  });

  it('accepts int-or-string fields, numeric quantities and null (unset) values', () => {
    expect(findingsOf(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, creationTimestamp: null}
      spec:
        selector: {matchLabels: {app: web}}
        strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
        template:
          metadata: {labels: {app: web}}
          spec:
            nodeSelector: null
            containers:
              - name: app
                image: "app:1.0"
                ports: [{containerPort: 8080, name: http}]
                readinessProbe: {httpGet: {port: http, path: /}}
                resources: {requests: {cpu: 0.5, memory: 64Mi}, limits: {cpu: 1}}
    `)).toEqual([]);
  });

  it('reports a map where a list is expected', () => {
    const findings = findingsOf(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          name: app
          image: "app:1.0"
    `);
    expect(findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line])).toEqual([['schema-wrong-type', 'spec.containers', 5]]);
    expect(findings[0]!.message).toContain('must be a list, not a map');
  });
});

describe('missing required fields', () => {
  it('points at the parent: the container item, or the key that lacks the field', () => {
    const findings = findingsOf(yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
              - image: "app:1.0"
    `);
    expect(findings.map((f) => [f.fieldPath, f.range.start.line, f.range.start.column, f.message])).toEqual([
      ['spec', 4, 1, 'spec is missing the required field "selector"; the API server rejects the Deployment.'],
      ['spec.template.spec.containers[0]', 9, 11, 'spec.template.spec.containers[0] is missing the required field "name"; the API server rejects the Deployment.'],
    ]);
  });

  it('does not require fields the API server never enforced (StatefulSet serviceName, NetworkPolicy podSelector)', () => {
    expect(findingsOf(yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers: [{name: db, image: "postgres:16"}]
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: all}
      spec:
        policyTypes: [Ingress]
    `)).toEqual([]);
  });

  it('gives each missing field its own fingerprint', () => {
    const findings = findingsOf(yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: b}
      roleRef: {}
    `);
    expect(findings.map((f) => f.message.match(/"(\w+)"/)![1]).sort()).toEqual(['apiGroup', 'kind', 'name']);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
  });
});

describe('schema source', () => {
  it('is the committed output of the generator', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'plimsoll-schema-')), 'k8s.json');
    execFileSync(process.execPath, ['scripts/generate-kubernetes-schemas.ts', out], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(`schema/kubernetes/${SCHEMA_KUBERNETES_VERSION}.json`, 'utf8'));
  });

  it('validates directly, returning no problems for objects of unknown kinds', () => {
    expect(validateKubernetesObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: 1 })).toEqual([]);
    expect(validateKubernetesObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, sepc: {} })).toEqual([
      { type: 'unknown-field', path: ['sepc'], field: 'sepc', suggestion: 'spec' },
    ]);
  });
});

describe('did you mean', () => {
  it('measures typos, swaps and case slips', () => {
    expect(editDistance('securityContex', 'securityContext')).toBe(1);
    expect(editDistance('iamge', 'image')).toBe(1);
    expect(closestName('ImagePullPolicy', ['imagePullPolicy', 'image'])).toBe('imagePullPolicy');
    expect(closestName('iamge', ['image', 'name'])).toBe('image');
    expect(closestName('payload', ['data', 'binaryData', 'immutable'])).toBeUndefined();
  });
});

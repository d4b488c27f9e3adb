// Workload rules on their subtle cases: digest-pinned images, selectors with expressions, duplicate
// env vars, replica counts left to an HPA, and the fixed examples of the fixable rules.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';
import { fixText } from '../../src/fix/fix-file-text.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';

const find = (id: string, text: string, params?: Record<string, unknown>) =>
  scanYaml(text, { rules: [builtinRule(id)], ...(params ? { params: { [id]: params } } : {}) }).findings;

function image(ref: string, policy?: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: "${ref}"\n${policy ? `      imagePullPolicy: ${policy}\n` : ''}`;
}

describe('image-pull-policy', () => {
  it.each([
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
    ['nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'Never'],
    ['registry.example.com:5000/app:1.2.3', 'IfNotPresent'],
    ['nginx:latest', undefined],
    ['nginx', undefined],
    ['nginx:latest', 'Always'],
  ])('accepts %s with policy %s', (ref, policy) => {
    expect(find('image-pull-policy', image(ref, policy))).toEqual([]);
  });

  it.each([
    ['nginx', 'IfNotPresent'],
    ['nginx:latest', 'IfNotPresent'],
    ['registry.example.com:5000/team/app', 'Never'],
    ['ghcr.io/org/app:main', 'IfNotPresent'],
    ['ghcr.io/org/app:develop', undefined],
  ])('reports %s with policy %s (an omitted policy defaults to IfNotPresent for a non-latest tag)', (ref, policy) => {
    const findings = find('image-pull-policy', image(ref, policy));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fix).toBeDefined();
  });

  it('reads the list of moving tags from params', () => {
    expect(find('image-pull-policy', image('app:release', 'IfNotPresent'))).toEqual([]);
    expect(find('image-pull-policy', image('app:release', 'IfNotPresent'), { mutableTags: ['release'] })).toHaveLength(1);
  });

  it('checks init and ephemeral containers too', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers: [{name: init, image: "tools:latest", imagePullPolicy: IfNotPresent}]
        containers: [{name: app, image: "app:1.0"}]
        ephemeralContainers: [{name: debug, image: "busybox", imagePullPolicy: IfNotPresent}]
    `;
    expect(find('image-pull-policy', text).map((f) => f.container)).toEqual(['init', 'debug']);
  });
});

describe('selector-label-mismatch', () => {
  function deployment(selector: string, labels: string): string {
    return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: ${selector}\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: app, image: "app:1.0"}]\n`;
  }

  it.each([
    ['{matchLabels: {app: web}}', '{app: web, extra: x}'],
    ['{matchExpressions: [{key: app, operator: In, values: [web, api]}]}', '{app: web}'],
    ['{matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}', '{app: web}'],
    ['{matchExpressions: [{key: app, operator: Exists}]}', '{app: web}'],
  ])('accepts %s for labels %s', (selector, labels) => {
    expect(find('selector-label-mismatch', deployment(selector, labels))).toEqual([]);
  });

  it.each([
    ['{matchLabels: {app: web}}', '{app: api}', 'app=web'],
    ['{matchLabels: {app: web, tier: front}}', '{app: web}', 'tier=front'],
    ['{matchExpressions: [{key: app, operator: In, values: [api]}]}', '{app: web}', 'app In'],
    ['{matchExpressions: [{key: app, operator: DoesNotExist}]}', '{app: web}', 'app DoesNotExist'],
    ['{}', '{app: web}', 'empty'],
  ])('reports %s for labels %s', (selector, labels, detail) => {
    const findings = find('selector-label-mismatch', deployment(selector, labels));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(detail);
    expect(findings[0]!.fieldPath).toBe('spec.selector');
  });
});

describe('duplicate-env-vars', () => {
  it('reports each repeat, not the first definition', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: app:1.0
            env:
              - {name: A, value: "1"}
              - {name: B, value: "2"}
              - {name: A, value: "3"}
              - {name: A, value: "4"}
    `;
    const findings = find('duplicate-env-vars', text);
    expect(findings.map((f) => f.fieldPath)).toEqual(['spec.containers[0].env[2].name', 'spec.containers[0].env[3].name']);
    expect(findings[0]!.message).toContain('env[0]');
  });
});

describe('replicas-minimum and hpa-min-replicas', () => {
  it('leaves an unset replica count to the autoscaler and flags an HPA that may scale to one', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: app, image: "app:1.0"}]
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        maxReplicas: 5
    `;
    expect(find('replicas-minimum', text)).toEqual([]);
    expect(find('hpa-min-replicas', text)).toHaveLength(1);
  });

  it('reads the threshold from params', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n';
    expect(find('replicas-minimum', text)).toEqual([]);
    expect(find('replicas-minimum', text, { minReplicas: 3 })).toHaveLength(1);
  });
});

describe('fixed examples of the fixable rules in this set', () => {
  const ids = ['image-pull-policy', 'workload-restart-policy', 'deprecated-service-account-field', 'removed-api-version', 'pdb-unhealthy-pod-eviction-policy'];
  const cases = ids.flatMap((id) =>
    builtinRule(id)
      .definition.examples.fail.filter((example) => example.fixed !== undefined)
      .map((example, i) => [id, i, example.manifest, example.fixed!] as const),
  );

  it('has at least one fixed example per fixable rule', () => {
    expect(new Set(cases.map(([id]) => id))).toEqual(new Set(ids));
  });

  it.each(cases)('%s example %i: applying the fixes gives the fixed manifest and no new finding', (id, _i, manifest, fixed) => {
    const result = fixText('example.yaml', manifest, resolveScanTextOptions({ rules: [builtinRule(id)] }));
    const documents = (text: string) => text.split(/^---$/m).map((doc) => parse(doc));
    expect(documents(result.text)).toEqual(documents(fixed));
    expect(result.unfixed).toEqual([]);
    expect(result.introduced).toEqual([]);
  });
});

// Cross-object rules and the scan context: unknown in a partial view, failures only when the context
// is complete or a referenced object clearly does not match, exact locations, context-only files.
import { describe, expect, it } from 'vitest';
import { builtinRule, yaml } from '../helpers/scan-helpers.ts';
import { scanFiles, type ManifestFile } from '../helpers/scan-context-helpers.ts';
import type { ScanOptions } from '../../src/engine/scan.ts';

const SERVICE = yaml`
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    selector:
      app: web
    ports:
      - port: 80
`;

function deployment(name: string, labels: Record<string, string>, namespace?: string): string {
  const labelText = Object.entries(labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  return yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: ${name}
      ${namespace ? `namespace: ${namespace}` : '# no namespace'}
    spec:
      selector: {matchLabels: {${labelText}}}
      template:
        metadata: {labels: {${labelText}}}
        spec:
          containers: [{name: app, image: "app:1.0"}]
  `;
}

function scan(ruleId: string, files: ManifestFile[], options: ScanOptions = {}, context: ManifestFile[] = []) {
  return scanFiles(files, { rules: [builtinRule(ruleId)], ...options }, context).findings;
}

describe('partial context: a reference missing from the context is unknown', () => {
  it('reports nothing for a Service whose pods are not in the context, and reports it once the context is complete', () => {
    const files = [{ path: 'svc.yaml', text: SERVICE }];
    expect(scan('service-selects-no-pods', files)).toEqual([]);
    const complete = scan('service-selects-no-pods', files, { completeNamespaces: ['default'] });
    expect(complete).toHaveLength(1);
    expect(complete[0]!.fieldPath).toBe('spec.selector');
    // Complete for another namespace says nothing about `default`.
    expect(scan('service-selects-no-pods', files, { completeNamespaces: ['shop'] })).toEqual([]);
  });

  it('finds the matching pods in context-only files (the rest of the repository)', () => {
    const files = [{ path: 'svc.yaml', text: SERVICE }];
    const context = [{ path: 'deploy.yaml', text: deployment('web', { app: 'web' }) }];
    expect(scan('service-selects-no-pods', files, { completeNamespaces: ['*'] }, context)).toEqual([]);
  });

  it('reports a near miss in a context file without a complete context, pointing at the selector value', () => {
    const files = [{ path: 'svc.yaml', text: SERVICE }];
    const context = [{ path: 'deploy.yaml', text: deployment('web', { app: 'web-v2' }) }];
    const findings = scan('service-selects-no-pods', files, {}, context);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.file).toBe('svc.yaml');
    expect(finding!.fieldPath).toBe('spec.selector.app');
    // `    app: web` is line 7; the value starts at column 10.
    expect(finding!.range.start).toEqual({ line: 7, column: 10 });
    expect(finding!.object).toEqual({ apiVersion: 'v1', kind: 'Service', name: 'web' });
    expect(finding!.message).toContain('Deployment web labels its pods app=web-v2');
  });

  it('does not take another app for a near miss: the intended pods may be elsewhere', () => {
    const files = [{ path: 'svc.yaml', text: SERVICE }];
    const context = [{ path: 'deploy.yaml', text: deployment('api', { app: 'api' }) }];
    expect(scan('service-selects-no-pods', files, {}, context)).toEqual([]);
    // Same name as the Service: clearly the intended workload, whatever its label says.
    const sameName = [{ path: 'deploy.yaml', text: deployment('web', { app: 'frontend' }) }];
    expect(scan('service-selects-no-pods', files, {}, sameName).map((f) => f.fieldPath)).toEqual(['spec.selector.app']);
    // A typo of the wanted value.
    const typo = [{ path: 'deploy.yaml', text: deployment('site', { app: 'wbe' }) }];
    expect(scan('service-selects-no-pods', files, {}, typo)).toHaveLength(1);
  });

  it('never reports objects of context-only files', () => {
    const context = [{ path: 'svc.yaml', text: SERVICE }];
    const files = [{ path: 'deploy.yaml', text: deployment('web', { app: 'web-v2' }) }];
    expect(scan('service-selects-no-pods', files, { completeNamespaces: ['*'] }, context)).toEqual([]);
  });

  it('treats a file given both as reported and as context as reported, once', () => {
    const files = [{ path: 'svc.yaml', text: SERVICE }];
    const result = scanFiles(files, { rules: [builtinRule('service-selects-no-pods')], completeNamespaces: ['*'] }, files);
    expect(result.findings).toHaveLength(1);
    expect(result.context?.files).toBe(0);
  });

  it('counts unreadable context files instead of crashing on them', () => {
    const result = scanFiles([{ path: 'svc.yaml', text: SERVICE }], { rules: [builtinRule('service-selects-no-pods')] }, [
      { path: 'image.png', text: '\u0000\u0001binary' },
    ]);
    expect(result.context?.unreadable).toEqual(['image.png']);
  });
});

describe('namespaces', () => {
  it('puts objects without a namespace in default', () => {
    const files = [
      { path: 'svc.yaml', text: SERVICE },
      { path: 'deploy.yaml', text: deployment('web', { app: 'web' }, 'default') },
    ];
    expect(scan('service-selects-no-pods', files, { completeNamespaces: ['*'] })).toEqual([]);
  });

  it('uses the default namespace of the context option', () => {
    const files = [
      { path: 'svc.yaml', text: SERVICE },
      { path: 'deploy.yaml', text: deployment('web', { app: 'web' }, 'default') },
    ];
    const findings = scan('service-selects-no-pods', files, { completeNamespaces: ['*'], defaultNamespace: 'shop' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('namespace shop');
  });
});

describe('networkpolicy-selects-nothing', () => {
  it('never reports an empty podSelector: it covers every pod of its namespace', () => {
    const policy = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all, namespace: shop}
      spec:
        podSelector: {}
    `;
    expect(scan('networkpolicy-selects-nothing', [{ path: 'np.yaml', text: policy }], { completeNamespaces: ['*'] })).toEqual([]);
  });

  it('counts a namespace-wide policy as covering a workload (workload-without-networkpolicy)', () => {
    const policy = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny-all}
      spec:
        podSelector: {}
    `;
    const files = [{ path: 'deploy.yaml', text: deployment('web', { app: 'web' }) }];
    const options = { completeNamespaces: ['*'] };
    expect(scan('workload-without-networkpolicy', files, options)).toHaveLength(1);
    expect(scan('workload-without-networkpolicy', files, options, [{ path: 'np.yaml', text: policy }])).toEqual([]);
  });

  it('matches matchExpressions against pod labels', () => {
    const policy = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: web}
      spec:
        podSelector:
          matchExpressions: [{key: app, operator: In, values: [web, api]}]
    `;
    const files = [{ path: 'np.yaml', text: policy }];
    const options = { completeNamespaces: ['*'] };
    expect(scan('networkpolicy-selects-nothing', files, options, [{ path: 'd.yaml', text: deployment('api', { app: 'api' }) }])).toEqual([]);
    expect(scan('networkpolicy-selects-nothing', files, options, [{ path: 'd.yaml', text: deployment('db', { app: 'db' }) }])).toHaveLength(1);
  });
});

describe('reference rules', () => {
  it('points an Ingress port mismatch at the port and an unknown Service at nothing in a partial context', () => {
    const ingress = yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: web}
      spec:
        rules:
          - http:
              paths:
                - path: /
                  pathType: Prefix
                  backend:
                    service:
                      name: web
                      port:
                        number: 8080
                - path: /api
                  pathType: Prefix
                  backend:
                    service: {name: api, port: {number: 80}}
    `;
    const findings = scan('ingress-backend-service-missing', [{ path: 'ing.yaml', text: ingress }], {}, [{ path: 'svc.yaml', text: SERVICE }]);
    expect(findings.map((f) => [f.fieldPath, f.range.start.line])).toEqual([['spec.rules[0].http.paths[0].backend.service.port.number', 14]]);
    expect(findings[0]!.message).toContain('exposes 80');
  });

  it('reports an HPA target of the wrong kind, and a missing one only when complete', () => {
    const hpa = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: StatefulSet
          name: web
        maxReplicas: 4
    `;
    const files = [{ path: 'hpa.yaml', text: hpa }];
    expect(scan('hpa-target-missing', files)).toEqual([]);
    expect(scan('hpa-target-missing', files, { completeNamespaces: ['default'] }).map((f) => f.fieldPath)).toEqual(['spec.scaleTargetRef.name']);
    const wrongKind = scan('hpa-target-missing', files, {}, [{ path: 'd.yaml', text: deployment('web', { app: 'web' }) }]);
    expect(wrongKind.map((f) => [f.fieldPath, f.range.start.line])).toEqual([['spec.scaleTargetRef.kind', 7]]);
  });

  it('reports a RoleBinding to a ClusterRole-only name as a kind error, and trusts built-in ClusterRoles', () => {
    const binding = (kind: string, name: string) => yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: b, namespace: shop}
      subjects: [{kind: User, name: ann, apiGroup: rbac.authorization.k8s.io}]
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${name}}
    `;
    const options = { completeNamespaces: ['*'] };
    expect(scan('rolebinding-role-missing', [{ path: 'b.yaml', text: binding('ClusterRole', 'edit') }], options)).toEqual([]);
    expect(scan('rolebinding-role-missing', [{ path: 'b.yaml', text: binding('Role', 'view') }]).map((f) => f.fieldPath)).toEqual(['roleRef.kind']);
    expect(scan('rolebinding-role-missing', [{ path: 'b.yaml', text: binding('ClusterRole', 'deployer') }])).toEqual([]);
    expect(scan('rolebinding-role-missing', [{ path: 'b.yaml', text: binding('ClusterRole', 'deployer') }], options)).toHaveLength(1);
  });

  it('reports a missing ServiceAccount only for a complete namespace, with the nearest name as a hint', () => {
    const text = deployment('web', { app: 'web' }).replace('containers:', 'serviceAccountName: web-runner\n      containers:');
    const sa = yaml`
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: web-runer}
    `;
    const files = [{ path: 'd.yaml', text }];
    expect(scan('service-account-missing', files, {}, [{ path: 'sa.yaml', text: sa }])).toEqual([]);
    const findings = scan('service-account-missing', files, { completeNamespaces: ['default'] }, [{ path: 'sa.yaml', text: sa }]);
    expect(findings.map((f) => f.fieldPath)).toEqual(['spec.template.spec.serviceAccountName']);
    expect(findings[0]!.message).toContain('Did you mean web-runer?');
  });

  it('reports PDB minAvailable against the HPA minimum on the HPA when only the HPA is reported', () => {
    const pdb = yaml`
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: web}
      spec:
        minAvailable: 3
        selector: {matchLabels: {app: web}}
    `;
    const hpa = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 6
    `;
    const findings = scan('pdb-min-available-exceeds-hpa-min', [{ path: 'hpa.yaml', text: hpa }], {}, [
      { path: 'pdb.yaml', text: pdb },
      { path: 'd.yaml', text: deployment('web', { app: 'web' }) },
    ]);
    expect(findings.map((f) => [f.file, f.fieldPath, f.range.start.line])).toEqual([['hpa.yaml', 'spec.minReplicas', 6]]);
    // Without the workload in the context the chain is unknown.
    expect(scan('pdb-min-available-exceeds-hpa-min', [{ path: 'hpa.yaml', text: hpa }], {}, [{ path: 'pdb.yaml', text: pdb }])).toEqual([]);
  });

  it('counts an HPA minimum as replicas for workload-without-pdb', () => {
    const hpa = yaml`
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 3
        maxReplicas: 6
    `;
    const files = [{ path: 'd.yaml', text: deployment('web', { app: 'web' }) }];
    expect(scan('workload-without-pdb', files, { completeNamespaces: ['*'] })).toEqual([]);
    expect(scan('workload-without-pdb', files, { completeNamespaces: ['*'] }, [{ path: 'hpa.yaml', text: hpa }])).toHaveLength(1);
    expect(scan('workload-without-pdb', files, {}, [{ path: 'hpa.yaml', text: hpa }])).toEqual([]);
  });
});

describe('duplicate-object', () => {
  it('reports the later copy across files, naming the first, and ignores other namespaces and groups', () => {
    const a = deployment('web', { app: 'web' });
    const b = `# a copy\n${deployment('web', { app: 'web' })}`;
    const findings = scan('duplicate-object', [{ path: 'b.yaml', text: b }], {}, [{ path: 'a.yaml', text: a }]);
    expect(findings.map((f) => [f.file, f.fieldPath, f.range.start.line])).toEqual([['b.yaml', 'metadata.name', 5]]);
    expect(findings[0]!.message).toContain('also defined in a.yaml (document 1)');
    const other = deployment('web', { app: 'web' }, 'shop');
    expect(scan('duplicate-object', [{ path: 'b.yaml', text: other }], {}, [{ path: 'a.yaml', text: a }])).toEqual([]);
  });

  it('does not compare copies in different folders (environment variants, Kustomize bases and patches)', () => {
    const a = deployment('web', { app: 'web' });
    expect(scan('duplicate-object', [{ path: 'overlays/prod/web.yaml', text: a }], {}, [{ path: 'base/web.yaml', text: a }])).toEqual([]);
    expect(scan('duplicate-object', [{ path: 'k8s/b.yaml', text: a }], {}, [{ path: 'k8s/a.yaml', text: a }])).toHaveLength(1);
    expect(scan('duplicate-object', [{ path: 'one.yaml', text: `${a}---\n${a}` }]).map((f) => f.message)).toEqual([
      'Deployment default/web is also defined earlier in this file (document 1); whichever is applied last overwrites the other.',
    ]);
  });

  it('keeps the fingerprint when the object moves to another line', () => {
    const a = deployment('web', { app: 'web' });
    const first = scan('duplicate-object', [{ path: 'b.yaml', text: a }], {}, [{ path: 'a.yaml', text: a }]);
    const moved = scan('duplicate-object', [{ path: 'b.yaml', text: `\n\n# moved\n${a}` }], {}, [{ path: 'a.yaml', text: a }]);
    expect(first).toHaveLength(1);
    expect(moved[0]!.range.start.line).not.toBe(first[0]!.range.start.line);
    expect(moved[0]!.fingerprint).toBe(first[0]!.fingerprint);
  });

  it('honours a plimsoll.dev/ignore annotation on the reported object', () => {
    const a = deployment('web', { app: 'web' });
    const b = a.replace('name: web', 'name: web\n  annotations: {plimsoll.dev/ignore: duplicate-object, plimsoll.dev/ignore-reason: migration}');
    const [finding] = scan('duplicate-object', [{ path: 'b.yaml', text: b }], {}, [{ path: 'a.yaml', text: a }]);
    expect(finding?.suppressed?.kind).toBe('annotation');
  });
});

describe('hpa-target-replicas-written', () => {
  const WORKLOAD = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 3
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers: [{name: app, image: "app:1.0"}]
  `;
  const HPA = yaml`
    apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata:
      name: web
    spec:
      scaleTargetRef:
        apiVersion: apps/v1
        kind: Deployment
        name: web
      minReplicas: 2
      maxReplicas: 10
  `;

  it('points at the workload’s spec.replicas, naming the autoscaler', () => {
    const [finding, ...rest] = scan('hpa-target-replicas-written', [{ path: 'web.yaml', text: WORKLOAD }, { path: 'hpa.yaml', text: HPA }]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: 'web.yaml', fieldPath: 'spec.replicas', range: { start: { line: 6, column: 13 } } });
    expect(finding!.message).toContain('HorizontalPodAutoscaler web');
  });

  it('reports on the autoscaler’s target when only the autoscaler is under review', () => {
    const [finding] = scan('hpa-target-replicas-written', [{ path: 'hpa.yaml', text: HPA }], {}, [{ path: 'web.yaml', text: WORKLOAD }]);
    expect(finding).toMatchObject({ file: 'hpa.yaml', fieldPath: 'spec.scaleTargetRef.name' });
  });

  it('says nothing when the target is not in the context, or leaves replicas to the autoscaler', () => {
    expect(scan('hpa-target-replicas-written', [{ path: 'hpa.yaml', text: HPA }], { completeNamespaces: ['*'] })).toEqual([]);
    const unset = WORKLOAD.replace('  replicas: 3\n', '');
    expect(scan('hpa-target-replicas-written', [{ path: 'web.yaml', text: unset }, { path: 'hpa.yaml', text: HPA }])).toEqual([]);
  });
});

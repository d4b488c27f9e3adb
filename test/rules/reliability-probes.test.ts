// Probe rules: which containers need probes (not init containers, not run-to-completion pods), and
// probe ports resolved the way the kubelet resolves them.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const find = (id: string, text: string) => scanYaml(text, { rules: [builtinRule(id)] }).findings;

describe('liveness-probe and readiness-probe', () => {
  const ids = ['liveness-probe', 'readiness-probe'];

  it('do not ask init containers (including sidecar init containers) for probes', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            initContainers:
              - {name: migrate, image: "migrate:1.0"}
              - {name: mesh, image: "envoy:1.31", restartPolicy: Always}
            containers:
              - name: app
                image: app:1.0
                livenessProbe: {tcpSocket: {port: 8080}}
                readinessProbe: {httpGet: {path: /ready, port: 8080}}
    `;
    for (const id of ids) expect(find(id, text), id).toEqual([]);
  });

  it.each([
    ['Job', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: t, image: "t:1"}]\n'],
    ['CronJob', 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: t, image: "t:1"}]\n'],
    ['Pod with restartPolicy Never', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: t, image: "t:1"}]\n'],
  ])('do not ask a %s for probes', (_what, text) => {
    for (const id of ids) expect(find(id, text), id).toEqual([]);
  });

  it('ask every long-running container, one finding each, pointing at the missing probe', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: DaemonSet
      metadata: {name: agent}
      spec:
        selector: {matchLabels: {app: a}}
        template:
          metadata: {labels: {app: a}}
          spec:
            containers:
              - {name: one, image: "a:1"}
              - {name: two, image: "b:1"}
    `;
    const findings = find('liveness-probe', text);
    expect(findings.map((f) => f.container)).toEqual(['one', 'two']);
    expect(findings[1]!.fieldPath).toBe('spec.template.spec.containers[1].livenessProbe');
  });
});

describe('probe-port-exists', () => {
  function container(body: string): string {
    const lines = body.split('\n').map((line) => `      ${line.trim()}`);
    return ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - name: app', '      image: app:1.0', ...lines, ''].join('\n');
  }

  it.each([
    ['named port that exists', 'ports: [{name: http, containerPort: 8080}]\n    livenessProbe: {httpGet: {path: /, port: http}}'],
    ['numbered port that exists', 'ports: [{name: http, containerPort: 8080}]\n    readinessProbe: {tcpSocket: {port: 8080}}'],
    ['numbered port, no ports declared', 'livenessProbe: {httpGet: {path: /, port: 9000}}'],
    ['exec probe', 'ports: [{containerPort: 8080}]\n    startupProbe: {exec: {command: [true]}}'],
    ['grpc port that exists', 'ports: [{containerPort: 9090}]\n    livenessProbe: {grpc: {port: 9090}}'],
  ])('accepts a %s', (_what, body) => {
    expect(find('probe-port-exists', container(body))).toEqual([]);
  });

  it.each([
    ['named port that does not exist', 'ports: [{name: web, containerPort: 8080}]\n    livenessProbe: {httpGet: {path: /, port: http}}', 'livenessProbe port http'],
    ['named port with no ports declared', 'startupProbe: {tcpSocket: {port: admin}}', 'startupProbe port admin'],
    ['numbered port not declared', 'ports: [{containerPort: 8080}]\n    readinessProbe: {httpGet: {path: /, port: 8081}}', 'readinessProbe port 8081'],
    ['grpc port not declared', 'ports: [{containerPort: 8080}]\n    livenessProbe: {grpc: {port: 9090}}', 'livenessProbe port 9090'],
  ])('reports a %s', (_what, body, named) => {
    const findings = find('probe-port-exists', container(body));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(named);
  });

  it('resolves a named port only among the same container’s ports', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: app:1.0
            livenessProbe: {httpGet: {path: /, port: metrics}}
          - name: exporter
            image: exporter:1.0
            ports: [{name: metrics, containerPort: 9100}]
    `;
    expect(find('probe-port-exists', text).map((f) => f.container)).toEqual(['app']);
  });
});

describe('liveness-equals-readiness', () => {
  it('compares probes by value, not by text layout', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: app:1.0
            livenessProbe:
              httpGet:
                path: /healthz
                port: 8080
            readinessProbe: {httpGet: {port: 8080, path: /healthz}}
    `;
    expect(find('liveness-equals-readiness', text)).toHaveLength(1);
  });

  it('accepts probes that differ only in timing', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: app:1.0
            livenessProbe: {httpGet: {path: /healthz, port: 8080}, failureThreshold: 10}
            readinessProbe: {httpGet: {path: /healthz, port: 8080}}
    `;
    expect(find('liveness-equals-readiness', text)).toEqual([]);
  });
});

// Host mounts: runtime sockets (file or containing directory), sensitive node paths (exact vs tree),
// and writable hostPath mounts, each reported once, on the right line and field.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const podWithVolumes = (...paths: string[]) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
      - name: app
        image: app:1.0
    volumes:
${paths.map((path, i) => `      - name: v${i}\n        hostPath: {path: "${path}"}`).join('\n')}
`;

const rulesOf = (...ids: string[]) => ids.map(builtinRule);

describe('docker-socket-mount and sensitive-host-mounts', () => {
  const rules = rulesOf('docker-socket-mount', 'sensitive-host-mounts');
  const flagged = (path: string) =>
    scanYaml(podWithVolumes(path), { rules }).findings.map((f) => f.ruleId);

  it.each([
    ['/var/run/docker.sock', ['docker-socket-mount']],
    ['/var/run/', ['docker-socket-mount']],
    ['/run/containerd', ['docker-socket-mount']],
    ['/var/run/crio/crio.sock', ['docker-socket-mount']],
    ['/', ['sensitive-host-mounts']],
    ['/etc', ['sensitive-host-mounts']],
    ['/etc/', ['sensitive-host-mounts']],
    ['/etc/kubernetes/pki', ['sensitive-host-mounts']],
    ['/var/lib/kubelet', ['sensitive-host-mounts']],
    ['/root/.ssh', ['sensitive-host-mounts']],
    ['/etc/ssl/certs', []],
    ['/var/log', []],
    ['/var/lib/docker/containers', []],
    ['/srv/data', []],
    ['/var/run/app.sock', []],
  ] as const)('%s -> %j', (path, expected) => {
    expect(flagged(path)).toEqual(expected);
  });

  it('reports one finding a volume, at hostPath.path, with the volume name in the message', () => {
    const text = podWithVolumes('/srv', '/proc', '/var/run/docker.sock');
    const findings = scanYaml(text, { rules }).findings;
    expect(findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line])).toEqual([
      ['docker-socket-mount', 'spec.volumes[2].hostPath.path', 14],
      ['sensitive-host-mounts', 'spec.volumes[1].hostPath.path', 12],
    ]);
    expect(findings[0]!.message).toContain('Volume v2');
  });

  it('honours custom path lists from params', () => {
    const findings = scanYaml(podWithVolumes('/srv/secrets'), {
      rules,
      params: { 'sensitive-host-mounts': { trees: ['/srv/secrets'] } },
    }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(['sensitive-host-mounts']);
  });
});

describe('writable-host-path', () => {
  const rule = builtinRule('writable-host-path');

  it('reports each writable mount of a hostPath volume, not other volume types with the same mount shape', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
          - name: init
            image: a:1
            volumeMounts:
              - {name: host, mountPath: /host}
        containers:
          - name: app
            image: a:1
            volumeMounts:
              - {name: host, mountPath: /host, readOnly: true}
              - {name: cache, mountPath: /cache}
              - {name: host, mountPath: /again, readOnly: false}
        volumes:
          - name: host
            hostPath: {path: /srv/app}
          - name: cache
            emptyDir: {}
    `;
    const findings = scanYaml(text, { rules: [rule] }).findings;
    expect(findings.map((f) => [f.container, f.fieldPath, f.range.start.line])).toEqual([
      ['app', 'spec.containers[0].volumeMounts[2].readOnly', 16],
      ['init', 'spec.initContainers[0].volumeMounts[0].readOnly', 9],
    ]);
    expect(findings.every((f) => f.message.includes('/srv/app'))).toBe(true);
  });

  it('ignores mounts whose volume is not declared (the pod spec is incomplete, not insecure)', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: a:1
            volumeMounts: [{name: missing, mountPath: /m}]
    `;
    expect(scanYaml(text, { rules: [rule] }).findings).toEqual([]);
  });
});

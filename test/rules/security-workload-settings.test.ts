// Container and pod settings beyond the Pod Security Standards: read-only root filesystem,
// dangerous capabilities, service account token and default service account, ports, hostAliases.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const findingsOf = (id: string, text: string) =>
  scanYaml(text, { rules: [builtinRule(id)] }).findings.map((f) => [f.container ?? null, f.fieldPath, f.range.start.line]);

describe('read-only-root-filesystem', () => {
  it('checks every container type and skips Windows pods', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
          - {name: init, image: a:1, securityContext: {readOnlyRootFilesystem: true}}
        containers:
          - {name: app, image: a:1}
        ephemeralContainers:
          - {name: debug, image: busybox:1.36}
    `;
    expect(findingsOf('read-only-root-filesystem', text)).toEqual([
      ['app', 'spec.containers[0].securityContext.readOnlyRootFilesystem', 8],
      ['debug', 'spec.ephemeralContainers[0].securityContext.readOnlyRootFilesystem', 10],
    ]);
    const windows = text.replace('spec:\n', 'spec:\n  os: {name: windows}\n');
    expect(findingsOf('read-only-root-filesystem', windows)).toEqual([]);
  });
});

describe('dangerous-capabilities', () => {
  it('normalises the CAP_ prefix and case, and reports each dangerous entry on its own', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: a:1
            securityContext:
              capabilities:
                add:
                  - CHOWN
                  - cap_net_admin
                  - CAP_BPF
                  - NET_BIND_SERVICE
    `;
    expect(findingsOf('dangerous-capabilities', text)).toEqual([
      ['app', 'spec.containers[0].securityContext.capabilities.add[1]', 12],
      ['app', 'spec.containers[0].securityContext.capabilities.add[2]', 13],
    ]);
    const messages = scanYaml(text, { rules: [builtinRule('dangerous-capabilities')] }).findings.map((f) => f.message);
    expect(messages[0]).toContain('NET_ADMIN');
    expect(messages[1]).toContain('BPF');
  });
});

describe('automount-service-account-token and default-service-account', () => {
  const pod = (spec: string) => yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
${spec
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => `      ${line}`)
  .join('\n')}
      containers:
        - {name: app, image: a:1}
  `;

  it.each([
    ['', ['automount-service-account-token', 'default-service-account']],
    ['serviceAccountName: default', ['automount-service-account-token', 'default-service-account']],
    ['serviceAccount: default', ['automount-service-account-token', 'default-service-account']],
    ['serviceAccountName: web', ['automount-service-account-token']],
    ['automountServiceAccountToken: true\nserviceAccountName: web', []],
    ['automountServiceAccountToken: true', ['default-service-account']],
    ['automountServiceAccountToken: false', []],
  ] as const)('spec %j -> %j', (spec, expected) => {
    const rules = [builtinRule('automount-service-account-token'), builtinRule('default-service-account')];
    expect(scanYaml(pod(spec), { rules }).findings.map((f) => f.ruleId)).toEqual(expected);
  });
});

describe('privileged-ports and ssh-port', () => {
  const text = yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: app
          image: a:1
          ports:
            - {containerPort: 22}
            - {containerPort: 22, protocol: UDP}
            - {containerPort: 1023}
            - {containerPort: 1024}
            - {containerPort: "http"}
  `;

  it('reports ports below 1024 one by one, and port 22 only over TCP', () => {
    expect(findingsOf('privileged-ports', text).map((f) => f[1])).toEqual([
      'spec.containers[0].ports[0].containerPort',
      'spec.containers[0].ports[1].containerPort',
      'spec.containers[0].ports[2].containerPort',
    ]);
    expect(findingsOf('ssh-port', text)).toEqual([['app', 'spec.containers[0].ports[0].containerPort', 9]]);
  });
});

describe('host-aliases', () => {
  it('points at hostAliases in the pod template', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        template:
          spec:
            hostAliases: [{ip: 127.0.0.1, hostnames: [api.example.com]}]
            containers: [{name: app, image: a:1}]
    `;
    expect(findingsOf('host-aliases', text)).toEqual([[null, 'spec.template.spec.hostAliases', 7]]);
  });
});

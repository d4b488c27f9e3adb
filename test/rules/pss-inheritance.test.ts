// Pod-level securityContext inheritance, exactly as the kubelet applies it: a container's own field
// overrides the pod's; a finding about an inherited value points at the pod-level value; init and
// ephemeral containers are checked like the others.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

/** [container, fieldPath, line, column] of each finding of one rule. */
function located(ruleId: string, manifest: string) {
  const findings = scanYaml(manifest, { rules: [builtinRule(ruleId)] }).findings;
  expect(findings.filter((f) => f.ruleId !== ruleId), 'no parse or evaluation errors').toEqual([]);
  return findings.map((f) => [f.container, f.fieldPath, f.range.start.line, f.range.start.column]);
}

describe('seccomp profile inheritance', () => {
  const manifest = yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          securityContext:
            seccompProfile:
              type: Unconfined
          initContainers:
            - name: init
              image: busybox:1.36
          containers:
            - name: inherits
              image: nginx:1.27
            - name: overrides
              image: nginx:1.27
              securityContext:
                seccompProfile: {type: RuntimeDefault}
            - name: own
              image: nginx:1.27
              securityContext:
                seccompProfile: {type: Unconfined}
  `;

  it('reports inherited Unconfined at the pod value, a container own Unconfined at its own value, an override not at all', () => {
    expect(located('seccomp-baseline', manifest)).toEqual([
      ['inherits', 'spec.template.spec.securityContext.seccompProfile.type', 11, 17],
      ['own', 'spec.template.spec.containers[2].securityContext.seccompProfile.type', 25, 36],
      ['init', 'spec.template.spec.securityContext.seccompProfile.type', 11, 17],
    ]);
  });

  it('keeps findings of containers sharing one pod-level value apart by fingerprint', () => {
    const findings = scanYaml(manifest, { rules: [builtinRule('seccomp-baseline')] }).findings;
    const inherited = findings.filter((f) => f.fieldPath.endsWith('spec.securityContext.seccompProfile.type'));
    expect(inherited).toHaveLength(2);
    expect(inherited[0]!.fingerprint).not.toBe(inherited[1]!.fingerprint);
  });

  it('requires a profile (restricted) only where neither the container nor the pod sets one', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: set
            image: a
            securityContext: {seccompProfile: {type: RuntimeDefault}}
          - name: unset
            image: b
        ephemeralContainers:
          - name: debug
            image: busybox:1.36
    `;
    expect(located('seccomp-restricted', text)).toEqual([
      ['unset', 'spec.containers[1].securityContext.seccompProfile.type', 9, 7],
      ['debug', 'spec.ephemeralContainers[0].securityContext.seccompProfile.type', 12, 7],
    ]);
    const podLevel = text.replace('spec:\n', 'spec:\n  securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}\n');
    expect(located('seccomp-restricted', podLevel)).toEqual([]);
  });
});

describe('runAsNonRoot and runAsUser inheritance', () => {
  it('lets a container override the pod in both directions, with YAML 1.1 booleans', () => {
    const text = yaml`
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: job}
      spec:
        schedule: "@hourly"
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                securityContext:
                  runAsNonRoot: no
                initContainers:
                  - name: init
                    image: busybox:1.36
                    securityContext: {runAsNonRoot: yes}
                containers:
                  - name: job
                    image: job:1.0
    `;
    expect(located('run-as-non-root', text)).toEqual([
      ['job', 'spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot', 12, 27],
    ]);
    const [finding] = scanYaml(text, { rules: [builtinRule('run-as-non-root')] }).findings;
    expect(finding!.message).toContain('inherits runAsNonRoot: false from the pod securityContext');
  });

  it('reports a pod-level runAsUser 0 for the containers that do not override it', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        securityContext:
          runAsUser: 0
        initContainers:
          - name: init
            image: busybox:1.36
        containers:
          - name: app
            image: nginx:1.27
            securityContext:
              runAsUser: 101
    `;
    expect(located('run-as-user-root', text)).toEqual([['init', 'spec.securityContext.runAsUser', 6, 16]]);
  });
});

describe('seLinuxOptions, hostProcess and AppArmor', () => {
  it('replaces the pod seLinuxOptions as a whole with the container ones', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        securityContext:
          seLinuxOptions: {type: spc_t}
        containers:
          - name: own-level
            image: a
            securityContext:
              seLinuxOptions: {level: "s0:c1,c2"}
          - name: inherits
            image: b
    `;
    expect(located('selinux-options', text)).toEqual([['inherits', 'spec.securityContext.seLinuxOptions', 6, 5]]);
  });

  it('reports hostProcess inherited by an ephemeral container at the pod value', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        hostNetwork: true
        securityContext:
          windowsOptions: {hostProcess: true}
        containers:
          - name: app
            image: a
            securityContext:
              windowsOptions: {hostProcess: false}
        ephemeralContainers:
          - name: debug
            image: b
    `;
    expect(located('host-process', text)).toEqual([['debug', 'spec.securityContext.windowsOptions.hostProcess', 7, 35]]);
  });

  it('reads the legacy AppArmor annotation of the pod template for the container it names', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
        annotations:
          container.apparmor.security.beta.kubernetes.io/db: unconfined
      spec:
        serviceName: db
        selector: {matchLabels: {app: db}}
        template:
          metadata:
            labels: {app: db}
            annotations:
              container.apparmor.security.beta.kubernetes.io/backup: unconfined
          spec:
            containers:
              - name: db
                image: postgres:16
              - name: backup
                image: restic:0.16
    `;
    // The StatefulSet's own annotations do not reach its pods; the template's do.
    expect(located('apparmor-profile', text)).toEqual([['backup', 'spec.template.metadata.annotations', 13, 7]]);
  });
});

describe('Windows pods', () => {
  it('are exempt from the Linux-only restricted controls, not from the baseline ones', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: win}
      spec:
        os: {name: windows}
        containers:
          - name: app
            image: mcr.microsoft.com/windows/nanoserver:ltsc2022
            securityContext:
              privileged: true
              capabilities: {add: [CHOWN]}
    `;
    for (const id of ['allow-privilege-escalation', 'seccomp-restricted', 'capabilities-drop-all', 'capabilities-restricted-add']) {
      expect(located(id, text), id).toEqual([]);
    }
    expect(located('privileged-container', text)).toEqual([['app', 'spec.containers[0].securityContext.privileged', 10, 21]]);
  });
});

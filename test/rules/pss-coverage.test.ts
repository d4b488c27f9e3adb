// Every control of the Pod Security Standards (baseline and restricted) has a rule with the right
// `pss-*` tag, and each control's violation, made on a pod that is otherwise restricted-compliant,
// is reported by that control's rules and by no other PSS rule (no gaps, no double reports).
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { scanYaml } from '../helpers/scan-helpers.ts';

type Json = Record<string, any>;
type Level = 'baseline' | 'restricted';

interface Control {
  /** The control's name in https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
  control: string;
  level: Level;
  rule: string;
  /** Breaks the control on the restricted-compliant pod (pod-level controls). */
  breakPod?: (pod: Json) => void;
  /** Breaks the control on one container (container-level controls; checked on every container list). */
  breakContainer?: (container: Json, pod: Json) => void;
}

const securityContextOf = (container: Json): Json => (container.securityContext ??= {});

const CONTROLS: Control[] = [
  { control: 'HostProcess', level: 'baseline', rule: 'host-process', breakContainer: (c) => (securityContextOf(c).windowsOptions = { hostProcess: true }) },
  { control: 'Host Namespaces (hostNetwork)', level: 'baseline', rule: 'host-network', breakPod: (p) => (p.spec.hostNetwork = true) },
  { control: 'Host Namespaces (hostPID)', level: 'baseline', rule: 'host-pid', breakPod: (p) => (p.spec.hostPID = true) },
  { control: 'Host Namespaces (hostIPC)', level: 'baseline', rule: 'host-ipc', breakPod: (p) => (p.spec.hostIPC = true) },
  { control: 'Privileged Containers', level: 'baseline', rule: 'privileged-container', breakContainer: (c) => (securityContextOf(c).privileged = true) },
  { control: 'Capabilities (baseline)', level: 'baseline', rule: 'capabilities-baseline', breakContainer: (c) => (securityContextOf(c).capabilities.add = ['SYS_ADMIN']) },
  { control: 'HostPath Volumes', level: 'baseline', rule: 'host-path-volume', breakPod: (p) => (p.spec.volumes = [{ name: 'etc', hostPath: { path: '/etc' } }]) },
  { control: 'Host Ports', level: 'baseline', rule: 'host-ports', breakContainer: (c) => (c.ports = [{ containerPort: 8080, hostPort: 8080 }]) },
  {
    control: 'AppArmor (annotation)',
    level: 'baseline',
    rule: 'apparmor-profile',
    breakContainer: (c, p) => ((p.metadata.annotations ??= {})[`container.apparmor.security.beta.kubernetes.io/${c.name}`] = 'unconfined'),
  },
  { control: 'AppArmor (field)', level: 'baseline', rule: 'apparmor-profile', breakContainer: (c) => (securityContextOf(c).appArmorProfile = { type: 'Unconfined' }) },
  { control: 'SELinux', level: 'baseline', rule: 'selinux-options', breakContainer: (c) => (securityContextOf(c).seLinuxOptions = { type: 'spc_t' }) },
  { control: '/proc Mount Type', level: 'baseline', rule: 'proc-mount', breakContainer: (c) => (securityContextOf(c).procMount = 'Unmasked') },
  { control: 'Seccomp (baseline)', level: 'baseline', rule: 'seccomp-baseline', breakContainer: (c) => (securityContextOf(c).seccompProfile = { type: 'Unconfined' }) },
  { control: 'Sysctls', level: 'baseline', rule: 'sysctls-safe', breakPod: (p) => (p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]) },
  { control: 'Volume Types', level: 'restricted', rule: 'volume-types-restricted', breakPod: (p) => (p.spec.volumes = [{ name: 'share', nfs: { server: 'nfs', path: '/' } }]) },
  { control: 'Privilege Escalation', level: 'restricted', rule: 'allow-privilege-escalation', breakContainer: (c) => delete securityContextOf(c).allowPrivilegeEscalation },
  { control: 'Running as Non-root', level: 'restricted', rule: 'run-as-non-root', breakContainer: (c) => (securityContextOf(c).runAsNonRoot = false) },
  { control: 'Running as Non-root user', level: 'restricted', rule: 'run-as-user-root', breakContainer: (c) => (securityContextOf(c).runAsUser = 0) },
  { control: 'Seccomp (restricted)', level: 'restricted', rule: 'seccomp-restricted', breakPod: (p) => delete p.spec.securityContext.seccompProfile },
  { control: 'Capabilities (restricted: drop ALL)', level: 'restricted', rule: 'capabilities-drop-all', breakContainer: (c) => (securityContextOf(c).capabilities.drop = ['NET_RAW']) },
  {
    control: 'Capabilities (restricted: add only NET_BIND_SERVICE)',
    level: 'restricted',
    rule: 'capabilities-restricted-add',
    breakContainer: (c) => (securityContextOf(c).capabilities.add = ['NET_BIND_SERVICE', 'CHOWN']),
  },
];

const rules = loadBuiltinRules();
const pssRules = rules.filter((r) => (r.definition.standards ?? []).some((s) => s.startsWith('pss-')));

const hardenedContainer = (name: string): Json => ({
  name,
  image: 'registry.example/app:1.0',
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
});

/** A pod that meets the restricted level, with one container of each kind. */
function compliantPod(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hardened' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [hardenedContainer('init')],
      containers: [hardenedContainer('app')],
      ephemeralContainers: [hardenedContainer('debug')],
    },
  };
}

const pssFindings = (pod: Json) => scanYaml(stringify(pod), { rules: pssRules }).findings;

describe('Pod Security Standards coverage', () => {
  it.each(CONTROLS.map((c) => [c.control, c] as const))('%s has a rule tagged with its level', (_name, control) => {
    const rule = rules.find((r) => r.definition.id === control.rule);
    expect(rule, `rule ${control.rule}`).toBeDefined();
    const standards = rule!.definition.standards ?? [];
    expect(standards).toContain(`pss-${control.level}`);
    // Profiles are cumulative (restricted includes baseline): one level tag a rule.
    expect(standards.filter((s) => s.startsWith('pss-'))).toHaveLength(1);
  });

  it('covers the baseline and restricted levels with the expected rule sets', () => {
    const tagged = (level: Level) =>
      pssRules
        .filter((r) => r.definition.standards!.includes(`pss-${level}`))
        .map((r) => r.definition.id)
        .sort();
    expect(tagged('baseline')).toEqual(
      [...new Set(CONTROLS.filter((c) => c.level === 'baseline').map((c) => c.rule))].sort(),
    );
    expect(tagged('restricted')).toEqual(
      [...new Set(CONTROLS.filter((c) => c.level === 'restricted').map((c) => c.rule))].sort(),
    );
  });

  it('gives no PSS finding for a restricted-compliant pod', () => {
    expect(pssFindings(compliantPod())).toEqual([]);
  });

  const podControls = CONTROLS.filter((c) => c.breakPod);
  it.each(podControls.map((c) => [c.control, c] as const))('%s: a violation is reported by its rule only', (_name, control) => {
    const pod = compliantPod();
    control.breakPod!(pod);
    const findings = pssFindings(pod);
    expect(findings.length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set([control.rule]));
  });

  const containerControls = CONTROLS.filter((c) => c.breakContainer);
  const lists = [
    ['initContainers', 'init'],
    ['containers', 'app'],
    ['ephemeralContainers', 'debug'],
  ] as const;
  describe.each(lists)('in %s', (list, name) => {
    it.each(containerControls.map((c) => [c.control, c] as const))('%s: reported once, for that container, by its rule only', (_name, control) => {
      const pod = compliantPod();
      control.breakContainer!(pod.spec[list][0], pod);
      const findings = pssFindings(pod);
      expect(findings.map((f) => [f.ruleId, f.container])).toEqual([[control.rule, name]]);
    });
  });
});

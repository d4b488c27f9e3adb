// RBAC rule checks on Roles and ClusterRoles: '*' in verbs vs resources vs apiGroups, the core group
// "" vs '*', subresources such as pods/exec, API groups per resource, and no stacking of findings.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const RBAC_RULE_IDS = [
  'rbac-wildcard-verbs',
  'rbac-wildcard-resources',
  'rbac-wildcard-api-groups',
  'rbac-secrets-read',
  'rbac-pod-exec-attach',
  'rbac-create-pods',
  'rbac-escalate-bind-impersonate',
];
const rules = RBAC_RULE_IDS.map(builtinRule);

/** A ClusterRole with one PolicyRule written in flow style. */
const roleWith = (rule: string, kind = 'ClusterRole') => yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ${kind}
  metadata: {name: r, namespace: ns}
  rules:
    - ${rule}
`;
const idsFor = (rule: string, kind?: string) => scanYaml(roleWith(rule, kind), { rules }).findings.map((f) => f.ruleId).sort();

describe('wildcards', () => {
  it('tells a wildcard verb from a wildcard resource from a wildcard API group', () => {
    expect(idsFor('{apiGroups: [""], resources: [configmaps], verbs: ["*"]}')).toEqual(['rbac-wildcard-verbs']);
    expect(idsFor('{apiGroups: [""], resources: ["*"], verbs: [get]}')).toEqual(['rbac-wildcard-resources']);
    expect(idsFor('{apiGroups: ["*"], resources: [configmaps], verbs: [get]}')).toEqual(['rbac-wildcard-api-groups']);
  });

  it('reports */*/* once a rule, not again as secrets, exec, create-pods and escalate', () => {
    expect(idsFor('{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}')).toEqual([
      'rbac-wildcard-api-groups',
      'rbac-wildcard-resources',
      'rbac-wildcard-verbs',
    ]);
  });

  it('treats the core group "" as a group, not a wildcard', () => {
    expect(idsFor('{apiGroups: [""], resources: [pods], verbs: [get]}')).toEqual([]);
  });

  it('points each finding at its own field of the right PolicyRule', () => {
    const text = yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: r, namespace: ns}
      rules:
        - apiGroups: [""]
          resources: [pods]
          verbs: [get]
        - apiGroups: ["*"]
          resources: ["*"]
          verbs: ["*"]
    `;
    const findings = scanYaml(text, { rules }).findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line]);
    expect(findings.sort()).toEqual([
      ['rbac-wildcard-api-groups', 'rules[1].apiGroups', 8],
      ['rbac-wildcard-resources', 'rules[1].resources', 9],
      ['rbac-wildcard-verbs', 'rules[1].verbs', 10],
    ]);
  });

  it('skips ClusterRoles whose rules are aggregated by the controller', () => {
    const text = yaml`
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: agg}
      aggregationRule:
        clusterRoleSelectors: [{matchLabels: {aggregate: "true"}}]
      rules:
        - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
    `;
    expect(scanYaml(text, { rules }).findings).toEqual([]);
  });
});

describe('secrets, exec and workload creation', () => {
  it.each([
    ['{apiGroups: [""], resources: [secrets], verbs: [list]}', ['rbac-secrets-read']],
    ['{apiGroups: [""], resources: [secrets], verbs: ["*"]}', ['rbac-secrets-read', 'rbac-wildcard-verbs']],
    ['{apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [tls]}', []],
    ['{apiGroups: [""], resources: [secrets], verbs: [create, delete]}', []],
    ['{apiGroups: [external-secrets.io], resources: [secrets], verbs: [get]}', []],
    ['{apiGroups: [""], resources: [pods/exec], verbs: [create]}', ['rbac-pod-exec-attach']],
    ['{apiGroups: [""], resources: [pods/attach], verbs: [get]}', ['rbac-pod-exec-attach']],
    ['{apiGroups: [""], resources: [pods, pods/log], verbs: [get, create]}', ['rbac-create-pods']],
    ['{apiGroups: [""], resources: [pods/*], verbs: [create]}', ['rbac-wildcard-resources']],
    ['{apiGroups: [""], resources: [deployments], verbs: [create]}', []],
    ['{apiGroups: [extensions], resources: [deployments], verbs: [create]}', ['rbac-create-pods']],
    ['{apiGroups: [batch], resources: [cronjobs], verbs: ["*"]}', ['rbac-create-pods', 'rbac-wildcard-verbs']],
    ['{apiGroups: [apps], resources: [deployments], verbs: [patch, update]}', []],
  ] as const)('%s -> %j', (rule, expected) => {
    expect(idsFor(rule)).toEqual(expected);
  });

  it('says a Role grants in its namespace and a ClusterRole wherever it is bound', () => {
    const rule = '{apiGroups: [""], resources: [secrets], verbs: [get]}';
    const message = (kind: string) => scanYaml(roleWith(rule, kind), { rules }).findings[0]!.message;
    expect(message('Role')).toContain('in namespace ns');
    expect(message('ClusterRole')).toContain('in every namespace it is bound for');
  });
});

describe('escalate, bind and impersonate', () => {
  it.each([
    ['{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}', true],
    ['{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}', true],
    ['{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: ["*"]}', true],
    ['{apiGroups: [rbac.authorization.k8s.io], resources: ["*"], verbs: [bind]}', true],
    ['{apiGroups: [""], resources: [serviceaccounts], verbs: ["*"]}', true],
    ['{apiGroups: [authentication.k8s.io], resources: [userextras/scopes], verbs: [impersonate]}', true],
    ['{apiGroups: [""], resources: [pods], verbs: [bind]}', false],
    ['{apiGroups: [""], resources: [roles], verbs: [escalate]}', false],
    ['{apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [get, create]}', false],
  ] as const)('%s -> %s', (rule, expected) => {
    expect(idsFor(rule).includes('rbac-escalate-bind-impersonate')).toBe(expected);
  });
});

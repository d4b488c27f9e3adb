// RBAC bindings: cluster-admin (ClusterRoleBinding vs RoleBinding, Kubernetes' own system:masters
// binding) and grants to anonymous, unauthenticated and all authenticated users.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const rules = [builtinRule('rbac-cluster-admin-binding'), builtinRule('rbac-anonymous-binding')];

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', role: string, subjects: string[], roleKind = 'ClusterRole') => yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ${kind}
  metadata: {name: b, namespace: team}
  subjects:
${subjects.map((s) => `    - ${s}`).join('\n')}
  roleRef: {kind: ${roleKind}, name: "${role}", apiGroup: rbac.authorization.k8s.io}
`;
const findingsOf = (text: string) => scanYaml(text, { rules }).findings.map((f) => [f.ruleId, f.fieldPath, f.range.start.line]);

describe('rbac-cluster-admin-binding', () => {
  it('reports both binding kinds, scoped correctly in the message', () => {
    const sa = '{kind: ServiceAccount, name: deployer, namespace: ci}';
    const cluster = scanYaml(binding('ClusterRoleBinding', 'cluster-admin', [sa]), { rules }).findings;
    const namespaced = scanYaml(binding('RoleBinding', 'cluster-admin', [sa]), { rules }).findings;
    expect(cluster.map((f) => [f.ruleId, f.fieldPath, f.range.start.line])).toEqual([['rbac-cluster-admin-binding', 'roleRef.name', 6]]);
    expect(cluster[0]!.message).toContain('every resource in every namespace');
    expect(cluster[0]!.message).toContain('ServiceAccount deployer');
    expect(namespaced[0]!.message).toContain('every resource in namespace team');
  });

  it('passes the system:masters bootstrap binding, other roles, and a Role that is only named cluster-admin', () => {
    const masters = '{kind: Group, name: "system:masters", apiGroup: rbac.authorization.k8s.io}';
    const user = '{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}';
    expect(findingsOf(binding('ClusterRoleBinding', 'cluster-admin', [masters]))).toEqual([]);
    expect(findingsOf(binding('ClusterRoleBinding', 'cluster-admin', [masters, user]))).toHaveLength(1);
    expect(findingsOf(binding('RoleBinding', 'admin', [user]))).toEqual([]);
    expect(findingsOf(binding('RoleBinding', 'cluster-admin', [user], 'Role'))).toEqual([]);
  });
});

describe('rbac-anonymous-binding', () => {
  const group = (name: string) => `{kind: Group, name: "${name}", apiGroup: rbac.authorization.k8s.io}`;

  it('reports anonymous and unauthenticated subjects in any binding, at the subject name', () => {
    const text = binding('RoleBinding', 'view', [group('team-a'), '{kind: User, name: "system:anonymous"}', group('system:unauthenticated')]);
    expect(findingsOf(text)).toEqual([
      ['rbac-anonymous-binding', 'subjects[1].name', 6],
      ['rbac-anonymous-binding', 'subjects[2].name', 7],
    ]);
  });

  it('reports system:authenticated only in a ClusterRoleBinding', () => {
    expect(findingsOf(binding('ClusterRoleBinding', 'view', [group('system:authenticated')]))).toEqual([
      ['rbac-anonymous-binding', 'subjects[0].name', 5],
    ]);
    expect(findingsOf(binding('RoleBinding', 'view', [group('system:authenticated')]))).toEqual([]);
  });

  it("passes Kubernetes' own discovery bindings", () => {
    const subjects = [group('system:authenticated'), group('system:unauthenticated')];
    expect(findingsOf(binding('ClusterRoleBinding', 'system:public-info-viewer', subjects))).toEqual([]);
  });

  it('combines with cluster-admin: anonymous cluster-admin is two findings', () => {
    const ids = findingsOf(binding('ClusterRoleBinding', 'cluster-admin', ['{kind: User, name: "system:anonymous"}'])).map((f) => f[0]);
    expect(ids.sort()).toEqual(['rbac-anonymous-binding', 'rbac-cluster-admin-binding']);
  });
});

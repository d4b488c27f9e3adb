// rolebinding-role-missing: a RoleBinding or ClusterRoleBinding whose roleRef names no role.
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

/** ClusterRoles every cluster has: the user-facing defaults and the `system:` ones. */
export function isBuiltinClusterRole(name: string): boolean {
  return ['cluster-admin', 'admin', 'edit', 'view'].includes(name) || name.startsWith('system:');
}

export const roleBindingRoleMissing: ContextCodeRule = {
  id: 'rolebinding-role-missing',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const binding of index.objects) {
      const roleRef = binding.roleRef;
      if (!binding.reported || !roleRef) continue;
      if (roleRef.kind === 'ClusterRole') {
        if (isBuiltinClusterRole(roleRef.name) || index.find('', 'ClusterRole', roleRef.name)) continue;
        const role = binding.namespace === '' ? undefined : index.find(binding.namespace, 'Role', roleRef.name);
        if (role) {
          out.push({
            object: binding,
            path: ['roleRef', 'kind'],
            message: `${binding.ref.kind} ${binding.ref.name} refers to ClusterRole ${roleRef.name}, but ${roleRef.name} is a Role in ${namespaceText(binding.namespace)}: set roleRef.kind to Role.`,
          });
        } else if (index.isComplete('')) {
          out.push({
            object: binding,
            path: roleRef.path,
            message: `${binding.ref.kind} ${binding.ref.name} refers to ClusterRole ${roleRef.name}, which is not defined in the context (complete for the cluster scope): the binding grants nothing.`,
          });
        }
      } else if (roleRef.kind === 'Role' && binding.ref.kind === 'RoleBinding') {
        if (index.find(binding.namespace, 'Role', roleRef.name)) continue;
        if (index.find('', 'ClusterRole', roleRef.name) || isBuiltinClusterRole(roleRef.name)) {
          out.push({
            object: binding,
            path: ['roleRef', 'kind'],
            message: `RoleBinding ${binding.ref.name} refers to Role ${roleRef.name}, but ${roleRef.name} is a ClusterRole: set roleRef.kind to ClusterRole.`,
          });
        } else if (index.isComplete(binding.namespace)) {
          out.push({
            object: binding,
            path: roleRef.path,
            message: `RoleBinding ${binding.ref.name} refers to Role ${roleRef.name}, which is not defined in ${namespaceText(binding.namespace)} (the context is complete for it): the binding grants nothing.`,
          });
        }
      }
    }
    return out;
  },
};

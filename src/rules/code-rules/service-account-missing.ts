// service-account-missing: a pod template runs as a ServiceAccount that is not defined.
// Kubernetes refuses to create such pods. `default` exists in every namespace.
import { closestName } from '../../schema/validate-kubernetes-schema.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

export const serviceAccountMissing: ContextCodeRule = {
  id: 'service-account-missing',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const workload of index.objects) {
      const name = workload.workload?.serviceAccountName;
      const path = workload.workload?.serviceAccountPath;
      if (!workload.reported || !name || !path || name === 'default') continue;
      if (index.find(workload.namespace, 'ServiceAccount', name) || !index.isComplete(workload.namespace)) continue;
      const near = closestName(name, index.inNamespace(workload.namespace, 'ServiceAccount').map((sa) => sa.ref.name));
      out.push({
        object: workload,
        path,
        message: `${workload.ref.kind} ${workload.ref.name} runs as ServiceAccount ${name}, which is not defined in ${namespaceText(workload.namespace)} (the context is complete for it): its pods would not be created.${near ? ` Did you mean ${near}?` : ''}`,
      });
    }
    return out;
  },
};

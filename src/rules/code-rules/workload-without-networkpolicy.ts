// workload-without-networkpolicy: pods that no NetworkPolicy selects accept traffic from anywhere.
// Absence can only be known when the context is complete for the namespace. An empty podSelector
// (a namespace-wide default policy) selects every pod.
import { selectorMatches } from '../../context/context-index.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

export const workloadWithoutNetworkPolicy: ContextCodeRule = {
  id: 'workload-without-networkpolicy',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const workload of index.objects) {
      if (!workload.reported || !workload.workload || !index.isComplete(workload.namespace)) continue;
      const podLabels = workload.workload.podLabels;
      const covered = index.inNamespace(workload.namespace, 'NetworkPolicy').some((policy) => policy.selector && selectorMatches(policy.selector, podLabels));
      if (covered) continue;
      out.push({
        object: workload,
        path: ['metadata', 'name'],
        message: `No NetworkPolicy in ${namespaceText(workload.namespace)} selects the pods of ${workload.ref.kind} ${workload.ref.name}: they accept traffic from any pod in the cluster.`,
      });
    }
    return out;
  },
};

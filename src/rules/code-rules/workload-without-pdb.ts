// workload-without-pdb: a workload run with two or more replicas that no PodDisruptionBudget covers.
// Absence can only be known when the context is complete for the namespace.
import { selectorMatches, type ContextIndex, type IndexedObject } from '../../context/context-index.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

/** Replicas the workload runs with at least: spec.replicas, or an HPA's minReplicas when one targets it. */
export function minimumReplicas(index: ContextIndex, workload: IndexedObject): number | undefined {
  const replicas = workload.workload?.replicas;
  if (replicas === undefined) return undefined;
  const hpa = index
    .inNamespace(workload.namespace, 'HorizontalPodAutoscaler')
    .find((h) => h.scaleTarget?.kind === workload.ref.kind && h.scaleTarget.name === workload.ref.name);
  return hpa?.minReplicas ?? replicas;
}

export const workloadWithoutPdb: ContextCodeRule = {
  id: 'workload-without-pdb',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const workload of index.objects) {
      if (!workload.reported || !workload.workload || !index.isComplete(workload.namespace)) continue;
      const replicas = minimumReplicas(index, workload);
      if (replicas === undefined || replicas < 2) continue;
      const podLabels = workload.workload.podLabels;
      const covered = index.inNamespace(workload.namespace, 'PodDisruptionBudget').some((pdb) => pdb.selector && selectorMatches(pdb.selector, podLabels));
      if (covered) continue;
      out.push({
        object: workload,
        path: ['spec', 'replicas'],
        identityPath: ['metadata', 'name'],
        message: `${workload.ref.kind} ${workload.ref.name} runs ${replicas} replicas but no PodDisruptionBudget in ${namespaceText(workload.namespace)} selects its pods: a node drain may evict them all at once.`,
      });
    }
    return out;
  },
};

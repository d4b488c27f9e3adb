// pdb-min-available-exceeds-hpa-min: a PodDisruptionBudget's minAvailable is at least the minimum
// replica count its HPA may scale the workload down to, so at that size no pod may be evicted.
// Needs the PDB, the workload and the HPA all in the context; otherwise nothing is said.
import { selectorMatches } from '../../context/context-index.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';

export const pdbMinAvailableExceedsHpaMin: ContextCodeRule = {
  id: 'pdb-min-available-exceeds-hpa-min',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const pdb of index.objects) {
      if (pdb.ref.kind !== 'PodDisruptionBudget' || pdb.minAvailable === undefined || !pdb.selector) continue;
      const minAvailable = pdb.minAvailable;
      for (const workload of index.workloads(pdb.namespace)) {
        if (!selectorMatches(pdb.selector, workload.workload!.podLabels)) continue;
        const hpa = index
          .inNamespace(pdb.namespace, 'HorizontalPodAutoscaler')
          .find((h) => h.scaleTarget?.kind === workload.ref.kind && h.scaleTarget.name === workload.ref.name);
        if (!hpa || hpa.minReplicas === undefined || minAvailable < hpa.minReplicas) continue;
        const why = `PodDisruptionBudget ${pdb.ref.name} requires ${minAvailable} available pods of ${workload.ref.kind} ${workload.ref.name}, but HorizontalPodAutoscaler ${hpa.ref.name} may scale it down to ${hpa.minReplicas}: at that size no pod can be evicted, so node drains and upgrades block.`;
        // The finding belongs to the PDB; when only the HPA is under review, it goes there.
        if (pdb.reported) out.push({ object: pdb, path: ['spec', 'minAvailable'], message: why });
        else if (hpa.reported) out.push({ object: hpa, path: ['spec', 'minReplicas'], message: why });
      }
    }
    return out;
  },
};

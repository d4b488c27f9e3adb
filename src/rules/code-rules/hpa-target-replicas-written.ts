// hpa-target-replicas-written: a workload that an HPA scales also writes spec.replicas, so every
// apply of the manifest (each GitOps sync) resets the count the autoscaler chose. Needs the workload
// and the HPA in the context; otherwise nothing is said.
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';

export const hpaTargetReplicasWritten: ContextCodeRule = {
  id: 'hpa-target-replicas-written',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const hpa of index.objects) {
      const target = hpa.scaleTarget;
      if (hpa.ref.kind !== 'HorizontalPodAutoscaler' || !target) continue;
      const workload = index.find(hpa.namespace, target.kind, target.name);
      if (!workload?.workload?.replicasWritten) continue;
      const why = `${workload.ref.kind} ${workload.ref.name} sets spec.replicas to ${workload.workload.replicas}, but HorizontalPodAutoscaler ${hpa.ref.name} scales it: every apply of this manifest resets the replica count the autoscaler chose. Remove spec.replicas and let the autoscaler own it.`;
      // The finding belongs to the workload; when only the HPA is under review, it goes there.
      if (workload.reported) out.push({ object: workload, path: ['spec', 'replicas'], message: why });
      else if (hpa.reported) out.push({ object: hpa, path: target.path, message: why });
    }
    return out;
  },
};

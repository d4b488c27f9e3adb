// hpa-target-missing: a HorizontalPodAutoscaler whose scaleTargetRef names nothing in the context.
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { namespaceText } from './workload-selection.ts';

export const hpaTargetMissing: ContextCodeRule = {
  id: 'hpa-target-missing',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const hpa of index.objects) {
      const target = hpa.scaleTarget;
      if (!hpa.reported || hpa.ref.kind !== 'HorizontalPodAutoscaler' || !target) continue;
      if (index.find(hpa.namespace, target.kind, target.name)) continue;
      // A workload of that name but another kind is in the context: the kind is wrong.
      const other = index.inNamespace(hpa.namespace).find((o) => o.ref.name === target.name && o.workload?.replicas !== undefined);
      if (other) {
        out.push({
          object: hpa,
          path: ['spec', 'scaleTargetRef', 'kind'],
          message: `HorizontalPodAutoscaler ${hpa.ref.name} targets ${target.kind} ${target.name}, but ${target.name} in ${namespaceText(hpa.namespace)} is a ${other.ref.kind}: nothing would be scaled.`,
        });
      } else if (index.isComplete(hpa.namespace)) {
        out.push({
          object: hpa,
          path: target.path,
          message: `HorizontalPodAutoscaler ${hpa.ref.name} targets ${target.kind} ${target.name}, which is not defined in ${namespaceText(hpa.namespace)} (the context is complete for it): nothing would be scaled.`,
        });
      }
    }
    return out;
  },
};

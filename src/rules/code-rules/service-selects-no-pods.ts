// service-selects-no-pods: a Service whose selector matches no pod template in the context.
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { describeLabels, namespaceText, selectWorkloads } from './workload-selection.ts';

export const serviceSelectsNoPods: ContextCodeRule = {
  id: 'service-selects-no-pods',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const service of index.objects) {
      const selector = service.serviceSelector;
      if (!service.reported || service.ref.kind !== 'Service' || !selector || Object.keys(selector).length === 0) continue;
      const selection = selectWorkloads(index, service.namespace, { matchLabels: selector, matchExpressions: [] }, service.ref.name);
      if (selection.verdict === 'selects') continue;
      const wanted = describeLabels(selector);
      if (selection.verdict === 'near-miss') {
        const { workload, differing } = selection;
        out.push({
          object: service,
          path: ['spec', 'selector', differing[0]!],
          message: `Service ${service.ref.name} selects ${wanted}, but no pods in ${namespaceText(service.namespace)} carry those labels: ${workload.ref.kind} ${workload.ref.name} labels its pods ${describeLabels(workload.workload!.podLabels, differing)}. The Service would have no endpoints.`,
        });
      } else if (index.isComplete(service.namespace)) {
        out.push({
          object: service,
          path: ['spec', 'selector'],
          message: `Service ${service.ref.name} selects ${wanted}, but no workload in ${namespaceText(service.namespace)} creates pods with those labels, and the context is complete for it. The Service would have no endpoints.`,
        });
      }
    }
    return out;
  },
};

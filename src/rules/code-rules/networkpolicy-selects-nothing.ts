// networkpolicy-selects-nothing: a NetworkPolicy whose podSelector matches no pod in the context.
// An empty podSelector selects every pod of the namespace, so it never selects nothing.
import { isEmptySelector } from '../../context/context-index.ts';
import type { ContextCodeRule, ContextViolation } from './code-rule.ts';
import { describeLabels, namespaceText, selectWorkloads } from './workload-selection.ts';

export const networkPolicySelectsNothing: ContextCodeRule = {
  id: 'networkpolicy-selects-nothing',
  phase: 'context',
  check(index) {
    const out: ContextViolation[] = [];
    for (const policy of index.objects) {
      const selector = policy.selector;
      if (!policy.reported || policy.ref.kind !== 'NetworkPolicy' || !selector || isEmptySelector(selector)) continue;
      const selection = selectWorkloads(index, policy.namespace, selector, policy.ref.name);
      if (selection.verdict === 'selects') continue;
      if (selection.verdict === 'near-miss') {
        const { workload, differing } = selection;
        out.push({
          object: policy,
          path: ['spec', 'podSelector', 'matchLabels', differing[0]!],
          message: `NetworkPolicy ${policy.ref.name} selects pods with ${describeLabels(selector.matchLabels)}, but ${workload.ref.kind} ${workload.ref.name} labels its pods ${describeLabels(workload.workload!.podLabels, differing)}: the policy isolates no pod in ${namespaceText(policy.namespace)}.`,
        });
      } else if (index.isComplete(policy.namespace)) {
        out.push({
          object: policy,
          path: ['spec', 'podSelector'],
          message: `NetworkPolicy ${policy.ref.name} selects no pod of any workload in ${namespaceText(policy.namespace)}, and the context is complete for it: the policy has no effect.`,
        });
      }
    }
    return out;
  },
};

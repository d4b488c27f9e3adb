// Shared by the rules that ask "does this selector pick any pods in the context?". The answer is
// three-valued: pods match; none match but a workload is a near miss (clearly meant, wrongly
// labelled), or none match and nothing says more (unknown unless the namespace is complete).
import { selectorMatches, type ContextIndex, type IndexedObject, type LabelSelector } from '../../context/context-index.ts';

export type Selection =
  | { verdict: 'selects'; workloads: IndexedObject[] }
  | { verdict: 'near-miss'; workload: IndexedObject; differing: string[] }
  | { verdict: 'none' };

/**
 * A near miss is a workload whose pod labels carry every `matchLabels` key of the selector but with
 * another value for some (`app: web` vs `app: web-v2`): the selector was clearly written for it.
 */
export function selectWorkloads(index: ContextIndex, namespace: string, selector: LabelSelector): Selection {
  const workloads = index.workloads(namespace);
  const keys = Object.keys(selector.matchLabels);
  // Every matchLabels pair must hold, so the workloads carrying the first one are the only candidates.
  const candidates = keys.length > 0 ? index.workloadsWithLabel(namespace, keys[0]!, selector.matchLabels[keys[0]!]!) : workloads;
  const selected = candidates.filter((w) => selectorMatches(selector, w.workload!.podLabels));
  if (selected.length > 0) return { verdict: 'selects', workloads: selected };
  if (keys.length > 0) {
    for (const workload of workloads) {
      const labels = workload.workload!.podLabels;
      if (!keys.every((key) => Object.hasOwn(labels, key))) continue;
      const differing = keys.filter((key) => labels[key] !== selector.matchLabels[key]);
      return { verdict: 'near-miss', workload, differing };
    }
  }
  return { verdict: 'none' };
}

export function describeLabels(labels: Record<string, string>, keys: readonly string[] = Object.keys(labels)): string {
  return keys.map((key) => `${key}=${labels[key] ?? ''}`).join(', ');
}

export function namespaceText(namespace: string): string {
  return namespace === '' ? 'the cluster scope' : `namespace ${namespace}`;
}

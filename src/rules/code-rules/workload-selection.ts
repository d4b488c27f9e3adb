// Shared by the rules that ask "does this selector pick any pods in the context?". The answer is
// three-valued: pods match; none match but a workload is a near miss (clearly meant, wrongly
// labelled), or none match and nothing says more (unknown unless the namespace is complete).
import { selectorMatches, type ContextIndex, type IndexedObject, type LabelSelector } from '../../context/context-index.ts';
import { closestName } from '../../schema/validate-kubernetes-schema.ts';

export type Selection =
  | { verdict: 'selects'; workloads: IndexedObject[] }
  | { verdict: 'near-miss'; workload: IndexedObject; differing: string[] }
  | { verdict: 'none' };

/**
 * A near miss is a workload whose pod labels carry every `matchLabels` key of the selector, with
 * another value for some, where the selector was clearly written for it: the workload has the
 * selecting object's name (Service `web`, Deployment `web`), or each differing value is a slip of the
 * wanted one (`web` and `web-v2`, `frontend` and `fronted`). Another app's labels (`app: api` for a
 * selector `app: web`) are not a near miss: the intended pods may simply be outside the context.
 */
export function selectWorkloads(index: ContextIndex, namespace: string, selector: LabelSelector, selectingName?: string): Selection {
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
      const sameName = selectingName !== undefined && workload.ref.name === selectingName;
      if (sameName || differing.every((key) => isSlip(selector.matchLabels[key]!, labels[key]!))) {
        return { verdict: 'near-miss', workload, differing };
      }
    }
  }
  return { verdict: 'none' };
}

/** One value is the other with a suffix (`web`, `web-v2`) or a typo away from it. */
export function isSlip(wanted: string, found: string): boolean {
  const [short, long] = wanted.length <= found.length ? [wanted, found] : [found, wanted];
  if (short.length >= 2 && (long.startsWith(`${short}-`) || long.startsWith(`${short}.`) || long.startsWith(`${short}_`))) return true;
  return closestName(wanted, [found]) !== undefined;
}

export function describeLabels(labels: Record<string, string>, keys: readonly string[] = Object.keys(labels)): string {
  return keys.map((key) => `${key}=${labels[key] ?? ''}`).join(', ');
}

export function namespaceText(namespace: string): string {
  return namespace === '' ? 'the cluster scope' : `namespace ${namespace}`;
}

// Where the pod spec sits in each workload kind ("targets" in Polaris' words). Extra kinds, such as
// Argo Rollouts, are declared in config with the same shape.
import type { FieldPath } from '../types.ts';

export interface WorkloadKind {
  kind: string;
  /** apiVersion group to match, e.g. "argoproj.io"; omitted matches any group. */
  group?: string;
  podSpecPath: FieldPath;
}

// Built-ins match any API group: Deployments under the removed extensions/v1beta1 must still be checked.
export const BUILTIN_WORKLOAD_KINDS: readonly WorkloadKind[] = [
  { kind: 'Pod', podSpecPath: ['spec'] },
  { kind: 'PodTemplate', podSpecPath: ['template', 'spec'] },
  { kind: 'ReplicationController', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'Deployment', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'StatefulSet', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'DaemonSet', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'ReplicaSet', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'Job', podSpecPath: ['spec', 'template', 'spec'] },
  { kind: 'CronJob', podSpecPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
];

/** Parses "spec.template.spec" (or "spec.containers[0]") into path segments. */
export function parseFieldPath(text: string): FieldPath {
  const segments: (string | number)[] = [];
  for (const part of text.split('.')) {
    if (part === '') throw new Error(`Empty segment in field path "${text}"`);
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw new Error(`Cannot read field path "${text}" at "${part}"`);
    segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function findWorkloadKind(
  kinds: readonly WorkloadKind[],
  apiVersion: string,
  kind: string,
): WorkloadKind | undefined {
  const group = apiGroupOf(apiVersion);
  // Later entries (from config) win over built-ins, so a team can redefine a kind.
  for (let i = kinds.length - 1; i >= 0; i--) {
    const candidate = kinds[i]!;
    if (candidate.kind === kind && (candidate.group === undefined || candidate.group === group)) return candidate;
  }
  return undefined;
}

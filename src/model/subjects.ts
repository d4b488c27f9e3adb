// What one rule evaluation sees: an object, a pod spec, or a container with its pod spec.
import { findWorkloadKind, type WorkloadKind } from './workload-kinds.ts';
import { isJsonObject, type JsonObject, type KubeObject } from './kube-object.ts';
import type { FieldPath } from '../types.ts';

export const CONTAINER_TYPES = ['container', 'initContainer', 'ephemeralContainer'] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

const CONTAINER_LISTS: Record<ContainerType, string> = {
  container: 'containers',
  initContainer: 'initContainers',
  ephemeralContainer: 'ephemeralContainers',
};

export interface PodSubject {
  object: KubeObject;
  podSpec: JsonObject;
  /** Path of the pod spec from the document root. */
  podSpecPath: FieldPath;
  /** The pod template's metadata (or the Pod's own), where annotations such as AppArmor live. */
  podMetadata: JsonObject;
  podMetadataPath: FieldPath;
}

export interface ContainerSubject extends PodSubject {
  container: JsonObject;
  containerType: ContainerType;
  containerName: string;
  /** Path of the container from the document root. */
  containerPath: FieldPath;
}

export function podSubjectOf(object: KubeObject, workloadKinds: readonly WorkloadKind[]): PodSubject | undefined {
  const workload = findWorkloadKind(workloadKinds, object.ref.apiVersion, object.ref.kind);
  if (!workload) return undefined;
  const podSpec = valueAt(object.value, workload.podSpecPath);
  if (!isJsonObject(podSpec)) return undefined;
  // The pod's metadata sits beside its spec: `template.metadata` or the Pod's own `metadata`.
  const metadataPath = [...workload.podSpecPath.slice(0, -1), 'metadata'];
  const podMetadata = valueAt(object.value, metadataPath);
  return {
    object,
    podSpec,
    podSpecPath: [...object.basePath, ...workload.podSpecPath],
    podMetadata: isJsonObject(podMetadata) ? podMetadata : {},
    podMetadataPath: [...object.basePath, ...metadataPath],
  };
}

export function containerSubjectsOf(pod: PodSubject): ContainerSubject[] {
  const out: ContainerSubject[] = [];
  for (const containerType of CONTAINER_TYPES) {
    const listKey = CONTAINER_LISTS[containerType];
    const list = pod.podSpec[listKey];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      if (!isJsonObject(container)) return;
      out.push({
        ...pod,
        container,
        containerType,
        containerName: typeof container.name === 'string' ? container.name : `${listKey}[${index}]`,
        containerPath: [...pod.podSpecPath, listKey, index],
      });
    });
  }
  return out;
}

export function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isJsonObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

// The scan context: a small summary of every Kubernetes object the scan can see (the reported files
// plus, optionally, the rest of the repository), built before cross-object rules run. Summaries hold
// identities, labels, selectors and references, never whole YAML documents, so a large repository
// costs a few hundred bytes an object. What "in the context" means is in docs/cross-object-rules.md.
import { isJsonObject, type JsonObject, type KubeObject } from '../model/kube-object.ts';
import { podSubjectOf } from '../model/subjects.ts';
import { apiGroupOf, type WorkloadKind } from '../model/workload-kinds.ts';
import type { FieldPath, ObjectRef } from '../types.ts';
import { StringPool } from '../engine/compact-copy.ts';
import type { PreLocated } from './pre-locate.ts';

/** Kinds that live outside namespaces; every other kind (CRDs included) is taken as namespaced. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'FlowSchema', 'IngressClass', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'PriorityLevelConfiguration',
  'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** A reference from one object to another by name, with where the name is written. */
export interface NameReference {
  name: string;
  /** Path of the name field from the object root. */
  path: FieldPath;
  /** Port of a Service reference (number or name), when the reference names one. */
  port?: number | string;
  portPath?: FieldPath;
}

export interface IndexedObject {
  file: string;
  /** Position of the object in its file, to find it again when a finding needs a line. */
  documentIndex: number;
  basePath: FieldPath;
  ref: ObjectRef;
  group: string;
  /** Effective namespace: the default one when unset; '' for cluster-scoped kinds. */
  namespace: string;
  /** True when the object's file is reported (not only context). */
  reported: boolean;
  labels: Record<string, string>;
  /** Workloads: labels of the pods they create, their service account and replica count. */
  workload?: {
    podLabels: Record<string, string>;
    serviceAccountName?: string;
    serviceAccountPath?: FieldPath;
    /** spec.replicas (default 1) for replicated kinds; undefined for DaemonSets, Jobs and Pods. */
    replicas?: number;
    /** True when the manifest writes spec.replicas itself (rather than leaving the default). */
    replicasWritten?: boolean;
    selector?: LabelSelector;
  };
  /** Service: `spec.selector` (absent when the Service selects no pods on purpose). */
  serviceSelector?: Record<string, string>;
  servicePorts?: { port?: number; name?: string; targetPort?: number | string }[];
  /** NetworkPolicy `spec.podSelector` and PodDisruptionBudget `spec.selector`. */
  selector?: LabelSelector;
  /** PodDisruptionBudget: integer `minAvailable`. */
  minAvailable?: number;
  /** Ingress backends. */
  backends?: NameReference[];
  /** HorizontalPodAutoscaler `spec.scaleTargetRef` and `spec.minReplicas` (default 1). */
  scaleTarget?: NameReference & { kind: string; apiVersion: string };
  minReplicas?: number;
  /** RoleBinding / ClusterRoleBinding `roleRef`. */
  roleRef?: NameReference & { kind: string };
  /** Reported objects: where their cross-object findings can point (pre-locate.ts). */
  located?: PreLocated;
}

export interface IndexOptions {
  workloadKinds: readonly WorkloadKind[];
  /** Namespace of namespaced objects that set none ('default', as kubectl without -n). */
  defaultNamespace: string;
}

const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** `strings`: the pool the summary's copy shares strings with (one per index; see the end). */
export function summarizeObject(
  object: KubeObject,
  file: string,
  reported: boolean,
  options: IndexOptions,
  strings: StringPool = new StringPool(),
): IndexedObject {
  const value = object.value;
  const metadata = objectAt(value, ['metadata']);
  const kind = object.ref.kind;
  const summary: IndexedObject = {
    file,
    documentIndex: object.documentIndex,
    basePath: object.basePath,
    ref: object.ref,
    group: apiGroupOf(object.ref.apiVersion),
    namespace: CLUSTER_SCOPED_KINDS.has(kind) ? '' : (object.ref.namespace ?? options.defaultNamespace),
    reported,
    labels: stringMap(metadata?.labels),
  };
  const pod = podSubjectOf(object, options.workloadKinds);
  if (pod) {
    const workload: NonNullable<IndexedObject['workload']> = { podLabels: stringMap(pod.podMetadata.labels) };
    const specPath = pod.podSpecPath.slice(object.basePath.length);
    for (const field of ['serviceAccountName', 'serviceAccount']) {
      const name = pod.podSpec[field];
      if (typeof name === 'string' && name !== '') {
        workload.serviceAccountName = name;
        workload.serviceAccountPath = [...specPath, field];
        break;
      }
    }
    if (REPLICATED_KINDS.has(kind)) {
      const replicas = objectAt(value, ['spec'])?.replicas;
      workload.replicas = typeof replicas === 'number' ? replicas : 1;
      if (typeof replicas === 'number') workload.replicasWritten = true;
    }
    if (kind !== 'Pod') {
      const selector = labelSelector(objectAt(value, ['spec'])?.selector);
      if (selector) workload.selector = selector;
    }
    summary.workload = workload;
  }
  const spec = objectAt(value, ['spec']);
  switch (kind) {
    case 'Service':
      if (isJsonObject(spec?.selector)) summary.serviceSelector = stringMap(spec.selector);
      if (Array.isArray(spec?.ports)) {
        summary.servicePorts = spec.ports.filter(isJsonObject).map((p) => ({
          ...(typeof p.port === 'number' ? { port: p.port } : {}),
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          ...(typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? { targetPort: p.targetPort } : {}),
        }));
      }
      break;
    case 'NetworkPolicy': {
      // An empty (or absent) podSelector selects every pod in the namespace.
      summary.selector = labelSelector(spec?.podSelector) ?? { matchLabels: {}, matchExpressions: [] };
      break;
    }
    case 'PodDisruptionBudget': {
      const selector = labelSelector(spec?.selector);
      if (selector) summary.selector = selector;
      if (typeof spec?.minAvailable === 'number') summary.minAvailable = spec.minAvailable;
      break;
    }
    case 'Ingress':
      summary.backends = ingressBackends(value);
      break;
    case 'HorizontalPodAutoscaler': {
      const target = objectAt(value, ['spec', 'scaleTargetRef']);
      if (target && typeof target.name === 'string' && typeof target.kind === 'string') {
        summary.scaleTarget = {
          name: target.name,
          kind: target.kind,
          apiVersion: typeof target.apiVersion === 'string' ? target.apiVersion : '',
          path: ['spec', 'scaleTargetRef', 'name'],
        };
      }
      summary.minReplicas = typeof spec?.minReplicas === 'number' ? spec.minReplicas : 1;
      break;
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const roleRef = objectAt(value, ['roleRef']);
      if (roleRef && typeof roleRef.name === 'string' && typeof roleRef.kind === 'string') {
        summary.roleRef = { name: roleRef.name, kind: roleRef.kind, path: ['roleRef', 'name'] };
      }
      break;
    }
  }
  // A copy (summaries are plain JSON data): the names and labels in it are views into the file's
  // text in V8, and a summary outlives the file, so without the copy the index of a whole-repository
  // context would keep every file's text alive. Pooled, the same kind, namespace or label is kept once.
  return strings.copy(summary);
}

/** networking.k8s.io/v1 (`service.name`, `service.port`) and the removed v1beta1 shape (`serviceName`). */
function ingressBackends(value: JsonObject): NameReference[] {
  const out: NameReference[] = [];
  const add = (backend: unknown, path: FieldPath): void => {
    if (!isJsonObject(backend)) return;
    const service = backend.service;
    if (isJsonObject(service) && typeof service.name === 'string') {
      const reference: NameReference = { name: service.name, path: [...path, 'service', 'name'] };
      const port = isJsonObject(service.port) ? (service.port.number ?? service.port.name) : undefined;
      if (typeof port === 'number' || typeof port === 'string') {
        reference.port = port;
        reference.portPath = [...path, 'service', 'port', typeof port === 'number' ? 'number' : 'name'];
      }
      out.push(reference);
    } else if (typeof backend.serviceName === 'string') {
      const reference: NameReference = { name: backend.serviceName, path: [...path, 'serviceName'] };
      if (typeof backend.servicePort === 'number' || typeof backend.servicePort === 'string') {
        reference.port = backend.servicePort;
        reference.portPath = [...path, 'servicePort'];
      }
      out.push(reference);
    }
  };
  const spec = objectAt(value, ['spec']);
  if (!spec) return out;
  add(spec.defaultBackend, ['spec', 'defaultBackend']);
  add(spec.backend, ['spec', 'backend']);
  if (Array.isArray(spec.rules)) {
    spec.rules.forEach((rule, r) => {
      const paths = isJsonObject(rule) && isJsonObject(rule.http) ? rule.http.paths : undefined;
      if (!Array.isArray(paths)) return;
      paths.forEach((entry, p) => {
        if (isJsonObject(entry)) add(entry.backend, ['spec', 'rules', r, 'http', 'paths', p, 'backend']);
      });
    });
  }
  return out;
}

export function labelSelector(value: unknown): LabelSelector | undefined {
  if (!isJsonObject(value)) return undefined;
  const matchExpressions = Array.isArray(value.matchExpressions)
    ? value.matchExpressions.filter(isJsonObject).map((e) => ({
        key: String(e.key ?? ''),
        operator: String(e.operator ?? ''),
        values: Array.isArray(e.values) ? e.values.map(String) : [],
      }))
    : [];
  return { matchLabels: stringMap(value.matchLabels), matchExpressions };
}

/** Label selector semantics as the API server applies them; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, wanted] of Object.entries(selector.matchLabels)) if (labels[key] !== wanted) return false;
  for (const { key, operator, values } of selector.matchExpressions) {
    const has = Object.hasOwn(labels, key);
    const ok =
      operator === 'In' ? has && values.includes(labels[key]!)
      : operator === 'NotIn' ? !has || !values.includes(labels[key]!)
      : operator === 'Exists' ? has
      : operator === 'DoesNotExist' ? !has
      : false;
    if (!ok) return false;
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}

export interface ContextIndexOptions {
  /** Namespaces the context holds in full ('*' for every namespace and cluster-scoped kind). */
  completeNamespaces?: readonly string[];
}

/** All indexed objects, with look-ups by namespace and kind. */
export class ContextIndex {
  readonly objects: IndexedObject[] = [];
  readonly #byNamespace = new Map<string, IndexedObject[]>();
  /** namespace -> kind -> objects, and namespace -> workloads: rules ask these once per object. */
  readonly #byKind = new Map<string, Map<string, IndexedObject[]>>();
  readonly #workloads = new Map<string, IndexedObject[]>();
  /** "namespace\0key=value" of pod labels -> workloads, so a selector looks at candidates only. */
  readonly #workloadsByLabel = new Map<string, IndexedObject[]>();
  readonly #complete: ReadonlySet<string>;

  constructor(options: ContextIndexOptions = {}) {
    this.#complete = new Set(options.completeNamespaces ?? []);
  }

  add(object: IndexedObject): void {
    this.objects.push(object);
    push(this.#byNamespace, object.namespace, object);
    let kinds = this.#byKind.get(object.namespace);
    if (!kinds) this.#byKind.set(object.namespace, (kinds = new Map()));
    push(kinds, object.ref.kind, object);
    if (object.workload) {
      push(this.#workloads, object.namespace, object);
      for (const [key, value] of Object.entries(object.workload.podLabels)) {
        push(this.#workloadsByLabel, `${object.namespace}\u0000${key}=${value}`, object);
      }
    }
  }

  /** Objects in a namespace ('' for cluster-scoped), optionally of one kind. */
  inNamespace(namespace: string, kind?: string): IndexedObject[] {
    if (kind === undefined) return this.#byNamespace.get(namespace) ?? [];
    return this.#byKind.get(namespace)?.get(kind) ?? [];
  }

  find(namespace: string, kind: string, name: string): IndexedObject | undefined {
    return this.inNamespace(namespace, kind).find((o) => o.ref.name === name);
  }

  /** Objects that create pods, in a namespace. */
  workloads(namespace: string): IndexedObject[] {
    return this.#workloads.get(namespace) ?? [];
  }

  /** Workloads whose pods carry the label key=value, in a namespace. */
  workloadsWithLabel(namespace: string, key: string, value: string): IndexedObject[] {
    return this.#workloadsByLabel.get(`${namespace}\u0000${key}=${value}`) ?? [];
  }

  /**
   * True when the caller declared that the context holds every object of this namespace ('' is the
   * cluster scope): only then is "not in the context" the same as "does not exist".
   */
  isComplete(namespace: string): boolean {
    return this.#complete.has('*') || this.#complete.has(namespace);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function objectAt(value: unknown, path: readonly string[]): JsonObject | undefined {
  let current: unknown = value;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return isJsonObject(current) ? current : undefined;
}

/** Label maps as Kubernetes stores them: string values only (anything else is a schema error). */
function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

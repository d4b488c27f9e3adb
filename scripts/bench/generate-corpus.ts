// A deterministic corpus of realistic GitOps manifests for the benchmark: every workload kind, RBAC,
// Services, Ingresses, CRDs and custom resources, written as hand-written YAML is (comments, anchors,
// flow and block style, multi-document files, List kinds). Most objects are careful, some are not, so
// the scan does the work a real repository asks of it (findings, locations, fixes).
// `node scripts/bench/generate-corpus.ts <resources> <dir> [seed]` writes one; the bench imports it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../seeded-random.ts';

export interface CorpusSummary {
  files: number;
  resources: number;
  bytes: number;
  kinds: Record<string, number>;
}

interface Generated {
  /** YAML documents (without `---`), each one Kubernetes object, or a List holding `items` of them. */
  documents: string[];
  kinds: string[];
}

class ManifestWriter {
  readonly #random: () => number;
  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  chance(p: number): boolean {
    return this.#random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)]!;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }

  /** A team's application: the workload and what usually ships next to it, in one multi-doc file. */
  appBundle(namespace: string, name: string): Generated {
    const kind = this.pick(['Deployment', 'Deployment', 'Deployment', 'StatefulSet', 'DaemonSet']);
    const careful = this.chance(0.75);
    const documents = [this.workload(kind, namespace, name, careful)];
    const kinds = [kind];
    const add = (doc: string, k: string) => {
      documents.push(doc);
      kinds.push(k);
    };
    if (kind !== 'DaemonSet' || this.chance(0.3)) add(this.service(namespace, name, careful), 'Service');
    if (this.chance(0.5)) add(this.ingress(namespace, name, careful), 'Ingress');
    if (kind === 'Deployment' && this.chance(0.6)) add(this.hpa(namespace, name), 'HorizontalPodAutoscaler');
    if (kind !== 'DaemonSet' && this.chance(0.6)) add(this.pdb(namespace, name), 'PodDisruptionBudget');
    if (this.chance(0.5)) add(this.networkPolicy(namespace, name), 'NetworkPolicy');
    if (this.chance(0.6)) add(this.serviceAccount(namespace, name), 'ServiceAccount');
    if (this.chance(0.5)) add(this.configMap(namespace, `${name}-config`, careful), 'ConfigMap');
    return { documents, kinds };
  }

  workload(kind: string, namespace: string, name: string, careful: boolean): string {
    const podSpec = this.podSpec(name, careful, kind === 'Job' || kind === 'CronJob' ? 'OnFailure' : undefined);
    const apiVersion = kind === 'Job' ? 'batch/v1' : kind === 'CronJob' ? 'batch/v1' : kind === 'Pod' || kind === 'ReplicationController' ? 'v1' : 'apps/v1';
    const head = `# ${name}: owned by team ${this.pick(['payments', 'search', 'platform', 'growth', 'data'])}
apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: &labels
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: ${namespace}
`;
    if (kind === 'Pod') return `${head}spec:\n${indent(podSpec, 2)}`;
    const template = `template:
  metadata:
    labels: *labels
    annotations:
      prometheus.io/scrape: "true"
  spec:
${indent(podSpec, 4)}`;
    if (kind === 'Job') return `${head}spec:\n  backoffLimit: 3\n  ttlSecondsAfterFinished: 3600\n${indent(template, 2)}`;
    if (kind === 'CronJob') {
      return `${head}spec:
  schedule: "${this.int(0, 59)} ${this.int(0, 23)} * * *"
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 300
  jobTemplate:
    spec:
      backoffLimit: 2
${indent(template, 6)}`;
    }
    const selector = kind === 'ReplicationController' ? `  selector: *labels\n` : `  selector:\n    matchLabels: *labels\n`;
    let strategy = '';
    if (kind === 'Deployment') strategy = `  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}\n`;
    if (kind === 'StatefulSet') strategy = `  serviceName: ${name}\n  podManagementPolicy: Parallel\n`;
    const replicas = kind === 'DaemonSet' ? '' : `  replicas: ${careful ? this.int(2, 6) : this.pick([1, 3])}\n`;
    const claims =
      kind === 'StatefulSet'
        ? `  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: ${this.pick(['1Gi', '10Gi', '50Gi'])}
`
        : '';
    return `${head}spec:\n${replicas}${selector}${strategy}${indent(template, 2)}${claims}`;
  }

  podSpec(name: string, careful: boolean, restartPolicy?: string): string {
    const containers = [this.container(name, careful, 'app', restartPolicy === undefined)];
    if (this.chance(0.3)) containers.push(this.container(name, careful || this.chance(0.5), 'proxy', restartPolicy === undefined));
    const init = this.chance(0.2) ? `initContainers:\n${indent(this.container(name, careful, 'migrate', false), 2, '- ')}` : '';
    const lines = [
      restartPolicy ? `restartPolicy: ${restartPolicy}` : '',
      `serviceAccountName: ${careful ? name : 'default'}`,
      careful ? 'automountServiceAccountToken: false' : '',
      careful ? `priorityClassName: ${this.pick(['standard', 'critical'])}` : '',
      careful
        ? 'securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n  fsGroup: 10001\n  seccompProfile:\n    type: RuntimeDefault'
        : this.chance(0.2)
          ? 'hostNetwork: true'
          : '',
      careful && this.chance(0.7)
        ? `topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector:\n      matchLabels:\n        app.kubernetes.io/name: ${name}`
        : '',
      init,
      `containers:\n${containers.map((c) => indent(c, 2, '- ')).join('')}`,
      `volumes:\n  - name: tmp\n    emptyDir: {}\n${careful ? '' : this.pick(['  - name: logs\n    hostPath:\n      path: /var/log\n', '  - name: config\n    configMap:\n      name: ' + name + '-config\n'])}`,
    ];
    return lines.filter((l) => l !== '').map((l) => (l.endsWith('\n') ? l : `${l}\n`)).join('');
  }

  container(name: string, careful: boolean, role: string, probes: boolean): string {
    const registry = this.pick(['registry.example.com', 'ghcr.io/acme', 'docker.io/library']);
    const image = careful
      ? `${registry}/${name}:${this.int(1, 9)}.${this.int(0, 20)}.${this.int(0, 9)}`
      : this.pick([`${name}:latest`, `${registry}/${name}`, `${registry}/${name}:1.${this.int(0, 9)}`]);
    const port = this.pick([8080, 8443, 9000, 3000]);
    const lines = [
      `name: ${role}`,
      `image: ${image}`,
      careful ? 'imagePullPolicy: IfNotPresent' : '',
      role === 'migrate' ? 'command: ["/bin/migrate", "--up"]' : `ports:\n  - name: http\n    containerPort: ${port}\n    protocol: TCP`,
      `env:\n  - name: LOG_LEVEL\n    value: ${this.pick(['info', 'debug', '"warn"'])}\n  - name: POD_NAMESPACE\n    valueFrom:\n      fieldRef: {fieldPath: metadata.namespace}` +
        (careful ? '' : this.chance(0.3) ? '\n  - name: DB_PASSWORD\n    value: "hunter2-not-a-real-secret"' : ''),
      careful || this.chance(0.4)
        ? `resources:\n  requests:\n    cpu: ${this.pick(['50m', '100m', '250m', '0.5'])}\n    memory: ${this.pick(['64Mi', '128Mi', '512Mi'])}\n  limits:\n    cpu: "${this.pick(['1', '2'])}"\n    memory: ${this.pick(['256Mi', '1Gi'])}`
        : '',
      probes && role !== 'migrate' && (careful || this.chance(0.5))
        ? `readinessProbe:\n  httpGet: {path: /ready, port: http}\n  periodSeconds: 5\nlivenessProbe:\n  httpGet: {path: /healthz, port: http}\n  initialDelaySeconds: 10`
        : '',
      careful
        ? 'securityContext:\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n  capabilities:\n    drop: ["ALL"]'
        : this.pick(['', 'securityContext:\n  privileged: true', 'securityContext:\n  capabilities:\n    add: [NET_ADMIN]']),
      'volumeMounts:\n  - name: tmp\n    mountPath: /tmp',
    ];
    return lines.filter((l) => l !== '').map((l) => `${l}\n`).join('');
  }

  service(namespace: string, name: string, careful: boolean): string {
    const type = careful ? 'ClusterIP' : this.pick(['ClusterIP', 'NodePort', 'LoadBalancer']);
    return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: ${type}
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http # the container's named port
`;
  }

  ingress(namespace: string, name: string, careful: boolean): string {
    const tls = careful ? `  tls:\n    - hosts: [${name}.example.com]\n      secretName: ${name}-tls\n` : '';
    return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
${tls}  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port: {name: http}
`;
  }

  hpa(namespace: string, name: string): string {
    const min = this.int(2, 4);
    return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  minReplicas: ${min}
  maxReplicas: ${min + this.int(2, 20)}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
`;
  }

  pdb(namespace: string, name: string): string {
    return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  ${this.chance(0.5) ? 'maxUnavailable: 1' : 'minAvailable: 1'}
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
`;
  }

  networkPolicy(namespace: string, name: string): string {
    return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
`;
  }

  serviceAccount(namespace: string, name: string): string {
    return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
automountServiceAccountToken: false
`;
  }

  configMap(namespace: string, name: string, careful: boolean): string {
    const extra = careful ? '' : '  api_token: "tok_live_0123456789abcdef0123456789"\n';
    return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  LOG_FORMAT: json
  FEATURE_FLAGS: "search,checkout"
${extra}  app.properties: |
    server.port=8080
    cache.ttl=${this.int(10, 600)}s
`;
  }

  rbac(namespace: string, name: string): Generated {
    const loose = this.chance(0.2);
    const rules = loose
      ? `  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n`
      : `  - apiGroups: [""]\n    resources: [configmaps, services]\n    verbs: [get, list, watch]\n  - apiGroups: [apps]\n    resources: [deployments]\n    verbs: [get, list, watch, patch]\n`;
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
  namespace: ${namespace}
rules:
${rules}`;
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}
  namespace: ${namespace}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: ${namespace}
`;
    return { documents: [role, binding], kinds: ['Role', 'RoleBinding'] };
  }

  clusterRbac(name: string): Generated {
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}-reader
rules:
  - apiGroups: ["", apps, batch]
    resources: [pods, deployments, jobs]
    verbs: [get, list, watch]
${this.chance(0.3) ? '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get, list]\n' : ''}`;
    const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}-reader
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${this.chance(0.1) ? 'cluster-admin' : `${name}-reader`}}
subjects:
  - {kind: Group, name: ${name}-team, apiGroup: rbac.authorization.k8s.io}
`;
    return { documents: [role, binding], kinds: ['ClusterRole', 'ClusterRoleBinding'] };
  }

  crd(group: string, kind: string): string {
    const plural = `${kind.toLowerCase()}s`;
    return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
                tier: {type: string, enum: [gold, silver]}
`;
  }

  customResource(group: string, kind: string, namespace: string, name: string): string {
    return `apiVersion: ${group}/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  size: ${this.int(1, 5)}
  tier: ${this.pick(['gold', 'silver'])}
`;
  }

  /** Several ConfigMaps as one `List` (what `kubectl get -o yaml` writes). */
  list(namespace: string, name: string, count: number): Generated {
    const items = Array.from({ length: count }, (_, i) =>
      indent(this.configMap(namespace, `${name}-${i}`, true), 4).replace(/^ {4}/, '  - '),
    ).join('');
    return { documents: [`apiVersion: v1\nkind: List\nitems:\n${items}`], kinds: Array(count).fill('ConfigMap') };
  }
}

function indent(text: string, spaces: number, firstPrefix?: string): string {
  const pad = ' '.repeat(spaces);
  const lines = text.replace(/\n$/, '').split('\n');
  return lines
    .map((line, i) => {
      if (i === 0 && firstPrefix) return `${' '.repeat(Math.max(0, spaces - firstPrefix.length))}${firstPrefix}${line}`;
      if (firstPrefix) return `${' '.repeat(spaces)}${line}`;
      return line === '' ? '' : `${pad}${line}`;
    })
    .join('\n')
    .concat('\n');
}

/** Writes about `resources` Kubernetes objects under `dir` (cleared first); same seed, same bytes. */
export function generateCorpus(resources: number, dir: string, seed = 1): CorpusSummary {
  rmSync(dir, { recursive: true, force: true });
  const writer = new ManifestWriter(seed);
  const summary: CorpusSummary = { files: 0, resources: 0, bytes: 0, kinds: {} };
  const groups = ['acme.io', 'example.com', 'widgets.dev'];
  const crdKinds = ['Widget', 'Gadget', 'Cache'];
  let index = 0;
  const write = (relative: string, generated: Generated) => {
    const text = generated.documents.map((d, i) => (i === 0 ? d : `---\n${d}`)).join('');
    const path = join(dir, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    summary.files += 1;
    summary.bytes += Buffer.byteLength(text);
    summary.resources += generated.kinds.length;
    for (const kind of generated.kinds) summary.kinds[kind] = (summary.kinds[kind] ?? 0) + 1;
  };
  crdKinds.forEach((kind, i) => write(`crds/${kind.toLowerCase()}.yaml`, { documents: [writer.crd(groups[i]!, kind)], kinds: ['CustomResourceDefinition'] }));
  while (summary.resources < resources) {
    index += 1;
    const team = `team-${index % 40}`;
    const name = `svc-${index}`;
    const roll = writer.int(0, 99);
    const file = `apps/${team}/${name}`;
    if (roll < 55) write(`${file}.yaml`, writer.appBundle(team, name));
    else if (roll < 63) write(`${file}-job.yaml`, { documents: [writer.workload('Job', team, name, writer.chance(0.7))], kinds: ['Job'] });
    else if (roll < 71) write(`${file}-cron.yaml`, { documents: [writer.workload('CronJob', team, name, writer.chance(0.7))], kinds: ['CronJob'] });
    else if (roll < 74) write(`${file}-pod.yml`, { documents: [writer.workload('Pod', team, name, writer.chance(0.5))], kinds: ['Pod'] });
    else if (roll < 76) {
      const kind = writer.pick(['ReplicaSet', 'ReplicationController']);
      write(`${file}-rs.yaml`, { documents: [writer.workload(kind, team, name, true)], kinds: [kind] });
    }
    else if (roll < 86) write(`rbac/${team}/${name}.yaml`, writer.rbac(team, name));
    else if (roll < 89) write(`rbac/cluster/${name}.yaml`, writer.clusterRbac(name));
    else if (roll < 95) {
      const i = writer.int(0, crdKinds.length - 1);
      write(`custom/${team}/${name}.yaml`, { documents: [writer.customResource(groups[i]!, crdKinds[i]!, team, name)], kinds: [crdKinds[i]!] });
    } else write(`config/${team}/${name}-list.yaml`, writer.list(team, name, writer.int(2, 6)));
  }
  return summary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count, dir, seed] = process.argv.slice(2);
  if (!count || !dir) {
    console.error('usage: node scripts/bench/generate-corpus.ts <resources> <dir> [seed]');
    process.exit(2);
  }
  console.log(JSON.stringify(generateCorpus(Number(count), dir, seed ? Number(seed) : 1), null, 2));
}

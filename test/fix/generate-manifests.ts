// Real-looking manifest files for property tests: every workload kind, Lists, multi-document streams,
// block and flow style, quoting, comments, 2- and 4-space indentation, null and empty parents, CRLF.
// Structure comes from fast-check; styling choices from a seeded PRNG so a case replays exactly.
import fc from 'fast-check';
import { Document, isScalar, visit, type Scalar } from 'yaml';
import { mulberry32 } from '../../scripts/seeded-random.ts';

type Json = Record<string, unknown>;

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

const capabilities = fc.record(
  {
    add: fc.subarray(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE']),
    drop: fc.subarray(['ALL', 'NET_RAW', 'MKNOD']),
  },
  { requiredKeys: [] },
);

const securityContext = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        runAsNonRoot: fc.boolean(),
        runAsUser: fc.constantFrom(0, 1000, 65534),
        privileged: fc.boolean(),
        allowPrivilegeEscalation: fc.boolean(),
        readOnlyRootFilesystem: fc.boolean(),
        capabilities,
        seccompProfile: fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }),
      },
      { requiredKeys: [] },
    ),
  },
);

const resources = fc.record(
  {
    requests: fc.record({ cpu: fc.constantFrom('100m', '0.5', '1'), memory: fc.constantFrom('128Mi', '1Gi') }, { requiredKeys: [] }),
    limits: fc.record({ cpu: fc.constantFrom('500m', '2'), memory: fc.constantFrom('256Mi', '2Gi') }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

const probe = fc.constantFrom({ httpGet: { path: '/healthz', port: 8080 } }, { tcpSocket: { port: 'http' } }, { exec: { command: ['true'] } });

const container = fc.record(
  {
    name: fc.constantFrom('app', 'web', 'sidecar', 'worker', 'proxy', 'metrics'),
    image: fc.constantFrom(
      'nginx:1.27',
      'nginx',
      'nginx:latest',
      'registry.example.com/team/api:2.3.1',
      'ghcr.io/acme/worker@sha256:0d5c2c1a9e0f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b',
    ),
    imagePullPolicy: fc.constantFrom('Always', 'IfNotPresent'),
    ports: fc.constantFrom([{ containerPort: 8080, name: 'http' }], [{ containerPort: 80 }], [{ containerPort: 22 }]),
    env: fc.constantFrom([{ name: 'MODE', value: 'prod' }], [{ name: 'DEBUG', value: 'on' }, { name: 'LEVEL', value: '3' }]),
    securityContext,
    resources,
    livenessProbe: probe,
    readinessProbe: probe,
  },
  { requiredKeys: ['name', 'image'] },
);

const podSpec = fc.record(
  {
    containers: fc.uniqueArray(container, { minLength: 1, maxLength: 3, selector: (c) => c.name }),
    initContainers: fc.uniqueArray(container, { minLength: 1, maxLength: 1, selector: (c) => c.name }),
    hostNetwork: fc.boolean(),
    hostPID: fc.boolean(),
    serviceAccountName: fc.constantFrom('default', 'api'),
    automountServiceAccountToken: fc.boolean(),
    securityContext: fc.oneof(
      fc.constant(null),
      fc.record({ runAsNonRoot: fc.boolean(), fsGroup: fc.constant(2000), seccompProfile: fc.constant({ type: 'RuntimeDefault' }) }, { requiredKeys: [] }),
    ),
    volumes: fc.constantFrom([{ name: 'data', emptyDir: {} }], [{ name: 'host', hostPath: { path: '/var/log' } }]),
  },
  { requiredKeys: ['containers'] },
);

const metadata = fc.record(
  {
    name: fc.constantFrom('web', 'api', 'payments', 'batch-job', 'cache'),
    namespace: fc.constantFrom('default', 'prod', 'team-a'),
    labels: fc.constantFrom({ app: 'web' }, { app: 'api', tier: 'backend' }),
    annotations: fc.constantFrom({ 'example.com/owner': 'team-a' }),
  },
  { requiredKeys: ['name'] },
);

const template = (spec: Json, labels: Json) => ({ metadata: { labels }, spec });

const workload = fc
  .tuple(
    fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate'),
    metadata,
    podSpec,
    fc.integer({ min: 1, max: 5 }),
  )
  .map(([kind, meta, spec, replicas]): Json => {
    const labels = (meta.labels as Json | undefined) ?? { app: String(meta.name) };
    const selector = { matchLabels: labels };
    switch (kind) {
      case 'Pod':
        return { apiVersion: 'v1', kind, metadata: meta, spec };
      case 'PodTemplate':
        return { apiVersion: 'v1', kind, metadata: meta, template: template(spec, labels) };
      case 'ReplicationController':
        return { apiVersion: 'v1', kind, metadata: meta, spec: { replicas, selector: labels, template: template(spec, labels) } };
      case 'Job':
        return { apiVersion: 'batch/v1', kind, metadata: meta, spec: { template: template({ restartPolicy: 'Never', ...spec }, labels) } };
      case 'CronJob':
        return {
          apiVersion: 'batch/v1',
          kind,
          metadata: meta,
          spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template({ restartPolicy: 'OnFailure', ...spec }, labels) } } },
        };
      case 'DaemonSet':
        return { apiVersion: 'apps/v1', kind, metadata: meta, spec: { selector, template: template(spec, labels) } };
      default:
        return { apiVersion: 'apps/v1', kind, metadata: meta, spec: { replicas, selector, template: template(spec, labels) } };
    }
  });

const otherObject = fc.constantFrom<Json>(
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { LEVEL: '3', FLAG: 'yes' } },
);

export interface GeneratedManifest {
  text: string;
  /** Comment tokens written into the text; a fix must keep every one. */
  comments: string[];
}

const documentList = fc.array(fc.oneof({ weight: 5, arbitrary: workload }, { weight: 1, arbitrary: otherObject }), { minLength: 1, maxLength: 3 });

export const manifestFile: fc.Arbitrary<GeneratedManifest> = fc
  .record({ documents: documentList, asList: fc.boolean(), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }) })
  .map(({ documents, asList, seed }) => render(asList && documents.length > 1 ? [{ apiVersion: 'v1', kind: 'List', items: documents }] : documents, seed));

function render(documents: Json[], seed: number): GeneratedManifest {
  const random = mulberry32(seed);
  const chance = (p: number) => random() < p;
  const comments: string[] = [];
  const indent = chance(0.7) ? 2 : 4;
  const indentSeq = chance(0.6);
  const flowProbability = chance(0.5) ? 0.25 : 0.05;
  const texts = documents.map((value) => {
    const document = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
    visit(document, {
      Map(_key, node, path) {
        if (path.length > 2 && chance(flowProbability)) node.flow = true;
      },
      Seq(_key, node, path) {
        if (path.length > 2 && chance(flowProbability)) node.flow = true;
      },
      Pair(_key, pair) {
        const key = pair.key as Scalar;
        const value = pair.value;
        // Comments sit on values no fix removes (names, images, kinds), so every one must survive.
        if (isScalar(key) && ['name', 'image', 'kind', 'replicas'].includes(String(key.value)) && isScalar(value) && chance(0.3)) {
          const token = `c${comments.length}-${seed % 1000}`;
          comments.push(token);
          (value as Scalar).comment = ` ${token}`;
        }
        if (isScalar(value) && typeof value.value === 'string' && chance(0.2)) value.type = chance(0.5) ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
        return undefined;
      },
    });
    if (chance(0.3)) {
      const token = `head${comments.length}-${seed % 1000}`;
      comments.push(token);
      document.commentBefore = ` ${token}`;
    }
    let text = document.toString({ indent, indentSeq, lineWidth: 0 });
    // Kubernetes users write empty parents as `key:` as often as `key: null`.
    if (chance(0.5)) text = text.replace(/: null$/gm, ':');
    return text;
  });
  let text = (chance(0.3) ? '---\n' : '') + texts.join('---\n');
  if (chance(0.2)) text = text.replace(/\n$/, '');
  if (chance(0.1)) text = text.replace(/\n/g, '\r\n');
  return { text, comments };
}



// Measures how fast the built-in rules' CEL expressions evaluate (the figure quoted in issue notes).
// Usage: npm run measure:cel. A measurement, not a test: it asserts nothing about time.
import { loadBuiltinRules } from '../src/rules/load-rules.ts';
import { evaluateObject } from '../src/engine/evaluate-object.ts';
import { objectsInDocument } from '../src/model/kube-object.ts';
import { parseManifestText } from '../src/parse/parse-manifest-text.ts';
import { BUILTIN_WORKLOAD_KINDS } from '../src/model/workload-kinds.ts';

const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      initContainers:
        - {name: init, image: busybox:1.36}
      containers:
        - name: app
          image: nginx:1.27
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        - name: sidecar
          image: envoy:1.31
`;

const rules = loadBuiltinRules();
const parsed = parseManifestText(manifest);
const [object] = objectsInDocument(parsed.documents[0]!, 0);
if (!object) throw new Error('example manifest has no object');
// Each rule with its default params, as a scan runs it: without them the rules that read params
// only measure the interpreter raising errors.
const options = { workloadKinds: BUILTIN_WORKLOAD_KINDS, params: (rule: (typeof rules)[number]) => rule.definition.params ?? {} };

// Count evaluations per object: one per applicable (rule, subject) pair.
const subjects = { container: 3, pod: 1, object: 1 } as const;
const evaluationsPerObject = rules.reduce((n, r) => n + (r.kinds && !r.kinds.has('Deployment') ? 0 : subjects[r.definition.subject]), 0);

for (let i = 0; i < 200; i++) evaluateObject(object, rules, options); // warm up the JIT
const rounds = 2_000;
const start = performance.now();
for (let i = 0; i < rounds; i++) evaluateObject(object, rules, options);
const seconds = (performance.now() - start) / 1000;
console.log(`${rules.length} rules, ~${evaluationsPerObject} rule evaluations per Deployment (3 containers)`);
console.log(`${Math.round(rounds / seconds).toLocaleString('en')} objects/s, ~${Math.round((rounds * evaluationsPerObject) / seconds).toLocaleString('en')} rule evaluations/s`);

// Measures a scan of a synthetic repository (each file: Deployment + Service + ConfigMap), to see what
// schema validation and the cross-object context phase cost. Prints JSON; numbers vary by machine.
//   node scripts/measure-context-scan.ts [files=2000] [mode=all|cel|schema|context|pr] [namespaces=50]
// `pr`: 20 reported files with the rest of the repository as context, complete for every namespace.
import { scanSources, type SourceFile } from '../src/engine/scan.ts';
import { loadBuiltinRules } from '../src/rules/load-rules.ts';

const files = Number(process.argv[2] ?? 2000);
const mode = process.argv[3] ?? 'all';
const namespaces = Number(process.argv[4] ?? 50);
const encoder = new TextEncoder();

function manifest(i: number): Uint8Array {
  const ns = `ns${i % namespaces}`;
  return encoder.encode(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app${i}, namespace: ${ns}, labels: {app: app${i}}}
spec:
  replicas: 2
  selector: {matchLabels: {app: app${i}}}
  template:
    metadata: {labels: {app: app${i}, tier: web}}
    spec:
      serviceAccountName: sa${i}
      containers:
        - name: app
          image: "registry.example.com/app:${i}"
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 1, memory: 128Mi}}
---
apiVersion: v1
kind: Service
metadata: {name: app${i}, namespace: ${ns}}
spec:
  selector: {app: app${i}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg${i}, namespace: ${ns}}
data: {mode: live}
`);
}

function* sources(from: number, to: number): Generator<SourceFile> {
  for (let i = from; i < to; i++) yield { path: `k8s/f${i}.yaml`, bytes: manifest(i) };
}

const all = loadBuiltinRules();
const rules =
  mode === 'cel' ? all.filter((r) => !r.code)
  : mode === 'schema' ? all.filter((r) => r.code?.phase === 'object')
  : mode === 'context' ? all.filter((r) => r.code?.phase === 'context')
  : all;
const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
const result =
  mode === 'pr'
    ? scanSources(sources(0, 20), { rules, contextSources: sources(20, files), completeNamespaces: ['*'] })
    : scanSources(sources(0, files), { rules });
const ms = Math.round(performance.now() - start);
const byRule: Record<string, number> = {};
for (const f of result.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
console.log(JSON.stringify({
  files, mode, namespaces, rules: rules.length, reportedFiles: result.files, objects: result.objects, ms,
  heapGrowthMB: Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6),
  context: result.context, findings: result.findings.length, byRule,
}));

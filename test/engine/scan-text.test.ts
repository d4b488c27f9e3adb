import { describe, expect, it } from 'vitest';
import { scanBytes } from '../../src/engine/scan-text.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { compileRule } from '../../src/rules/compile-rule.ts';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const rules = [builtinRule('run-as-non-root')];
const rootPod = (name: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: ${name}, namespace: ns}
  spec:
    containers:
      - name: app
        image: nginx:1.27
`;

describe('scanText', () => {
  it('reports a finding with file, range, object, container, field path and fingerprint', () => {
    const [finding] = scanYaml(rootPod('p'), { rules }, 'k8s/pod.yaml').findings;
    expect(finding).toMatchObject({
      ruleId: 'run-as-non-root',
      severity: 'high',
      category: 'security',
      file: 'k8s/pod.yaml',
      object: { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p' },
      container: 'app',
      fieldPath: 'spec.containers[0].securityContext.runAsNonRoot',
      range: { start: { line: 6, column: 7 }, end: { line: 6, column: 11 } },
    });
    expect(finding!.message).toContain('app');
    expect(finding!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps fingerprints when lines move, and tells objects apart', () => {
    const a = scanYaml(rootPod('p'), { rules }).findings[0]!;
    const moved = scanYaml(`# a comment\n\n${rootPod('p')}`, { rules }).findings[0]!;
    const other = scanYaml(rootPod('q'), { rules }).findings[0]!;
    expect(moved.range.start.line).toBe(a.range.start.line + 2);
    expect(moved.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it('finds objects in every document of a stream, with lines of that document', () => {
    const scan = scanYaml(`${rootPod('one')}---\n${rootPod('two')}`, { rules });
    expect(scan.findings.map((f) => [f.object?.name, f.range.start.line])).toEqual([
      ['one', 6],
      ['two', 14],
    ]);
  });

  it('expands List objects and reports paths inside items', () => {
    const list = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: listed}
          spec:
            containers: [{name: app, image: x}]
    `;
    const [finding] = scanYaml(list, { rules }).findings;
    expect(finding?.fieldPath).toBe('items[0].spec.containers[0].securityContext.runAsNonRoot');
    expect(finding?.object?.name).toBe('listed');
  });

  it('reads JSON manifests with positions', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { containers: [{ name: 'app', image: 'x' }] } }, null, 2);
    const [finding] = scanYaml(json, { rules }, 'pod.json').findings;
    expect(finding?.range.start.line).toBe(json.split('\n').findIndex((l) => l.includes('"name": "app"')) + 1);
  });

  it('skips YAML that is not a Kubernetes object, quietly', () => {
    const scan = scanYaml('name: my-chart\nversion: 1.2.3\n---\njust a string\n', { rules });
    expect(scan.objects).toEqual([]);
    expect(scan.findings).toEqual([]);
  });

  it('reports a Helm chart template once, at its first action, instead of parsing it', () => {
    const template = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    {{- include "demo.labels" . | nindent 4 }}\nspec:\n  containers: [{name: app, image: "{{ .Values.image }}"}]\n';
    const scan = scanYaml(template, { rules }, 'charts/demo/templates/pod.yaml');
    expect(scan.objects).toEqual([]);
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({
      ruleId: 'helm-template',
      severity: 'info',
      file: 'charts/demo/templates/pod.yaml',
      range: { start: { line: 6, column: 5 }, end: { line: 6, column: 7 } },
    });
    expect(scan.findings[0]!.message).toContain('helm template CHART | plimsoll scan -');
    // A plain manifest in a templates/ folder is scanned; so is a file with braces elsewhere.
    expect(scanYaml(rootPod('plain'), { rules }, 'chart/templates/pod.yaml').findings.map((f) => f.ruleId)).toEqual(['run-as-non-root']);
    expect(scanYaml(template, { rules }, 'k8s/pod.yaml').findings.map((f) => f.ruleId)).toContain('parse-error');
  });

  it('turns a syntax error into a parse-error finding and still scans the other documents', () => {
    const scan = scanYaml(`key: value: other\n---\n${rootPod('ok')}`, { rules });
    expect(scan.findings.map((f) => f.ruleId).sort()).toEqual(['parse-error', 'run-as-non-root']);
    expect(scan.findings.find((f) => f.ruleId === 'parse-error')!.range.start.line).toBe(1);
  });

  it('turns a duplicate key into a parse-error finding at the duplicate', () => {
    const scan = scanYaml('apiVersion: v1\nkind: Pod\nkind: Service\n', { rules });
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({ ruleId: 'parse-error', range: { start: { line: 3, column: 1 } } });
  });

  it('reports rule evaluation errors as rule-error findings, not crashes', () => {
    const cpuRule = compileRule({
      ...builtinRule('run-as-non-root').definition,
      id: 'cpu-below-two',
      variables: {},
      assert: 'quantity(container.resources.limits.cpu).isLessThan(quantity("2"))',
      fix: undefined,
    });
    const pod = (cpu: string) => yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: weird}
      spec:
        containers:
          - name: app
            resources: {limits: {cpu: "${cpu}"}}
    `;
    expect(scanYaml(pod('500m'), { rules: [cpuRule] }).findings).toEqual([]);
    expect(scanYaml(pod('4'), { rules: [cpuRule] }).findings.map((f) => f.ruleId)).toEqual(['cpu-below-two']);
    const broken = scanYaml(pod('lots'), { rules: [cpuRule] }).findings;
    expect(broken.map((f) => [f.ruleId, f.container])).toEqual([['rule-error', 'app']]);
    expect(broken[0]!.message).toContain('cpu-below-two');
    expect(broken[0]!.message).toContain('not a Kubernetes quantity');
  });
});

describe('scanBytes', () => {
  const options = resolveScanTextOptions({ rules });

  it('rejects binary files with a finding', () => {
    const scan = scanBytes('image.yaml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), options);
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({ ruleId: 'unreadable-file', file: 'image.yaml' });
    expect(scan.findings[0]!.message).toMatch(/binary/);
  });

  it('rejects invalid UTF-8 with a finding', () => {
    const scan = scanBytes('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]), options);
    expect(scan.findings[0]!.message).toMatch(/UTF-8/);
  });

  it('rejects files over the size limit without parsing them', () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 1).fill(0x61);
    const scan = scanBytes('big.yaml', big, options);
    expect(scan.findings[0]).toMatchObject({ ruleId: 'unreadable-file' });
    expect(scan.findings[0]!.message).toMatch(/MiB/);
  });
});

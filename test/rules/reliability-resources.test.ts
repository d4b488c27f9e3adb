// Resource rules on the cases a text comparison gets wrong: quantities in different notations,
// defaulting of requests from limits, and which container types are checked.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const find = (id: string, text: string) => scanYaml(text, { rules: [builtinRule(id)] }).findings;

function pod(resources: string, list = 'containers'): string {
  return yaml`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      ${list}:
        - name: c
          image: app:1.0
          resources: ${resources}
  `;
}

describe('requests-exceed-limits', () => {
  it.each([
    ['{requests: {cpu: 500m}, limits: {cpu: "0.5"}}', 'millicores vs decimal'],
    ['{requests: {cpu: "0.5"}, limits: {cpu: 500m}}', 'decimal vs millicores'],
    ['{requests: {memory: 1Gi}, limits: {memory: 1073741824}}', 'binary suffix vs plain int'],
    ['{requests: {memory: 1G}, limits: {memory: 1Gi}}', '1G is less than 1Gi'],
    ['{requests: {cpu: 1}, limits: {cpu: 1000m}}', 'integer vs millicores'],
    ['{requests: {cpu: "1e-1"}, limits: {cpu: 100m}}', 'exponent notation'],
    ['{requests: {memory: 64Mi}}', 'no limit at all'],
    ['{requests: {cpu: 2, memory: 64Mi}, limits: {memory: 128Mi}}', 'limit only for another resource'],
  ])('accepts %s (%s)', (resources) => {
    expect(find('requests-exceed-limits', pod(resources))).toEqual([]);
  });

  it.each([
    ['{requests: {cpu: 501m}, limits: {cpu: "0.5"}}', 'cpu'],
    ['{requests: {cpu: "2e-1"}, limits: {cpu: 100m}}', 'cpu'],
    ['{requests: {memory: 1Gi}, limits: {memory: 1G}}', 'memory'],
    ['{requests: {memory: 1073741825}, limits: {memory: 1Gi}}', 'memory'],
    ['{requests: {ephemeral-storage: 2Gi}, limits: {ephemeral-storage: 1Gi}}', 'ephemeral-storage'],
  ])('reports %s at the request of %s', (resources, key) => {
    const findings = find('requests-exceed-limits', pod(resources));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fieldPath).toBe(`spec.containers[0].resources.requests.${key}`);
    expect(findings[0]!.message).toContain(key);
  });

  it('checks init containers too', () => {
    expect(find('requests-exceed-limits', pod('{requests: {cpu: 2}, limits: {cpu: 1}}', 'initContainers'))).toHaveLength(1);
  });

  it('leaves malformed quantities to schema validation instead of failing to evaluate', () => {
    expect(find('requests-exceed-limits', pod('{requests: {cpu: lots}, limits: {cpu: 1}}'))).toEqual([]);
  });
});

describe('requests and limits present', () => {
  it('counts a limit as a request, as the API server defaults it', () => {
    const text = pod('{limits: {cpu: 1, memory: 1Gi}}');
    expect(find('cpu-requests', text)).toEqual([]);
    expect(find('memory-requests', text)).toEqual([]);
  });

  it('does not count a request as a limit', () => {
    const text = pod('{requests: {cpu: 1, memory: 1Gi}}');
    expect(find('cpu-limits', text)).toHaveLength(1);
    expect(find('memory-limits', text)).toHaveLength(1);
  });

  it('checks init containers but not ephemeral containers, which cannot set resources', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        initContainers:
          - {name: init, image: "init:1.0"}
        containers:
          - name: app
            image: app:1.0
            resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}
        ephemeralContainers:
          - {name: debug, image: "busybox:1.36"}
    `;
    for (const id of ['cpu-requests', 'memory-requests', 'memory-limits']) {
      const findings = find(id, text);
      expect(findings.map((f) => f.container), id).toEqual(['init']);
      expect(findings[0]!.fieldPath.startsWith('spec.initContainers[0]'), id).toBe(true);
    }
  });

  it('points at the container when resources is missing entirely', () => {
    const findings = find('memory-limits', pod('{}'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.fieldPath).toBe('spec.containers[0].resources.limits.memory');
    expect(findings[0]!.range.start.line).toBeGreaterThan(1);
  });

  it('keeps cpu-limits out of the recommended profile', () => {
    expect(builtinRule('cpu-limits').definition.optional).toBe(true);
    expect(builtinRule('memory-limits').definition.optional).toBeUndefined();
  });
});

describe('resource-quantities', () => {
  it.each(['{requests: {cpu: 512m, memory: 512Mi}}', '{limits: {memory: 1G, cpu: "1.5"}}', '{requests: {memory: 134217728}}'])('accepts %s', (resources) => {
    expect(find('resource-quantities', pod(resources))).toEqual([]);
  });

  it.each([
    ['{limits: {memory: 1GB}}', 'limits.memory 1GB is not a Kubernetes quantity'],
    ['{requests: {cpu: 1 core}}', 'requests.cpu 1 core is not a Kubernetes quantity'],
    ['{requests: {memory: 512m}}', 'millibytes'],
  ])('reports %s', (resources, text) => {
    const findings = find('resource-quantities', pod(resources));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(text);
  });
});

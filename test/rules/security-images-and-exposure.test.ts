// Image references (tags, digests, registries) and network exposure (NodePort, LoadBalancer
// source ranges, Ingress TLS).
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml, yaml } from '../helpers/scan-helpers.ts';

const podWithImage = (image: string) => yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
      - name: app
        image: "${image}"
`;

const flags = (id: string, image: string, params?: Record<string, unknown>) =>
  scanYaml(podWithImage(image), { rules: [builtinRule(id)], params: params ? { [id]: params } : {} }).findings.length > 0;

describe('image-tag-latest', () => {
  it.each([
    ['nginx', true],
    ['nginx:latest', true],
    ['nginx:LATEST', true],
    ['registry.example.com:5000/nginx', true],
    ['registry.example.com:5000/nginx:1.27', false],
    ['nginx:1.27', false],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', false],
    ['nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', false],
  ] as const)('%s -> %s', (image, expected) => {
    expect(flags('image-tag-latest', image)).toBe(expected);
  });

  it('points at the image of the right container', () => {
    const findings = scanYaml(podWithImage('busybox'), { rules: [builtinRule('image-tag-latest')] }).findings;
    expect(findings.map((f) => [f.container, f.fieldPath, f.range.start.line])).toEqual([['app', 'spec.containers[0].image', 7]]);
    expect(findings[0]!.message).toContain('without a tag');
  });
});

describe('image-digest', () => {
  it.each([
    ['ghcr.io/acme/app:1.0', true],
    ['ghcr.io/acme/app@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', false],
    ['ghcr.io/acme/app@sha256:short', true],
  ] as const)('%s -> %s', (image, expected) => {
    expect(flags('image-digest', image)).toBe(expected);
  });
});

describe('allowed-registries', () => {
  it.each([
    ['nginx:1.27', true],
    ['library/nginx:1.27', true],
    ['ghcr.io/acme/app:1.0', false],
    ['localhost/app:1.0', false],
    ['registry:5000/app:1.0', false],
  ] as const)('without a list, %s needs an explicit registry -> %s', (image, expected) => {
    expect(flags('allowed-registries', image)).toBe(expected);
  });

  const params = { registries: ['ghcr.io/acme', 'docker.io/library/'] };
  it.each([
    ['ghcr.io/acme/app:1.0', false],
    ['ghcr.io/acme-evil/app:1.0', true],
    ['ghcr.io/other/app:1.0', true],
    ['nginx:1.27', false],
    ['docker.io/library/nginx:1.27', false],
    ['bitnami/redis:7', true],
  ] as const)('with %j, %s -> %s', (image, expected) => {
    expect(flags('allowed-registries', image, params)).toBe(expected);
  });

  it('names the allowed registries in the message', () => {
    const findings = scanYaml(podWithImage('quay.io/x/y:1'), {
      rules: [builtinRule('allowed-registries')],
      params: { 'allowed-registries': params },
    }).findings;
    expect(findings[0]!.message).toContain('ghcr.io/acme, docker.io/library/');
  });
});

describe('Services and Ingress', () => {
  const service = (spec: string, annotations = '') => yaml`
    apiVersion: v1
    kind: Service
    metadata:
      name: s
      annotations: {${annotations}}
    spec:
      selector: {app: web}
      ports: [{port: 443}]
      ${spec}
  `;
  const ids = (text: string) =>
    scanYaml(text, { rules: [builtinRule('service-nodeport'), builtinRule('service-loadbalancer-source-ranges')] }).findings.map(
      (f) => [f.ruleId, f.fieldPath],
    );

  it.each([
    ['type: NodePort', '', [['service-nodeport', 'spec.type']]],
    ['type: LoadBalancer', '', [['service-loadbalancer-source-ranges', 'spec.type']]],
    ['type: LoadBalancer\n      loadBalancerSourceRanges: [192.0.2.0/24]', '', []],
    ['type: LoadBalancer\n      loadBalancerSourceRanges: ["::/0"]', '', [['service-loadbalancer-source-ranges', 'spec.type']]],
    ['type: LoadBalancer', '"service.beta.kubernetes.io/load-balancer-source-ranges": "192.0.2.0/24"', []],
    ['type: LoadBalancer', '"service.beta.kubernetes.io/load-balancer-source-ranges": "0.0.0.0/0"', [['service-loadbalancer-source-ranges', 'spec.type']]],
    ['type: LoadBalancer', '"networking.gke.io/load-balancer-type": "Internal"', []],
    ['type: LoadBalancer', '"service.beta.kubernetes.io/aws-load-balancer-internal": "false"', [['service-loadbalancer-source-ranges', 'spec.type']]],
    ['type: ClusterIP', '', []],
  ] as const)('%s with annotations {%s}', (spec, annotations, expected) => {
    expect(ids(service(spec, annotations))).toEqual(expected);
  });

  it('reports an Ingress without TLS at spec.tls, and accepts load-balancer certificates by annotation', () => {
    const ingress = (annotations: string, tls: string) => yaml`
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: i
        annotations: {${annotations}}
      spec:
        ${tls}
        rules: [{host: a.example.com}]
    `;
    const rule = builtinRule('ingress-tls');
    const plain = scanYaml(ingress('', ''), { rules: [rule] }).findings;
    expect(plain.map((f) => [f.fieldPath, f.range.start.line])).toEqual([['spec.tls', 6]]);
    expect(scanYaml(ingress('', 'tls: [{hosts: [a.example.com], secretName: a}]'), { rules: [rule] }).findings).toEqual([]);
    expect(scanYaml(ingress('"networking.gke.io/managed-certificates": a-cert', ''), { rules: [rule] }).findings).toEqual([]);
    expect(scanYaml(ingress('', 'tls: []'), { rules: [rule] }).findings).toHaveLength(1);
  });
});

// Kustomize patches are partial objects: named by the kustomization beside them, they are reported as
// patches, not checked as manifests (which would flag every field they leave to the base).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kustomizePatchFiles } from '../../src/files/kustomize-patches.ts';
import { collectManifestFiles } from '../../src/files/collect-manifest-files.ts';
import { runCliCaptured, tempFolder } from '../helpers/temp-files.ts';

const replicasPatch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}\n';

const repo = (files: Record<string, string>) => tempFolder(files, 'plimsoll-kustomize-');

const overlay = {
  'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'base/deploy.yaml': readFileSync(new URL('../../examples/bad-deployment.yaml', import.meta.url), 'utf8'),
  'overlays/prod/kustomization.yaml': [
    'resources: [../../base]',
    'patchesStrategicMerge:',
    '  - replicas.yaml',
    '  - |-',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    'patches:',
    '  - path: limits.yaml',
    '    target: {kind: Deployment}',
    '  - patch: |-',
    '      - {op: replace, path: /spec/replicas, value: 3}',
    'patchesJson6902:',
    '  - path: ops.yaml',
    '    target: {kind: Deployment, name: web}',
    '',
  ].join('\n'),
  'overlays/prod/replicas.yaml': replicasPatch,
  'overlays/prod/limits.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: app, resources: {limits: {cpu: 1}}}]\n',
  'overlays/prod/ops.yaml': '- {op: add, path: /metadata/labels/tier, value: web}\n',
  'overlays/prod/extra.yaml': replicasPatch.replace('web', 'extra'),
};

describe('kustomizePatchFiles', () => {
  it('finds the files a kustomization beside them names as patches, in all three forms', () => {
    const dir = repo(overlay);
    const patches = kustomizePatchFiles(collectManifestFiles(['.'], dir), dir);
    expect(Object.fromEntries(patches)).toEqual({
      'overlays/prod/limits.yaml': 'overlays/prod/kustomization.yaml',
      'overlays/prod/ops.yaml': 'overlays/prod/kustomization.yaml',
      'overlays/prod/replicas.yaml': 'overlays/prod/kustomization.yaml',
    });
  });

  it('finds patches kept in a subfolder of the overlay, named by the kustomization above them', () => {
    const dir = repo({
      'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n  - path: patches/replicas.yaml\n',
      'overlays/prod/patches/replicas.yaml': replicasPatch,
      'overlays/prod/patches/unused.yaml': replicasPatch,
    });
    const files = collectManifestFiles(['overlays/prod/patches'], dir);
    expect(Object.fromEntries(kustomizePatchFiles(files, dir))).toEqual({ 'overlays/prod/patches/replicas.yaml': 'overlays/prod/kustomization.yaml' });
  });

  it('names none from a kustomization it cannot parse, and reads the Kustomization spelling too', () => {
    expect(kustomizePatchFiles(['p.yaml'], repo({ 'kustomization.yaml': 'patches: [\n', 'p.yaml': replicasPatch })).size).toBe(0);
    const dir = repo({ Kustomization: 'patchesStrategicMerge: [p.yaml]\n', 'p.yaml': replicasPatch });
    expect([...kustomizePatchFiles(['p.yaml'], dir).keys()]).toEqual(['p.yaml']);
  });
});

describe('scanning an overlay', () => {
  it('reports each patch once, as a patch, and checks the base and the other files in full', async () => {
    const dir = repo(overlay);
    const { code, stdout } = await runCliCaptured(['scan', '.', '--no-config', '--format', 'json', '--fail-on', 'high'], dir);
    const findings = (JSON.parse(stdout) as { findings: { file: string; ruleId: string; severity: string; message: string }[] }).findings;
    const byFile = (file: string) => findings.filter((f) => f.file === file).map((f) => f.ruleId);
    expect(byFile('overlays/prod/replicas.yaml')).toEqual(['kustomize-patch']);
    expect(byFile('overlays/prod/limits.yaml')).toEqual(['kustomize-patch']);
    expect(findings.find((f) => f.file === 'overlays/prod/limits.yaml')).toMatchObject({
      severity: 'info',
      message: expect.stringContaining('kustomize build overlays/prod | plimsoll scan -'),
    });
    // Not named as a patch: checked as the whole (and incomplete) Deployment it claims to be.
    expect(byFile('overlays/prod/extra.yaml')).toContain('schema-missing-field');
    expect(byFile('base/deploy.yaml')).toContain('privileged-container');
    expect(code).toBe(1);
  });

  it('leaves patches out of fix', async () => {
    const dir = repo(overlay);
    const { code, stdout } = await runCliCaptured(['fix', '.', '--no-config', '--dry-run'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('+++ b/base/deploy.yaml');
    expect(stdout).not.toContain('overlays/prod/limits.yaml');
    expect(stdout).not.toContain('overlays/prod/replicas.yaml');
  });
});

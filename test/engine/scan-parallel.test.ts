// Scanning in worker processes gives exactly what one process gives: the same sorted findings
// (cross-object ones included, located by re-reading their files), object counts and context summary.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFilesParallel, type WorkerSetup } from '../../src/engine/scan-parallel.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { emptyConfig } from '../../src/config/load-config.ts';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';

describe('scanFilesParallel', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-parallel-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('gives the same result with 2 worker processes as in one process', async () => {
    generateCorpus(1200, cwd, 3);
    // A cross-object finding: a RoleBinding to a Role that the (complete) context does not define.
    writeFileSync(
      join(cwd, 'zz-binding.yaml'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: team-1}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: nowhere}\nsubjects: [{kind: Group, name: g, apiGroup: rbac.authorization.k8s.io}]\n',
    );
    const files = readdirSync(cwd, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(cwd, join(e.parentPath, e.name)).split('\\').join('/'))
      .sort();
    expect(files.length).toBeGreaterThan(300);
    const overrides: WorkerSetup['overrides'] = { fixes: false, completeNamespaces: ['*'] };
    const scanOptions = { ...resolveConfig(emptyConfig()).scanOptions, ...overrides };
    const setup: WorkerSetup = { cwd, configFile: null, overrides };
    const progress: number[] = [];
    const one = await scanFilesParallel(files, { scanOptions, setup, jobs: 1 });
    const two = await scanFilesParallel(files, { scanOptions, setup, jobs: 2, onProgress: (done) => progress.push(done) });
    expect(two.findings).toEqual(one.findings);
    expect(two.objects).toBe(one.objects);
    expect(two.context).toEqual(one.context);
    expect(one.findings.some((f) => f.ruleId === 'rolebinding-role-missing' && f.file === 'zz-binding.yaml' && f.range.start.line === 4)).toBe(true);
    expect(progress.at(-1)).toBe(files.length);
  });

  it('fails clearly when a file cannot be read', async () => {
    const files = Array.from({ length: 400 }, (_, i) => `missing-${i}.yaml`);
    const scanOptions = resolveConfig(emptyConfig()).scanOptions;
    await expect(scanFilesParallel(files, { scanOptions, setup: { cwd, configFile: null, overrides: {} }, jobs: 2 })).rejects.toThrow(/Cannot read missing-\d+\.yaml/);
  });
});

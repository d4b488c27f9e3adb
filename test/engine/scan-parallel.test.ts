// Scanning on several threads gives exactly what one thread gives: the same sorted findings
// (cross-object ones included, located by re-reading their files), object counts and context summary.
// And a helper thread that fails ends the scan with its error instead of hanging it.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFilesParallel, type WorkerSetup } from '../../src/engine/scan-parallel.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { emptyConfig } from '../../src/config/load-config.ts';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';

describe('scanFilesParallel', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'plimsoll-parallel-'));
  beforeAll(() => {
    generateCorpus(1200, cwd, 3);
    // A cross-object finding: a RoleBinding to a Role that the (complete) context does not define.
    writeFileSync(
      join(cwd, 'zz-binding.yaml'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: team-1}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: nowhere}\nsubjects: [{kind: Group, name: g, apiGroup: rbac.authorization.k8s.io}]\n',
    );
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('gives the same result on 2 and 3 threads as on one', async () => {
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
    const three = await scanFilesParallel(files, { scanOptions, setup, jobs: 3 });
    for (const parallel of [two, three]) {
      expect(parallel.findings).toEqual(one.findings);
      expect(parallel.objects).toBe(one.objects);
      expect(parallel.context).toEqual(one.context);
    }
    expect(one.findings.length).toBeGreaterThan(1000);
    expect(one.findings.some((f) => f.ruleId === 'rolebinding-role-missing' && f.file === 'zz-binding.yaml' && f.range.start.line === 4)).toBe(true);
    expect(progress).toEqual(files.map((_, i) => i + 1));
  });

  it('reports a file that cannot be read as unreadable-file, on every thread, and goes on', async () => {
    const files = Array.from({ length: 400 }, (_, i) => `missing-${i}.yaml`);
    const scanOptions = resolveConfig(emptyConfig()).scanOptions;
    const result = await scanFilesParallel(files, { scanOptions, setup: { cwd, configFile: null, overrides: {} }, jobs: 2 });
    expect(result.files).toBe(400);
    expect(result.findings.map((f) => f.file)).toEqual([...files].sort());
    expect(new Set(result.findings.map((f) => `${f.ruleId}: ${f.message}`))).toEqual(new Set(['unreadable-file: Cannot read the file: ENOENT: no such file or directory.']));
  });

  it('ends with the error of a helper thread that cannot start, not a hang', async () => {
    // The configuration was read by this thread; gone by the time the helper loads it.
    const configFile = join(cwd, 'gone.plimsoll.yaml');
    const files = readdirSync(cwd, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(cwd, join(e.parentPath, e.name)).split('\\').join('/'))
      .slice(0, 400);
    expect(files.length).toBeGreaterThanOrEqual(300);
    const scanOptions = resolveConfig(emptyConfig()).scanOptions;
    const scan = scanFilesParallel(files, { scanOptions, setup: { cwd, configFile, overrides: {} }, jobs: 2 });
    await expect(scan).rejects.toThrow(/gone\.plimsoll\.yaml.*cannot read the config file/);
  });
});

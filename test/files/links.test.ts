// Links in a scanned tree: followed within the working folder, reported (never silently skipped, never
// read) when they lead outside it, walked once when they loop.
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectManifestFiles, PathOutsideError } from '../../src/files/collect-manifest-files.ts';
import { LINK_OUTSIDE_PROBLEM, readManifestFile } from '../../src/files/read-manifest-file.ts';
import { linkBoundary } from '../../src/files/link-boundary.ts';
import { runCliCaptured } from '../helpers/temp-files.ts';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: nginx:1.27}]\n`;

/** repo/ (the working folder) with links in k8s/, and a secret-looking file outside it. */
function tree() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'plimsoll-links-')));
  const repo = join(root, 'repo');
  for (const dir of ['repo/k8s/base', 'repo/shared', 'outside']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(repo, 'k8s/base/app.yaml'), pod('app'));
  writeFileSync(join(repo, 'shared/common.yaml'), pod('common'));
  writeFileSync(join(root, 'outside/kubeconfig.yaml'), 'apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: s3cr3t-token}}]\n');
  symlinkSync('../shared', join(repo, 'k8s/shared'));
  symlinkSync('../shared/common.yaml', join(repo, 'k8s/common-link.yaml'));
  symlinkSync('../../outside/kubeconfig.yaml', join(repo, 'k8s/kubeconfig.yaml'));
  symlinkSync('../../outside', join(repo, 'k8s/outside'));
  symlinkSync('..', join(repo, 'k8s/up'));
  symlinkSync('missing.yaml', join(repo, 'k8s/broken.yaml'));
  return repo;
}

describe.runIf(process.platform !== 'win32')('links', () => {
  it('lists linked files and the files of linked folders, and links that lead outside', () => {
    const repo = tree();
    expect(collectManifestFiles(['k8s'], repo)).toEqual([
      'k8s/base/app.yaml',
      'k8s/broken.yaml',
      'k8s/common-link.yaml',
      'k8s/kubeconfig.yaml',
      'k8s/outside',
      'k8s/shared/common.yaml',
    ]);
  });

  it('lists a named link that leads outside, refuses a named path through one, and takes a path named outside as it is', () => {
    const repo = tree();
    expect(collectManifestFiles(['k8s/outside'], repo)).toEqual(['k8s/outside']);
    expect(() => collectManifestFiles(['k8s/outside/kubeconfig.yaml'], repo)).toThrow(PathOutsideError);
    expect(() => collectManifestFiles(['k8s/outside/kubeconfig.yaml'], repo)).toThrow(/leads outside the working folder through a link/);
    expect(collectManifestFiles([join(repo, '../outside')], repo)).toEqual(['../outside/kubeconfig.yaml']);
  });

  it('reads a link only when it leads inside the working folder', () => {
    const repo = tree();
    const linksWithin = linkBoundary(repo);
    const inside = readManifestFile(join(repo, 'k8s/common-link.yaml'), { linksWithin });
    expect('bytes' in inside && inside.bytes.toString()).toBe(pod('common'));
    expect(readManifestFile(join(repo, 'k8s/kubeconfig.yaml'), { linksWithin })).toEqual({ problem: LINK_OUTSIDE_PROBLEM });
    expect(readManifestFile(join(repo, 'k8s/outside'), { linksWithin })).toEqual({ problem: LINK_OUTSIDE_PROBLEM });
    // Without a boundary (files the user names in a config), links are followed.
    expect('bytes' in readManifestFile(join(repo, 'k8s/kubeconfig.yaml'))).toBe(true);
  });

  it('scans through links without ever quoting a file outside', async () => {
    const repo = tree();
    const { code, stdout } = await runCliCaptured(['scan', 'k8s', '--no-config', '--format', 'json', '--fail-on', 'none'], repo);
    expect(code).toBe(0);
    expect(stdout).not.toContain('s3cr3t');
    const findings = (JSON.parse(stdout) as { findings: { file: string; ruleId: string; message: string }[] }).findings;
    const unreadable = Object.fromEntries(findings.filter((f) => f.ruleId === 'unreadable-file').map((f) => [f.file, f.message]));
    expect(unreadable).toEqual({
      'k8s/broken.yaml': 'Cannot read the file: ENOENT: no such file or directory.',
      'k8s/kubeconfig.yaml': LINK_OUTSIDE_PROBLEM,
      'k8s/outside': LINK_OUTSIDE_PROBLEM,
    });
    const scanned = new Set(findings.filter((f) => f.ruleId === 'run-as-non-root').map((f) => f.file));
    expect(scanned).toEqual(new Set(['k8s/base/app.yaml', 'k8s/common-link.yaml', 'k8s/shared/common.yaml']));
  });
});

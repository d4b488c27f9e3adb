// Inputs as the runner passes them (strings, empty when unset) and the files an Action run scans.
import { describe, expect, it } from 'vitest';
import { InputError, parseActionInputs } from '../../action/src/action-inputs.ts';
import { createPathMatcher, selectChangedFiles, selectWorkspaceFiles } from '../../action/src/select-files.ts';
import { makeWorkspace } from './action-harness.ts';

const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('parseActionInputs', () => {
  it('leaves policy inputs unset when empty, so the config file decides', () => {
    const inputs = parseActionInputs(get({ token: 't', comment: 'true', 'sarif-file': 'x.sarif', paths: 'k8s/\n  apps/**/*.yaml , charts' }));
    expect(inputs).toEqual({ paths: ['k8s/', 'apps/**/*.yaml', 'charts'], comment: true, sarifFile: 'x.sarif', token: 't' });
    expect(inputs.failOn).toBeUndefined();
  });

  it('accepts the documented values and rejects others by name', () => {
    const inputs = parseActionInputs(get({ 'fail-on': 'medium', filter: 'diff_context', 'new-only': 'True', comment: 'false', 'kubernetes-version': 'v1.31' }));
    expect(inputs).toMatchObject({ failOn: 'medium', filter: 'diff_context', newOnly: true, comment: false, kubernetesVersion: '1.31', paths: ['.'] });
    expect(() => parseActionInputs(get({ filter: 'changed' }))).toThrow(new InputError('Input "filter" must be one of added, diff_context, file, nofilter; got "changed".'));
    expect(() => parseActionInputs(get({ comment: 'yes' }))).toThrow(/Input "comment" must be true or false/);
    expect(() => parseActionInputs(get({ 'kubernetes-version': 'latest' }))).toThrow(/kubernetes-version/);
  });
});

describe('file selection', () => {
  it('matches files, folder prefixes and globs', () => {
    const matches = createPathMatcher(['k8s', 'apps/**/values.yaml', './single.yaml']);
    expect(['k8s/a.yaml', 'k8s/deep/b.yml', 'apps/x/values.yaml', 'single.yaml'].every(matches)).toBe(true);
    expect(['k8sx/a.yaml', 'apps/x/other.yaml', 'other/single.yaml'].some(matches)).toBe(false);
    expect(createPathMatcher(['.'])('anything/at/all.yaml')).toBe(true);
  });

  it('scans changed manifests under paths that the checkout has; removed files and other types are skipped', () => {
    const workspace = makeWorkspace({ 'k8s/a.yaml': 'a: 1\n', 'k8s/b.json': '{}', 'docs/c.yaml': 'c: 1\n' });
    const selection = selectChangedFiles(
      [
        { path: 'k8s/a.yaml', status: 'modified' },
        { path: 'k8s/b.json', status: 'added' },
        { path: 'k8s/gone.yaml', status: 'removed' },
        { path: 'k8s/readme.md', status: 'added' },
        { path: 'k8s/not-checked-out.yaml', status: 'added' },
        { path: 'docs/c.yaml', status: 'modified' },
      ],
      ['k8s'],
      workspace,
    );
    expect(selection).toEqual({ files: ['k8s/a.yaml', 'k8s/b.json'], missing: ['k8s/not-checked-out.yaml'] });
    expect(selectWorkspaceFiles(['k8s/*.yaml', 'docs'], workspace)).toEqual(['docs/c.yaml', 'k8s/a.yaml']);
  });
});

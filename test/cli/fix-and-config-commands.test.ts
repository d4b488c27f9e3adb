// `plimsoll fix` and the config/diff options of `plimsoll scan`, as a user meets them.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_BLOCK, EXIT_PASS, EXIT_USAGE } from '../../src/cli/main.ts';
import { yaml } from '../helpers/scan-helpers.ts';
import { runCliCaptured, tempFolder } from '../helpers/temp-files.ts';

const pod = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}   # keep this comment
  spec:
    containers:
      - name: app
        image: "nginx:1.27"
`;

const workspace = (files: Record<string, string>) => tempFolder(files, 'plimsoll-cli-');
const cli = (args: string[], cwd: string) => runCliCaptured(args, cwd);

const onlyNonRoot = 'extends: pss-restricted\nrules:\n  run-as-non-root: high\n';

describe('plimsoll fix', () => {
  it('--dry-run prints a unified diff and writes nothing', async () => {
    const dir = workspace({ 'k8s/pod.yaml': pod });
    const { code, stdout, stderr } = await cli(['fix', 'k8s', '--dry-run', '--rule', 'run-as-non-root'], dir);
    expect(code).toBe(EXIT_PASS);
    expect(stdout).toBe(
      [
        '--- a/k8s/pod.yaml',
        '+++ b/k8s/pod.yaml',
        '@@ -4,4 +4,6 @@',
        ' spec:',
        '   containers:',
        '     - name: app',
        '       image: "nginx:1.27"',
        '+      securityContext:',
        '+        runAsNonRoot: true',
        '',
      ].join('\n'),
    );
    expect(stderr).toContain('Would fix 1 finding in 1 file.');
    expect(readFileSync(join(dir, 'k8s/pod.yaml'), 'utf8')).toBe(pod);
  });

  it('writes the fixes in place, keeping comments and quoting, and the scan then passes for those rules', async () => {
    const dir = workspace({ 'pod.yaml': pod, '.plimsoll.yml': onlyNonRoot });
    const before = await cli(['scan', '.', '--format', 'json'], dir);
    const fixableRules = new Set(JSON.parse(before.stdout).findings.filter((f: { fix?: unknown }) => f.fix).map((f: { ruleId: string }) => f.ruleId));
    expect(fixableRules.has('run-as-non-root')).toBe(true);
    expect((await cli(['fix'], dir)).code).toBe(EXIT_PASS);
    const fixed = readFileSync(join(dir, 'pod.yaml'), 'utf8');
    expect(fixed.startsWith(pod)).toBe(true);
    expect(fixed).toContain('runAsNonRoot: true');
    const after = await cli(['scan', '.', '--format', 'json'], dir);
    const left = JSON.parse(after.stdout).findings.filter((f: { ruleId: string }) => fixableRules.has(f.ruleId));
    expect(left).toEqual([]);
  });

  it('rejects an unknown --rule with a hint', async () => {
    const { code, stderr } = await cli(['fix', '--rule', 'run-as-nonroot'], workspace({ 'pod.yaml': pod }));
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('Did you mean "run-as-non-root"?');
  });

  it('leaves findings exempted in the config alone', async () => {
    const dir = workspace({
      'pod.yaml': pod,
      '.plimsoll.yml': `${onlyNonRoot}exemptions:\n  - {rules: [run-as-non-root], name: p, reason: vendor chart}\n`,
    });
    await cli(['fix', '--rule', 'run-as-non-root'], dir);
    expect(readFileSync(join(dir, 'pod.yaml'), 'utf8')).toBe(pod);
  });
});

describe('plimsoll scan with a config', () => {
  it('reads .plimsoll.yml: failOn, rules off, exemptions (kept as suppressed in JSON)', async () => {
    const dir = workspace({ 'pod.yaml': pod, '.plimsoll.yml': `${onlyNonRoot}failOn: critical\n` });
    expect((await cli(['scan', '.'], dir)).code).toBe(EXIT_PASS);
    expect((await cli(['scan', '.', '--fail-on', 'high'], dir)).code).toBe(EXIT_BLOCK);
    const exempted = workspace({ 'pod.yaml': pod, '.github/plimsoll.yml': `${onlyNonRoot}exemptions:\n  - {kind: Pod, reason: demo pod}\n` });
    const { code, stdout } = await cli(['scan', '.', '--format', 'json'], exempted);
    expect(code).toBe(EXIT_PASS);
    const nonRoot = JSON.parse(stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'run-as-non-root');
    expect(nonRoot.suppressed).toEqual({ kind: 'config', reason: 'demo pod' });
    const off = workspace({ 'pod.yaml': pod, 'strict.yml': 'extends: pss-restricted\nrules:\n  run-as-non-root: off\n' });
    const result = await cli(['scan', '.', '--config', 'strict.yml', '--format', 'json'], off);
    expect(JSON.parse(result.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('run-as-non-root');
  });

  it('exits 2 with file:line and a hint on a bad config; --no-config ignores it', async () => {
    const dir = workspace({ 'pod.yaml': pod, '.plimsoll.yml': 'rules:\n  run-as-nonroot: off\n' });
    const { code, stderr } = await cli(['scan', '.'], dir);
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toMatch(/\.plimsoll\.yml:2:3: rules: unknown rule "run-as-nonroot"\. Did you mean "run-as-non-root"\?/);
    expect((await cli(['scan', '.', '--no-config', '--fail-on', 'none'], dir)).code).toBe(EXIT_PASS);
  });

  it('applies include/exclude globs', async () => {
    const dir = workspace({ 'k8s/pod.yaml': pod, 'vendor-charts/pod.yaml': pod, '.plimsoll.yml': 'exclude: ["vendor-charts/**"]\n' });
    const { stdout } = await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], dir);
    expect(new Set(JSON.parse(stdout).findings.map((f: { file: string }) => f.file))).toEqual(new Set(['k8s/pod.yaml']));
  });

  it('--filter added with --diff blocks only on added lines', async () => {
    const dir = workspace({
      'pod.yaml': pod,
      '.plimsoll.yml': onlyNonRoot,
      'change.diff': '--- a/pod.yaml\n+++ b/pod.yaml\n@@ -1,2 +1,2 @@\n-apiVersion: v2\n+apiVersion: v1\n kind: Pod\n',
    });
    const outside = await cli(['scan', 'pod.yaml', '--filter', 'added', '--diff', 'change.diff'], dir);
    expect(outside.code).toBe(EXIT_PASS);
    expect(outside.stderr).toContain('outside the diff (filter added)');
    expect((await cli(['scan', 'pod.yaml', '--filter', 'file', '--diff', 'change.diff'], dir)).code).toBe(EXIT_BLOCK);
    expect((await cli(['scan', 'pod.yaml', '--filter', 'added'], dir)).code).toBe(EXIT_USAGE);
  });

  it('--base with --new-only blocks only on findings the working tree introduces', async () => {
    const dir = workspace({ 'pod.yaml': pod, '.plimsoll.yml': onlyNonRoot });
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // Moving the object down (a comment above it) changes no finding's identity.
    writeFileSync(join(dir, 'pod.yaml'), `# moved\n${pod}`);
    expect((await cli(['scan', '.', '--base', 'HEAD', '--new-only'], dir)).code).toBe(EXIT_PASS);
    writeFileSync(join(dir, 'pod.yaml'), `# moved\n${pod}    - name: second\n      image: "nginx:1.27"\n`);
    const added = await cli(['scan', '.', '--base', 'HEAD', '--new-only'], dir);
    expect(added.code).toBe(EXIT_BLOCK);
    expect(added.stderr).toContain('already on the base branch');
    expect((await cli(['scan', '.', '--base', 'no-such-ref', '--new-only'], dir)).code).toBe(EXIT_USAGE);
  });
});

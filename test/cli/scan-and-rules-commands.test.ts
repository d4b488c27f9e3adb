// The CLI as a user meets it: arguments in, text and exit code out (runCli with captured streams).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_BLOCK, EXIT_PASS, EXIT_USAGE } from '../../src/cli/main.ts';
import { yaml } from '../helpers/scan-helpers.ts';
import { runCliCaptured, tempFolder } from '../helpers/temp-files.ts';

const insecurePod = yaml`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    containers:
      - name: app
        image: nginx:1.27
`;

const workspace = (files: Record<string, string>) => tempFolder(files, 'plimsoll-cli-');
const cli = runCliCaptured;

describe('plimsoll scan', () => {
  it('groups findings by file with file:line:col, and fails at the default threshold', async () => {
    const dir = workspace({ 'k8s/pod.yaml': insecurePod, 'k8s/notes.txt': 'ignored' });
    const { code, stdout } = await cli(['scan', 'k8s'], dir);
    expect(code).toBe(EXIT_BLOCK);
    expect(stdout).toMatch(/^k8s\/pod\.yaml\n/);
    expect(stdout).toContain('k8s/pod.yaml:6:7');
    expect(stdout).toContain('run-as-non-root');
    expect(stdout).toContain('(Pod/p, container app)');
    expect(stdout).not.toContain('\u001b[');
  });

  it('colours only on a terminal', async () => {
    const dir = workspace({ 'pod.yaml': insecurePod });
    expect((await cli(['scan', '.'], dir, true)).stdout).toContain('\u001b[');
    expect((await cli(['scan', '.', '--no-color'], dir, true)).stdout).not.toContain('\u001b[');
  });

  it('--fail-on sets the threshold', async () => {
    const dir = workspace({ 'pod.yaml': insecurePod });
    expect((await cli(['scan', '.', '--fail-on', 'critical'], dir)).code).toBe(EXIT_PASS);
    expect((await cli(['scan', '.', '--fail-on', 'low'], dir)).code).toBe(EXIT_BLOCK);
    expect((await cli(['scan', '.', '--fail-on', 'none'], dir)).code).toBe(EXIT_PASS);
  });

  it('accepts absolute paths and reports them relative to the working folder', async () => {
    const dir = workspace({ 'k8s/pod.yaml': insecurePod });
    const other = workspace({});
    const { code, stdout } = await cli(['scan', join(dir, 'k8s')], other);
    expect(code).toBe(EXIT_BLOCK);
    expect(stdout).toContain('k8s/pod.yaml:6:7');
  });

  it('passes on a clean folder', async () => {
    const dir = workspace({ 'values.yaml': 'replicaCount: 1\n' });
    const { code, stdout } = await cli(['scan', '.'], dir);
    expect(code).toBe(EXIT_PASS);
    expect(stdout).toContain('1 file, 0 objects scanned: no findings.');
  });

  it('writes JSON and SARIF to --output', async () => {
    const dir = workspace({ 'pod.yaml': insecurePod });
    await cli(['scan', 'pod.yaml', '--format', 'json', '--output', join(dir, 'out.json')], dir);
    const report = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(report.summary).toMatchObject({ files: 1, objects: 1 });
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'run-as-non-root', file: 'pod.yaml' }));
    const { stdout } = await cli(['scan', 'pod.yaml', '--format', 'sarif'], dir);
    expect(JSON.parse(stdout).version).toBe('2.1.0');
  });

  it('exits 2 on usage errors', async () => {
    const dir = workspace({});
    const missing = await cli(['scan', 'nope'], dir);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toContain('No such file or folder: nope');
    expect((await cli(['scan', '.', '--format', 'xml'], dir)).code).toBe(EXIT_USAGE);
    expect((await cli(['scan', '.', '--fail-on', 'urgent'], dir)).code).toBe(EXIT_USAGE);
    expect((await cli(['frobnicate'], dir)).code).toBe(EXIT_USAGE);
  });

  it('exits 2 with a clear message when the report or the diff cannot be written or read', async () => {
    const dir = workspace({ 'pod.yaml': insecurePod });
    const output = await cli(['scan', '.', '--format', 'sarif', '--output', 'no-such-folder/report.sarif'], dir);
    expect(output.code).toBe(EXIT_USAGE);
    expect(output.stderr).toBe('plimsoll: Cannot write the report to no-such-folder/report.sarif: ENOENT: no such file or directory\n');
    if (process.platform === 'linux') {
      // /dev/full: every write fails as on a full disk.
      const full = await cli(['scan', '.', '--format', 'sarif', '--output', '/dev/full'], dir);
      expect(full.code).toBe(EXIT_USAGE);
      expect(full.stderr).toBe('plimsoll: Cannot write the report to /dev/full: ENOSPC: no space left on device\n');
    }
    const diff = await cli(['scan', '.', '--diff', 'missing.diff', '--filter', 'added'], dir);
    expect(diff.code).toBe(EXIT_USAGE);
    expect(diff.stderr).toBe('plimsoll: Cannot read the diff missing.diff: ENOENT: no such file or directory\n');
  });

  it.runIf(process.platform === 'linux')('reports a named device as unreadable-file and scans the other files', async () => {
    const dir = workspace({ 'pod.yaml': insecurePod });
    const { code, stdout } = await cli(['scan', 'pod.yaml', '/dev/zero', '--format', 'json'], dir);
    expect(code).toBe(EXIT_BLOCK);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.find((f) => f.ruleId === 'unreadable-file')).toMatchObject({ message: 'File is over 8 MiB; files over 8 MiB are not scanned.' });
    expect(findings.some((f) => f.file === 'pod.yaml' && f.ruleId === 'run-as-non-root')).toBe(true);
  });

  it('passes a folder without manifests, but says that nothing was scanned', async () => {
    const dir = workspace({ 'docs/readme.md': '# hi\n', 'k8s/pod.yaml': insecurePod });
    const empty = await cli(['scan', 'docs'], dir);
    expect(empty.code).toBe(EXIT_PASS);
    expect(empty.stderr).toContain('plimsoll: no .yaml, .yml or .json files in docs; nothing was scanned.\n');
    writeFileSync(join(dir, '.plimsoll.yml'), 'exclude: ["k8s/**"]\n');
    const excluded = await cli(['scan', 'k8s'], dir);
    expect(excluded.code).toBe(EXIT_PASS);
    expect(excluded.stderr).toContain("plimsoll: the config's include/exclude left none of the 1 manifest file(s) in k8s; nothing was scanned.\n");
    expect((await cli(['scan', 'k8s', '--no-config'], dir)).stderr).not.toContain('nothing was scanned');
  });

  it('reports a broken file as a finding instead of crashing', async () => {
    const dir = workspace({ 'bad.yaml': 'a: b: c\n' });
    const { code, stdout } = await cli(['scan', '.'], dir);
    expect(code).toBe(EXIT_BLOCK);
    expect(stdout).toContain('bad.yaml:1:');
    expect(stdout).toContain('parse-error');
  });
});

describe('plimsoll rules', () => {
  it('lists rules and explains one', async () => {
    const dir = workspace({});
    const list = await cli(['rules'], dir);
    expect(list.stdout).toMatch(/^run-as-non-root\s+high\s+security/m);
    const explain = await cli(['rules', 'run-as-non-root'], dir);
    expect(explain.stdout).toContain('Severity:    high');
    expect(explain.stdout).toContain('pss-restricted');
  });

  it('suggests the closest id for a typo', async () => {
    const { code, stderr } = await cli(['rules', 'run-as-nonroot'], workspace({}));
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('Did you mean "run-as-non-root"?');
  });
});

// The CLI's context flags: --context adds files that are read but not reported, and
// --complete-namespaces turns "missing from the context" into a finding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, EXIT_BLOCK, EXIT_PASS } from '../../src/cli/main.ts';
import { yaml } from '../helpers/scan-helpers.ts';

const service = yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec:
    selector: {app: web}
    ports: [{port: 80}]
`;

const deployment = (app: string) => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    selector: {matchLabels: {app: ${app}}}
    template:
      metadata: {labels: {app: ${app}}}
      spec:
        containers: [{name: app, image: "app:1.0"}]
`;

async function crossObjectFindings(args: string[], files: Record<string, string>): Promise<{ file: string; ruleId: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-context-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  let stdout = '';
  const configArgs = files['.plimsoll.yml'] ? [] : ['--no-config'];
  await runCli(['scan', ...args, '--format', 'json', '--fail-on', 'none', ...configArgs], { stdout: (t) => (stdout += t), stderr: () => {}, isTty: false, cwd: dir, env: {} });
  const report = JSON.parse(stdout) as { findings: { file: string; ruleId: string }[] };
  return report.findings.filter((f) => f.ruleId === 'service-selects-no-pods').map((f) => ({ file: f.file, ruleId: f.ruleId }));
}

describe('plimsoll scan --context', () => {
  it('is unknown without context, and finds the near miss in a context file', async () => {
    const files = { 'k8s/svc.yaml': service, 'k8s/deploy.yaml': deployment('web-v2') };
    expect(await crossObjectFindings(['k8s/svc.yaml'], files)).toEqual([]);
    expect(await crossObjectFindings(['k8s/svc.yaml', '--context', 'k8s'], files)).toEqual([{ file: 'k8s/svc.yaml', ruleId: 'service-selects-no-pods' }]);
  });

  it('reports a missing workload only for complete namespaces', async () => {
    const files = { 'k8s/svc.yaml': service };
    expect(await crossObjectFindings(['k8s'], files)).toEqual([]);
    expect(await crossObjectFindings(['k8s', '--complete-namespaces', 'other'], files)).toEqual([]);
    expect(await crossObjectFindings(['k8s', '--complete-namespaces', 'shop'], files)).toHaveLength(1);
  });

  it('reads complete namespaces and the default namespace from the config file', async () => {
    const files = { 'k8s/svc.yaml': service, '.plimsoll.yml': 'context:\n  completeNamespaces: [shop]\n' };
    expect(await crossObjectFindings(['k8s'], files)).toHaveLength(1);
    const unnamespaced = service.replace(', namespace: shop', '');
    expect(await crossObjectFindings(['k8s'], { ...files, 'k8s/svc.yaml': unnamespaced })).toEqual([]);
    const withDefault = { 'k8s/svc.yaml': unnamespaced, '.plimsoll.yml': 'context:\n  completeNamespaces: [shop]\n  defaultNamespace: shop\n' };
    expect(await crossObjectFindings(['k8s'], withDefault)).toHaveLength(1);
  });

  it('--new-only compares with the base scanned with the same context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-context-git-'));
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s/svc.yaml'), service);
    writeFileSync(join(dir, 'k8s/deploy.yaml'), deployment('web-v2'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const run = async (args: string[]) => {
      let stderr = '';
      const code = await runCli(['scan', 'k8s/svc.yaml', '--context', 'k8s', '--no-config', '--fail-on', 'high', ...args], {
        stdout: () => {},
        stderr: (t) => (stderr += t),
        isTty: false,
        cwd: dir,
        env: {},
      });
      return { code, stderr };
    };
    // The near miss is already on the base branch: not new, does not block.
    writeFileSync(join(dir, 'k8s/svc.yaml'), `# touched\n${service}`);
    expect((await run([])).code).toBe(EXIT_BLOCK);
    expect((await run(['--base', 'HEAD', '--new-only'])).code).toBe(EXIT_PASS);
  });
});

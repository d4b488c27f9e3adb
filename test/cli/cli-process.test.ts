// The CLI as a process: bin/plimsoll.ts runs it on its main thread or, for large inputs, in a worker
// thread (for its heap limits). Either way, output, its order and the exit code must come out whole
// and the same.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, EXIT_BLOCK, EXIT_PASS, EXIT_USAGE } from '../../src/cli/main.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/plimsoll.ts');

function runProcess(args: string[], cwd = root, env: NodeJS.ProcessEnv = process.env) {
  const child = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

async function inProcess(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty: false, cwd, env: {} });
  return { code, stdout, stderr };
}

/** Many pods in one folder: enough findings that the SARIF output takes many writes. */
function manyPods(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-process-'));
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(dir, `pod-${i}.yaml`),
      `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, namespace: ns-${i % 7}}\nspec:\n  containers: [{name: app, image: "nginx:1.${i}"}]\n`,
    );
  }
  return dir;
}

describe.each(['main', 'worker'])('plimsoll as a process, CLI on the %s thread', (thread) => {
  const env = { ...process.env, PLIMSOLL_CLI_THREAD: thread };
  const run = (args: string[], cwd = root) => runProcess(args, cwd, env);

  it('prints the same report and exits with the same code as runCli', async () => {
    const args = ['scan', 'examples/bad-deployment.yaml', '--no-config', '--format', 'json'];
    const direct = await inProcess(args);
    const proc = run(args);
    expect(direct.code).toBe(EXIT_BLOCK);
    expect(proc.code).toBe(EXIT_BLOCK);
    expect(proc.stdout).toBe(direct.stdout);
    expect(JSON.parse(proc.stdout).findings.length).toBeGreaterThan(0);
    expect(proc.stderr).toBe(direct.stderr);
  });

  it('passes the exit code of a passing scan and of a usage error', () => {
    expect(run(['scan', 'examples/hardened.yaml', '--no-config', '--fail-on', 'none']).code).toBe(EXIT_PASS);
    const usage = run(['scan', '--no-such-option']);
    expect(usage.code).toBe(EXIT_USAGE);
    expect(usage.stderr).toMatch(/no-such-option/);
  });

  it('stops writing quietly when the reader closes the pipe, and keeps the exit code of its verdict', async () => {
    // `plimsoll scan | head`: the report (MBs) outlives its reader, which goes after the first chunk.
    const child = spawn(process.execPath, [bin, 'scan', '.', '--no-config', '--format', 'json'], { cwd: manyPods(400), env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|internal error|Unhandled/);
    expect(code).toBe(EXIT_BLOCK);
  });

  it.each(['/dev/stdin', '-'])('scans manifests piped to standard input: helm template … | plimsoll scan %s', (name) => {
    const child = spawnSync(process.execPath, [bin, 'scan', name, '--no-config', '--format', 'json'], {
      cwd: root,
      env,
      input: readFileSync(join(root, 'examples/bad-deployment.yaml')),
      encoding: 'utf8',
    });
    expect(child.status).toBe(EXIT_BLOCK);
    const report = JSON.parse(child.stdout) as { summary: { objects: number }; findings: { ruleId: string; file: string }[] };
    expect(report.summary.objects).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toContain('run-as-non-root');
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(['/dev/stdin']));
  });

  it('fixes standard input only as a diff (--dry-run): there is no file to write back to', () => {
    const input = readFileSync(join(root, 'examples/bad-deployment.yaml'));
    const write = spawnSync(process.execPath, [bin, 'fix', '-', '--no-config'], { cwd: root, env, input, encoding: 'utf8' });
    expect(write.status).toBe(EXIT_USAGE);
    expect(write.stderr).toContain('fix cannot write back to standard input; add --dry-run');
    const diff = spawnSync(process.execPath, [bin, 'fix', '-', '--no-config', '--dry-run'], { cwd: root, env, input, encoding: 'utf8' });
    expect(diff.status).toBe(EXIT_PASS);
    expect(diff.stdout).toMatch(/^--- a\/dev\/stdin\n\+\+\+ b\/dev\/stdin$/m);
    expect(diff.stdout).toMatch(/^-\s+privileged: true$/m);
    expect(diff.stdout).toMatch(/^\+\s+privileged: false$/m);
  });

  it('delivers a large SARIF report on stdout whole', async () => {
    const dir = manyPods(400);
    const args = ['scan', '.', '--no-config', '--format', 'sarif', '--fail-on', 'none'];
    const proc = run(args, dir);
    expect(proc.code).toBe(EXIT_PASS);
    const direct = await inProcess(args, dir);
    expect(proc.stdout.length).toBeGreaterThan(1_000_000);
    expect(proc.stdout).toBe(direct.stdout);
    expect(JSON.parse(proc.stdout).runs[0].results.length).toBeGreaterThan(4_000);
  });

});

describe('plimsoll as a process, thread chosen by the launcher', () => {
  it('reports running out of heap as a clear error with exit code 2, not a V8 crash', () => {
    // A tight heap limit sends even a small input to the worker, which inherits the limit: 16 MB is
    // enough for the launcher, not for the CLI.
    const proc = runProcess(['scan', 'examples', '--no-config'], root, { ...process.env, NODE_OPTIONS: '--max-old-space-size=16' });
    expect(proc.code).toBe(EXIT_USAGE);
    expect(proc.stderr).toMatch(/^plimsoll: out of memory: .*max-old-space-size/m);
    expect(proc.stderr).not.toMatch(/FATAL ERROR|JavaScript heap out of memory/);
  });
});

// Test folders and CLI runs without a process: the shapes many CLI and config tests share.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.ts';

/** A fresh temporary folder holding `files` (relative path → text), parents created. */
export function tempFolder(files: Record<string, string>, prefix = 'plimsoll-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** runCli in `cwd` with captured output (no terminal, empty environment). */
export async function runCliCaptured(args: string[], cwd: string, isTty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTty, cwd, env: {} });
  return { code, stdout, stderr };
}

#!/usr/bin/env node
// CLI entry: wires the real process to runCli. Node 24 runs this TypeScript file directly.
import { runCli } from '../src/cli/main.ts';

const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  stderrIsTty: Boolean(process.stderr.isTTY),
  cwd: process.cwd(),
  env: process.env,
}).catch((error: unknown) => {
  process.stderr.write(`plimsoll: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
});
process.exitCode = exitCode;

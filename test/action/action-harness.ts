// Runs the BUILT Action (action/dist/index.js) the way the runner does: a child process of Node 24
// with INPUT_*, GITHUB_EVENT_PATH (a real webhook payload from @octokit/webhooks-examples),
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_API_URL pointing at the fake GitHub.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { FakeGitHub } from '../fake-github/fake-github-server.ts';
import { seedPullRequest, type FakePull, type SeedFile } from '../fake-github/fake-github-state.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = join(ROOT, 'node_modules/.bin/node');
export const ACTION_ENTRY = join(ROOT, 'action/dist/index.js');

const actionYml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
const ACTION_DEFAULTS: Record<string, string> = Object.fromEntries(Object.entries(actionYml.inputs).map(([name, input]) => [name, String(input.default ?? '')]));

export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';

interface WebhookExample {
  name: string;
  examples: Record<string, any>[];
}

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExample[];

/** A real webhook payload of that event and action, deep-copied. */
export function webhookPayload(event: string, action?: string): Record<string, any> {
  const found = examples.find((e) => e.name === event)?.examples.find((x) => action === undefined || x.action === action);
  if (!found) throw new Error(`No ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: { kind: string; properties: Record<string, string>; message: string }[];
  workspace: string;
  wallMs: number;
}

export interface RunActionOptions {
  fake?: FakeGitHub;
  workspace: string;
  eventName: string;
  payload: Record<string, unknown>;
  inputs?: Record<string, string>;
  token?: string;
  sha?: string;
}

/** GitHub Actions sets INPUT_<NAME> with the name upper-cased, spaces as underscores (dashes kept). */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-runner-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  // The runner sets every input: the workflow's value, else the default in action.yml.
  const inputs: Record<string, string> = { ...ACTION_DEFAULTS, token: options.token ?? 'ghs_test_token', ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_SHA: options.sha ?? 'c'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.fake?.url ?? 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: `${options.fake?.url ?? 'http://127.0.0.1:9'}/graphql`,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(NODE, [ACTION_ENTRY], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? -1, stdout: out, stderr: err }));
  });
  const wallMs = performance.now() - started;
  return {
    exitCode: code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: readFileSync(summaryPath, 'utf8'),
    annotations: parseAnnotations(stdout),
    workspace: options.workspace,
    wallMs,
  };
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as @actions/core writes them. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

export function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const found: ActionRun['annotations'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescape(pair.slice(at + 1));
    }
    found.push({ kind: m[1]!, properties, message: unescape(m[3]!) });
  }
  return found;
}

/** A checkout: writes files (path → text) into a fresh temporary folder. */
export function makeWorkspace(files: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'plimsoll-workspace-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  return workspace;
}

export interface PullScenario {
  workspace: string;
  payload: Record<string, any>;
  pull: FakePull;
}

export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);

/**
 * A pull request: the fake knows its files and patches, the workspace holds the head versions
 * (plus `unchanged` files that are in the repository but not in the diff), and the event payload
 * is the real `pull_request.opened` example pointed at them.
 */
export function pullRequestScenario(
  fake: FakeGitHub,
  files: SeedFile[],
  options: { unchanged?: Record<string, string>; number?: number; headSha?: string; fork?: boolean } = {},
): PullScenario {
  const number = options.number ?? 2;
  const headSha = options.headSha ?? HEAD_SHA;
  const pull = seedPullRequest(fake.state, { owner: OWNER, repo: REPO, number, headSha, baseSha: BASE_SHA, files });
  const head: Record<string, string> = { ...options.unchanged };
  for (const f of files) if (f.after !== undefined) head[f.filename] = f.after;
  const workspace = makeWorkspace(head);
  const payload = webhookPayload('pull_request', 'opened');
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.head.sha = headSha;
  payload.pull_request.base.sha = BASE_SHA;
  if (options.fork) {
    payload.pull_request.head.repo.full_name = `forker/${REPO}`;
    payload.pull_request.head.repo.fork = true;
    payload.pull_request.head.repo.owner.login = 'forker';
  }
  return { workspace, payload, pull };
}

/** Moves the same pull request to a new head: new files, patches and checkout. */
export function updatePullRequest(fake: FakeGitHub, scenario: PullScenario, files: SeedFile[], headSha: string): PullScenario {
  return pullRequestScenario(fake, files, { number: scenario.pull.number, headSha });
}

export function readSarif(run: ActionRun): any {
  const path = run.outputs['sarif-file'];
  if (!path || !existsSync(path)) throw new Error(`No SARIF file was written (exit ${run.exitCode})\nstdout: ${run.stdout.slice(-2000)}\nstderr: ${run.stderr.slice(-2000)}`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

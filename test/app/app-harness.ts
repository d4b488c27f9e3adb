// Runs the real App (Probot webhook middleware on a node:http server on 127.0.0.1) against the fake
// GitHub, and sends it webhooks signed with a test secret, built from @octokit/webhooks-examples.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import Bottleneck from 'bottleneck';
import { sign } from '@octokit/webhooks-methods';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../app/start-app.ts';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/fake-github-server.ts';
import { contentKey, type FakePull } from '../fake-github/fake-github-state.ts';
import { appState, seedAppPull, type SeedAppPull } from '../fake-github/graphql-routes.ts';
import { APP_BOT, APP_SLUG, registerAppRoutes } from './fake-app-routes.ts';
import { example, INSTALLATION_ID } from './webhook-examples.ts';

export const WEBHOOK_SECRET = 'plimsoll-test-secret';
export const APP_ID = 777;
export const OWNER = 'Codertocat';
export const REPO = 'Hello-World';

let privateKey: string | undefined;
function testPrivateKey(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  return privateKey;
}

export interface Harness {
  fake: FakeGitHub;
  app: RunningApp;
  /** JSON log lines the App wrote. */
  logs: Record<string, unknown>[];
  send(event: string, payload: unknown, options?: { secret?: string; delivery?: string; signature?: string }): Promise<{ status: number; body: string; delivery: string }>;
  seedPull(seed: Partial<SeedAppPull> & { number: number; files: SeedAppPull['files'] }): FakePull;
  setConfig(yaml: string): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Keep GitHub's 1 s spacing between writes (the latency script measures both). */
  realThrottling?: boolean;
  /** Share one fake GitHub between several App instances (replicas). */
  fake?: FakeGitHub;
  /** Probot's REDIS_URL: cluster-wide rate limiting. */
  redisUrl?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const shared = options.fake;
  const fake = shared ?? (await startFakeGitHub());
  if (!shared) registerAppRoutes(fake);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: process.env.PLIMSOLL_TEST_LOG ?? 'info' }, sink);
  const app = await startApp({
    env: { APP_SLUG },
    overrides: { appId: APP_ID, privateKey: testPrivateKey(), secret: WEBHOOK_SECRET, baseUrl: fake.url, log, ...(options.redisUrl ? { redisConfig: options.redisUrl } : {}) },
    app: { appId: APP_ID, appSlug: APP_SLUG },
    octokit: options.realThrottling
      ? {}
      : {
          // Same plugins and retry decisions, without GitHub's waits: 10 ms per "second".
          throttle: {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
            notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
            retryAfterBaseValue: 10,
          },
          retry: { retryAfterBaseValue: 10 },
        },
    port: 0,
    host: '127.0.0.1',
  });
  appState(fake).permissions.set('maintainer', 'write');
  return {
    fake,
    app,
    logs,
    async send(event, payload, sendOptions = {}) {
      const body = JSON.stringify(payload);
      const delivery = sendOptions.delivery ?? randomUUID();
      const signature = sendOptions.signature ?? (await sign(sendOptions.secret ?? WEBHOOK_SECRET, body));
      const response = await fetch(app.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signature },
        body,
      });
      const text = await response.text();
      // Probot answers 202 when a handler runs longer than 9 s (a loaded machine): wait for it to finish.
      if (response.status === 202) await waitForQuiet(fake);
      return { status: response.status, body: text, delivery };
    },
    seedPull(seed) {
      return seedAppPull(fake, { owner: OWNER, repo: REPO, headSha: sha('head', seed.number), baseSha: sha('base', seed.number), ...seed });
    },
    setConfig(yaml) {
      fake.state.contents.set(contentKey(OWNER, REPO, 'HEAD', '.github/plimsoll.yml'), yaml);
    },
    async close() {
      await app.close();
      if (!shared) await fake.close();
    },
  };
}

/** Resolves once the fake has seen no request for 500 ms. */
async function waitForQuiet(fake: FakeGitHub): Promise<void> {
  let seen = -1;
  while (seen !== fake.calls.length) {
    seen = fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function sha(label: string, n: number | string): string {
  return Buffer.from(`${label}-${n}`).toString('hex').padEnd(40, '0').slice(0, 40);
}

// ---- payloads -------------------------------------------------------------------------------------

function withInstallation(payload: Record<string, any>): Record<string, any> {
  payload.repository.name = REPO;
  payload.repository.full_name = `${OWNER}/${REPO}`;
  payload.repository.owner.login = OWNER;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  return payload;
}

export function pullRequestEvent(action: string, pull: FakePull, extra: { before?: string; sender?: string } = {}): Record<string, any> {
  const payload = example('pull_request', action === 'synchronize' || action === 'reopened' || action === 'ready_for_review' ? action : 'opened');
  payload.action = action;
  payload.number = pull.number;
  payload.pull_request.number = pull.number;
  payload.pull_request.state = 'open';
  payload.pull_request.draft = false;
  payload.pull_request.head.sha = pull.headSha;
  payload.pull_request.base.sha = pull.baseSha;
  if (action === 'synchronize') {
    payload.before = extra.before ?? sha('before', pull.number);
    payload.after = pull.headSha;
  }
  if (extra.sender) payload.sender = { ...payload.sender, login: extra.sender, type: extra.sender.endsWith('[bot]') ? 'Bot' : 'User' };
  return withInstallation(payload);
}

export function checkRunEvent(action: 'rerequested' | 'requested_action', run: { id: number; headSha: string; externalId: string | null }, sender = 'maintainer'): Record<string, any> {
  const payload = example('check_run', action);
  payload.check_run.id = run.id;
  payload.check_run.name = 'Plimsoll';
  payload.check_run.head_sha = run.headSha;
  payload.check_run.external_id = run.externalId;
  // As for fork PRs: the App must find the PR from external_id, not from pull_requests.
  payload.check_run.pull_requests = [];
  if (action === 'requested_action') payload.requested_action = { identifier: 'apply-fixes' };
  payload.sender = { ...payload.sender, login: sender, type: 'User' };
  return withInstallation(payload);
}

export function checkSuiteEvent(action: 'requested' | 'rerequested', pull: FakePull): Record<string, any> {
  const payload = example('check_suite', action);
  payload.check_suite.head_sha = pull.headSha;
  payload.check_suite.pull_requests = [
    {
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}`,
      id: pull.number,
      number: pull.number,
      head: { ref: 'feature', sha: pull.headSha, repo: { id: payload.repository.id, url: '', name: REPO } },
      base: { ref: 'main', sha: pull.baseSha, repo: { id: payload.repository.id, url: '', name: REPO } },
    },
  ];
  return withInstallation(payload);
}

export function fixCommentEvent(pull: FakePull, sender: string, body = '/plimsoll fix'): Record<string, any> {
  const payload = example('issue_comment', 'created');
  payload.issue.number = pull.number;
  payload.issue.pull_request = { url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${pull.number}`, html_url: '', diff_url: '', patch_url: '' };
  payload.comment.body = body;
  payload.sender = { ...payload.sender, login: sender, type: sender.endsWith('[bot]') ? 'Bot' : 'User' };
  payload.comment.user = payload.sender;
  return withInstallation(payload);
}

export { APP_BOT };

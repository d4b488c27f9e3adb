// End to end: signed webhooks over HTTP to the running App, which talks to the fake GitHub.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanSources } from '../../src/engine/scan.ts';
import { decideVerdict } from '../../src/policy/verdict.ts';
import { applyPolicy } from '../../src/policy/apply-policy.ts';
import { emptyConfig } from '../../src/config/load-config.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { contentKey, type FakeCheckRun, type FakePull } from '../fake-github/fake-github-state.ts';
import { appState, pushToPull } from '../fake-github/graphql-routes.ts';
import {
  APP_BOT,
  OWNER,
  REPO,
  checkRunEvent,
  checkSuiteEvent,
  fixCommentEvent,
  pullRequestEvent,
  sha,
  startHarness,
  type Harness,
} from './app-harness.ts';
import { FIXABLE, HARDENED } from './fixtures.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  // The fake's own mistakes (responses not matching GitHub's schema) would make every test suspect.
  expect(h.fake.problems).toEqual([]);
  await h.close();
});

/** What the core says with the default config, to compare the App's report with. */
function coreScan(path: string, text: string) {
  const config = resolveConfig(emptyConfig());
  const findings = applyPolicy(scanSources([{ path, bytes: new TextEncoder().encode(text) }], config.scanOptions).findings, config);
  return { findings, verdict: decideVerdict(findings, { failOn: config.failOn }) };
}

function runsFor(headSha: string): FakeCheckRun[] {
  return [...h.fake.state.checkRuns.values()].filter((r) => r.headSha === headSha).sort((a, b) => a.id - b.id);
}

function textAt(pull: FakePull, path: string): string | undefined {
  return h.fake.state.contents.get(contentKey(OWNER, REPO, pull.headSha, path));
}

function seedFixable(number: number, extra: Parameters<Harness['seedPull']>[0] extends infer S ? Partial<S> : never = {}): FakePull {
  return h.seedPull({ number, files: [{ filename: 'deploy/web.yaml', before: HARDENED, after: FIXABLE }], ...extra });
}

describe('pull request with findings', () => {
  it('fails the check, annotates every finding, reviews with suggestions and offers Apply fixes', async () => {
    const pull = seedFixable(7);
    const response = await h.send('pull_request', pullRequestEvent('opened', pull));
    // 202: Probot's "still processing" after 9 s on a loaded machine; the harness then waits.
    expect([200, 202]).toContain(response.status);
    const [run, ...others] = runsFor(pull.headSha);
    expect(others).toEqual([]);
    const expected = coreScan('deploy/web.yaml', FIXABLE);
    expect(expected.verdict.block).toBe(true);
    expect(run).toMatchObject({ name: 'Plimsoll', status: 'completed', conclusion: 'failure', externalId: 'pr:7' });
    expect(run!.annotations).toHaveLength(expected.findings.length);
    expect(run!.annotations.map((a) => a.start_line).sort()).toEqual(expected.findings.map((f) => f.range.start.line).sort());
    expect(run!.actions).toEqual([{ label: 'Apply fixes', description: expect.any(String), identifier: 'apply-fixes' }]);
    expect(run!.output.summary).toContain('allow-privilege-escalation');
    expect(h.fake.state.reviews).toHaveLength(1);
    expect(h.fake.state.reviews[0]).toMatchObject({ user: APP_BOT, event: 'COMMENT', commitId: pull.headSha });
    const suggestion = h.fake.state.reviewComments.find((c) => c.body.includes('allow-privilege-escalation'));
    expect(suggestion?.body).toMatch(/```suggestion\n\s*allowPrivilegeEscalation: false\n```/);
    // Every finding on a changed line has exactly one comment.
    const fingerprints = h.fake.state.reviewComments.map((c) => /fingerprint=(\w+)/.exec(c.body)?.[1]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('sends annotations 50 a request and keeps the summary under 65,535 characters', async () => {
    const docs = Array.from({ length: 40 }, (_, i) => FIXABLE.replace(/name: web\n/, `name: web-${i}\n`)).join('---\n');
    const pull = h.seedPull({ number: 8, files: [{ filename: 'deploy/many.yaml', after: docs }] });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    const expected = coreScan('deploy/many.yaml', docs);
    expect(expected.findings.length).toBeGreaterThan(100);
    expect(run!.annotations).toHaveLength(expected.findings.length);
    const writes = h.fake.callsTo('checks/update').filter((c) => (c.body as { output?: { annotations?: unknown[] } }).output?.annotations);
    expect(writes.length).toBe(Math.ceil(expected.findings.length / 50));
    for (const call of writes) expect(((call.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length).toBeLessThanOrEqual(50);
    expect(run!.output.summary!.length).toBeLessThan(65_535);
    // Reviews are batched at most 30 comments each.
    for (const review of h.fake.state.reviews) expect(review.commentIds.length).toBeLessThanOrEqual(30);
  });
});

describe('cross-object context', () => {
  it('reads the changed files\' folders as context in the same query: a duplicate of an unchanged object is found', async () => {
    const pull = h.seedPull({ number: 60, files: [{ filename: 'deploy/x-copy.yaml', after: HARDENED }] });
    h.fake.state.contents.set(contentKey(OWNER, REPO, pull.headSha, 'deploy/web.yaml'), HARDENED);
    h.fake.state.contents.set(contentKey(OWNER, REPO, pull.headSha, 'other/web.yaml'), HARDENED);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    const duplicates = run!.annotations.filter((a) => a.title?.includes('duplicate-object'));
    expect(duplicates.map((a) => a.path)).toEqual(['deploy/x-copy.yaml']);
    expect(run!.annotations.every((a) => a.path === 'deploy/x-copy.yaml')).toBe(true);
    expect(h.fake.callsTo('POST /graphql').filter((c) => JSON.stringify(c.body).includes('PlimsollBlobs'))).toHaveLength(1);
  });

  it('reports a Kustomize patch as a patch when the kustomization beside it names it, as the CLI does', async () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 5}\n';
    const pull = h.seedPull({ number: 65, files: [{ filename: 'overlays/prod/replicas.yaml', after: patch }] });
    h.fake.state.contents.set(contentKey(OWNER, REPO, pull.headSha, 'overlays/prod/kustomization.yaml'), 'resources: [../../base]\npatches:\n  - path: replicas.yaml\n');
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run!.conclusion).toBe('success');
    expect(run!.annotations.map((a) => a.title)).toEqual([expect.stringContaining('kustomize-patch')]);
    // Kept in a subfolder, named by the kustomization above it; still one query for every file.
    const nested = h.seedPull({ number: 66, files: [{ filename: 'overlays/dev/patches/replicas.yaml', after: patch }] });
    h.fake.state.contents.set(contentKey(OWNER, REPO, nested.headSha, 'overlays/dev/kustomization.yaml'), 'patches:\n  - path: patches/replicas.yaml\n');
    const queries = h.fake.callsTo('POST /graphql').length;
    await h.send('pull_request', pullRequestEvent('opened', nested));
    expect(runsFor(nested.headSha)[0]!.conclusion).toBe('success');
    expect(h.fake.callsTo('POST /graphql').filter((c) => JSON.stringify(c.body).includes('PlimsollBlobs')).length).toBe(
      h.fake.callsTo('POST /graphql').slice(0, queries).filter((c) => JSON.stringify(c.body).includes('PlimsollBlobs')).length + 1,
    );
  });

  it('does not claim complete namespaces from a partial view', async () => {
    h.setConfig('context:\n  completeNamespaces: ["*"]\n');
    const pull = h.seedPull({ number: 64, files: [{ filename: 'deploy/web.yaml', after: HARDENED }] });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run!.output.summary).toContain('`context.completeNamespaces` is not applied by the GitHub App');
  });
});

describe('policy and input', () => {
  it('with newOnly, findings already on the base branch do not block; new ones do', async () => {
    h.setConfig('newOnly: true\n');
    const old = h.seedPull({ number: 61, files: [{ filename: 'deploy/web.yaml', before: FIXABLE, after: FIXABLE.replace('replicas: 3', 'replicas: 4') }] });
    await h.send('pull_request', pullRequestEvent('opened', old));
    const [run] = runsFor(old.headSha);
    expect(run).toMatchObject({ conclusion: 'success' });
    expect(run!.output.summary).toContain('already on the base branch');
    const fresh = h.seedPull({ number: 62, files: [{ filename: 'deploy/web.yaml', before: HARDENED, after: FIXABLE }] });
    await h.send('pull_request', pullRequestEvent('opened', fresh));
    expect(runsFor(fresh.headSha)[0]).toMatchObject({ conclusion: 'failure' });
  });

  it('reads a blob GraphQL truncates over REST, and reports a binary file instead of skipping it', async () => {
    const big = `${'# padding comment line to make the manifest large\n'.repeat(12_000)}${FIXABLE}`;
    const pull = h.seedPull({ number: 63, files: [{ filename: 'deploy/big.yaml', after: big }, { filename: 'deploy/blob.yaml', after: 'apiVersion: v1\0\0binary' }] });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(h.fake.callsTo('git/get-blob')).toHaveLength(1);
    const [run] = runsFor(pull.headSha);
    expect(run!.annotations.some((a) => a.path === 'deploy/big.yaml' && a.title?.includes('allow-privilege-escalation'))).toBe(true);
    expect(run!.annotations.some((a) => a.path === 'deploy/blob.yaml' && a.title?.includes('unreadable-file'))).toBe(true);
  });
});

describe('clean pull request', () => {
  it('passes the check with no button and no review', async () => {
    expect(coreScan('deploy/web.yaml', HARDENED).verdict.block).toBe(false);
    const pull = h.seedPull({ number: 9, files: [{ filename: 'deploy/web.yaml', after: HARDENED }, { filename: 'README.md', after: '# hi\n' }] });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run!.output.summary).toContain('Scanned 1 changed manifest file');
  });

  it('judges by the repository config: failOn none passes a PR with high findings', async () => {
    h.setConfig('failOn: none\n');
    const pull = seedFixable(10);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(runsFor(pull.headSha)[0]).toMatchObject({ conclusion: 'success' });
  });

  it("falls back to the organisation's .github repository when the repository has no config", async () => {
    h.fake.state.contents.set(contentKey(OWNER, '.github', 'HEAD', '.github/plimsoll.yml'), 'failOn: none\n');
    const pull = seedFixable(112);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(runsFor(pull.headSha)[0]).toMatchObject({ conclusion: 'success' });
  });

  it('follows _extends to another repository for shared config', async () => {
    h.setConfig('_extends: policies\nrules:\n  allow-privilege-escalation: medium\n');
    h.fake.state.contents.set(contentKey(OWNER, 'policies', 'HEAD', '.github/plimsoll.yml'), 'failOn: high\nrules:\n  run-as-non-root: low\n');
    const pull = seedFixable(11);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    // Both files count: the shared one lowers run-as-non-root, the repository's lowers the other.
    expect(runsFor(pull.headSha)[0]).toMatchObject({ conclusion: 'success' });
    h.setConfig('_extends: policies\n');
    const other = seedFixable(111);
    await h.send('pull_request', pullRequestEvent('opened', other));
    expect(runsFor(other.headSha)[0]).toMatchObject({ conclusion: 'failure' });
  });
});

describe('Apply fixes', () => {
  it('commits every fix on the branch without an author, with the expected head, then re-scans green', async () => {
    const pull = seedFixable(12);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [first] = runsFor(pull.headSha);
    const oldHead = pull.headSha;
    const response = await h.send('check_run', checkRunEvent('requested_action', { id: first!.id, headSha: oldHead, externalId: first!.externalId }));
    expect([200, 202]).toContain(response.status);
    const commits = appState(h.fake).commits;
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ parent: oldHead, repository: `${OWNER}/${REPO}`, branch: 'feature-12', committer: APP_BOT, paths: ['deploy/web.yaml'] });
    const mutation = h.fake.callsTo('POST /graphql').map((c) => c.body as { query: string; variables: { input?: Record<string, unknown> } }).find((b) => b.query.includes('createCommitOnBranch'));
    expect(mutation!.variables.input!.expectedHeadOid).toBe(oldHead);
    expect(JSON.stringify(mutation!.variables.input)).not.toMatch(/author|force/i);
    expect(pull.headSha).toBe(commits[0]!.oid);
    const fixed = textAt(pull, 'deploy/web.yaml')!;
    expect(coreScan('deploy/web.yaml', fixed).verdict.block).toBe(false);
    const [rescan] = runsFor(pull.headSha);
    expect(rescan).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(rescan!.output.summary).toContain('committed 2 fixes');
    // The fixed findings' review threads are resolved.
    const threads = h.fake.state.reviewComments.filter((c) => /run-as-non-root|allow-privilege-escalation/.test(c.body));
    expect(threads.length).toBeGreaterThan(0);
    for (const c of threads) expect(appState(h.fake).resolvedThreads.has(`PRRT_fake${c.id}`)).toBe(true);
  });

  it('does not loop on its own push: the synchronize it causes makes no new run and no commit', async () => {
    const pull = seedFixable(13);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [first] = runsFor(pull.headSha);
    const oldHead = pull.headSha;
    await h.send('check_run', checkRunEvent('requested_action', { id: first!.id, headSha: oldHead, externalId: first!.externalId }));
    const runsBefore = h.fake.state.checkRuns.size;
    await h.send('pull_request', pullRequestEvent('synchronize', pull, { before: oldHead, sender: APP_BOT }));
    expect(h.fake.state.checkRuns.size).toBe(runsBefore);
    expect(appState(h.fake).commits).toHaveLength(1);
  });

  it('applies fixes on a /plimsoll fix comment from a user with write access', async () => {
    const pull = seedFixable(14);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    await h.send('issue_comment', fixCommentEvent(pull, 'maintainer'));
    expect(appState(h.fake).commits).toHaveLength(1);
    expect(runsFor(pull.headSha)[0]).toMatchObject({ conclusion: 'success' });
  });

  it('refuses a /plimsoll fix comment from a user without write access, and says why', async () => {
    const pull = seedFixable(15);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    await h.send('issue_comment', fixCommentEvent(pull, 'drive-by'));
    expect(appState(h.fake).commits).toHaveLength(0);
    expect(h.fake.state.issueComments.at(-1)?.body).toContain('does not have write access');
  });

  it('ignores fix commands from bots', async () => {
    const pull = seedFixable(16);
    await h.send('issue_comment', fixCommentEvent(pull, 'some-ci[bot]'));
    expect(h.fake.calls.filter((c) => c.path !== '/app/installations/4242/access_tokens')).toEqual([]);
  });

  it('re-scans instead of committing when the branch moved after the button was pressed', async () => {
    const pull = seedFixable(17);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [first] = runsFor(pull.headSha);
    const oldHead = pull.headSha;
    pushToPull(h.fake, pull, sha('moved', 17), { 'deploy/web.yaml': HARDENED });
    await h.send('check_run', checkRunEvent('requested_action', { id: first!.id, headSha: oldHead, externalId: first!.externalId }));
    expect(appState(h.fake).commits).toHaveLength(0);
    expect(runsFor(sha('moved', 17))[0]).toMatchObject({ conclusion: 'success' });
  });

  it('never overwrites a push that lands between the scan and the commit', async () => {
    const pull = seedFixable(18);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [first] = runsFor(pull.headSha);
    // Someone pushes to the branch while the App computes fixes: move the branch right before the mutation.
    appState(h.fake).beforeCommit = () => {
      if (pull.headSha !== sha('raced', 18)) pushToPull(h.fake, pull, sha('raced', 18), { 'deploy/web.yaml': FIXABLE.replace('replicas: 3', 'replicas: 4') });
    };
    await h.send('check_run', checkRunEvent('requested_action', { id: first!.id, headSha: first!.headSha, externalId: first!.externalId }));
    expect(appState(h.fake).commits).toHaveLength(0);
    expect(textAt(pull, 'deploy/web.yaml')).toContain('replicas: 4');
    expect(runsFor(sha('raced', 18))[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });
});

describe('fork pull requests', () => {
  it('explains in the check summary that it cannot push to a fork without maintainer edits', async () => {
    const pull = seedFixable(20, { fork: { fullName: 'contributor/Hello-World', maintainerCanModify: false } });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run).toMatchObject({ conclusion: 'failure' });
    expect(run!.actions).toEqual([]);
    await h.send('issue_comment', fixCommentEvent(pull, 'maintainer'));
    expect(appState(h.fake).commits).toHaveLength(0);
    expect(h.fake.callsTo('POST /graphql').some((c) => JSON.stringify(c.body).includes('createCommitOnBranch'))).toBe(false);
    expect(runsFor(pull.headSha)[0]!.output.summary).toContain('Allow edits by maintainers');
    // The button gets the same answer, which is not repeated in the summary.
    await h.send('check_run', checkRunEvent('requested_action', { id: run!.id, headSha: pull.headSha, externalId: run!.externalId }));
    expect(appState(h.fake).commits).toHaveLength(0);
    expect(runsFor(pull.headSha)[0]!.output.summary!.match(/### Fixes not applied/g)).toHaveLength(1);
  });

  it('pushes to a fork that allows maintainer edits', async () => {
    const pull = seedFixable(21, { fork: { fullName: 'contributor/Hello-World', maintainerCanModify: true } });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    await h.send('issue_comment', fixCommentEvent(pull, 'maintainer'));
    expect(appState(h.fake).commits).toEqual([expect.objectContaining({ repository: 'contributor/Hello-World' })]);
  });
});

describe('idempotence and concurrency', () => {
  it('makes one check run and one review when a delivery arrives three times, even at once', async () => {
    const pull = seedFixable(30);
    const payload = pullRequestEvent('opened', pull);
    const responses = await Promise.all([1, 2, 3].map(() => h.send('pull_request', payload, { delivery: 'same-delivery-id' })));
    for (const r of responses) expect([200, 202]).toContain(r.status);
    await h.send('pull_request', payload, { delivery: 'same-delivery-id' });
    expect(runsFor(pull.headSha)).toHaveLength(1);
    expect(h.fake.state.reviews).toHaveLength(1);
  });

  it('checks on reopened and ready_for_review when the commit has no run yet, and ignores closed pull requests', async () => {
    const reopened = seedFixable(35);
    await h.send('pull_request', pullRequestEvent('reopened', reopened));
    expect(runsFor(reopened.headSha)).toHaveLength(1);
    const ready = seedFixable(36);
    await h.send('pull_request', pullRequestEvent('ready_for_review', ready));
    expect(runsFor(ready.headSha)).toHaveLength(1);
    await h.send('pull_request', pullRequestEvent('ready_for_review', ready));
    expect(runsFor(ready.headSha)).toHaveLength(1);
    const closed = seedFixable(37);
    const payload = pullRequestEvent('reopened', closed);
    payload.pull_request.state = 'closed';
    await h.send('pull_request', payload);
    expect(runsFor(closed.headSha)).toHaveLength(0);
  });

  it('checks again when the only run was left in progress by a replica that died', async () => {
    const pull = seedFixable(34);
    const id = h.fake.state.nextId();
    h.fake.state.checkRuns.set(id, {
      id, owner: OWNER, repo: REPO, name: 'Plimsoll', headSha: pull.headSha, status: 'in_progress', conclusion: null, externalId: 'pr:34', detailsUrl: null,
      startedAt: new Date(Date.now() - 60 * 60_000).toISOString(), completedAt: null, output: { title: null, summary: null, text: null }, annotations: [], actions: [],
    });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(runsFor(pull.headSha).map((r) => [r.status, r.conclusion])).toEqual([
      ['completed', 'cancelled'],
      ['completed', 'failure'],
    ]);
  });

  it('does not duplicate work when pull_request and check_suite arrive for the same commit', async () => {
    const pull = seedFixable(31);
    await Promise.all([h.send('pull_request', pullRequestEvent('opened', pull)), h.send('check_suite', checkSuiteEvent('requested', pull))]);
    expect(runsFor(pull.headSha)).toHaveLength(1);
    expect(h.fake.state.reviews).toHaveLength(1);
  });

  it('re-runs on check_suite rerequested and check_run rerequested, without duplicate comments', async () => {
    const pull = seedFixable(32);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const comments = h.fake.state.reviewComments.length;
    await h.send('check_suite', checkSuiteEvent('rerequested', pull));
    const [first, second] = runsFor(pull.headSha);
    expect(second).toMatchObject({ status: 'completed', conclusion: 'failure' });
    await h.send('check_run', checkRunEvent('rerequested', { id: second!.id, headSha: pull.headSha, externalId: first!.externalId }));
    expect(runsFor(pull.headSha)).toHaveLength(3);
    expect(h.fake.state.reviewComments.length).toBe(comments);
  });

  it('supersedes the older run when pushes race: every run completes, the newest one judges', async () => {
    const pull = seedFixable(33);
    const first = pull.headSha;
    const openDone = h.send('pull_request', pullRequestEvent('opened', pull));
    const second = sha('push-2', 33);
    pushToPull(h.fake, pull, second, { 'deploy/web.yaml': HARDENED });
    const syncDone = h.send('pull_request', pullRequestEvent('synchronize', pull, { before: first }));
    await Promise.all([openDone, syncDone]);
    const all = [...h.fake.state.checkRuns.values()];
    expect(all.every((r) => r.status === 'completed')).toBe(true);
    expect(runsFor(second)).toEqual([expect.objectContaining({ conclusion: 'success' })]);
    for (const run of runsFor(first)) expect(['cancelled', 'failure']).toContain(run.conclusion);
    expect(runsFor(first).some((r) => r.conclusion === 'cancelled')).toBe(true);
  });
});

describe('GitHub failures', () => {
  it('retries 5xx and secondary rate limits and still completes the check', async () => {
    const pull = seedFixable(40);
    h.fake.injectFault({ kind: 'server-error', operationId: 'pulls/list-files', times: 2, status: 502 });
    h.fake.injectFault({ kind: 'secondary-rate-limit', operationId: 'pulls/create-review', times: 1, retryAfter: 1 });
    h.fake.injectFault({ kind: 'secondary-rate-limit', operationId: 'checks/update', times: 1, retryAfter: 1 });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(h.fake.callsTo('pulls/list-files').map((c) => c.status)).toEqual([502, 502, 200]);
    expect(h.fake.callsTo('pulls/create-review').map((c) => c.status)).toEqual([403, 200]);
    expect(runsFor(pull.headSha)[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(h.fake.state.reviews).toHaveLength(1);
  });

  it('completes the check with the error when GitHub keeps failing', async () => {
    const pull = seedFixable(41);
    h.fake.injectFault({ kind: 'server-error', operationId: 'pulls/list-files', times: Infinity, status: 503 });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.title).toBe('Plimsoll could not finish');
    expect(run!.output.summary).toContain('503');
  });

  it('completes the check with the error when the config is invalid', async () => {
    h.setConfig('failOn: sometimes\n');
    const pull = seedFixable(42);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.summary).toMatch(/failOn/);
  });

  it('keeps the verdict when the review cannot be posted', async () => {
    const pull = seedFixable(43);
    h.fake.injectFault({ kind: 'server-error', operationId: 'pulls/create-review', times: Infinity, status: 500 });
    await h.send('pull_request', pullRequestEvent('opened', pull));
    const [run] = runsFor(pull.headSha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run!.output.summary).toContain('Review comments could not');
  });
});

describe('webhook security and operations', () => {
  it('answers 401 to a bad signature and processes nothing', async () => {
    const pull = seedFixable(50);
    const wrongSecret = await h.send('pull_request', pullRequestEvent('opened', pull), { secret: 'not-the-secret' });
    const garbage = await h.send('pull_request', pullRequestEvent('opened', pull), { signature: 'sha256=00' });
    expect(wrongSecret.status).toBe(401);
    expect(garbage.status).toBe(401);
    expect(h.fake.calls).toEqual([]);
  });

  it('serves a health endpoint', async () => {
    const response = await fetch(`${h.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('logs JSON lines with the event and outcome', async () => {
    const pull = seedFixable(51);
    await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(h.logs.find((l) => l.event === 'check.completed')).toMatchObject({ conclusion: 'failure', repo: `${OWNER}/${REPO}`, sha: pull.headSha });
  });

  it('acknowledges installation events without touching GitHub', async () => {
    const { example } = await import('./webhook-examples.ts');
    const response = await h.send('installation', example('installation', 'created'));
    expect(response.status).toBe(200);
    expect(h.fake.calls).toEqual([]);
  });
});


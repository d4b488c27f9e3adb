// Publishing through the real REST client against the fake GitHub: typed errors, pagination,
// 422 isolation and no duplicates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/core';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/fake-github-server.ts';
import { seedPullRequest } from '../fake-github/fake-github-state.ts';
import { patchFor } from '../fake-github/make-patch.ts';
import { createPullRequestApi, type PullRequestApi } from '../../src/github/pull-request-api.ts';
import { publishReview } from '../../src/github/publish-review.ts';
import { GitHubNotFoundError, GitHubPermissionError, GitHubRateLimitError, GitHubUnavailableError, GitHubValidationError, toGitHubError } from '../../src/github/github-errors.ts';
import type { Finding } from '../../src/types.ts';

let fake: FakeGitHub;
let api: PullRequestApi;
const pr = { owner: 'o', repo: 'r', number: 1, headSha: 'h'.repeat(40), baseSha: 'b'.repeat(40) };
const text = Array.from({ length: 40 }, (_, i) => `k${i + 1}: v`).join('\n') + '\n';

function finding(line: number): Finding {
  return {
    ruleId: 'r',
    severity: 'high',
    category: 'security',
    title: 't',
    message: 'm',
    file: 'a.yaml',
    range: { start: { line, column: 1 }, end: { line, column: 2 }, startOffset: 0, endOffset: 0 },
    fieldPath: '',
    fingerprint: `fp${line}`,
  };
}

beforeEach(async () => {
  fake = await startFakeGitHub({ readOnlyTokens: ['ro'] });
  seedPullRequest(fake.state, { ...pr, files: [{ filename: 'a.yaml', after: text }, ...Array.from({ length: 250 }, (_, i) => ({ filename: `f${i}.txt`, after: 'x\n' }))] });
  // No plugins: errors surface at once (retries are the Octokit's job, tested end to end).
  api = createPullRequestApi(new Octokit({ auth: 'rw', baseUrl: fake.url }));
});
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

describe('createPullRequestApi', () => {
  it('pages through files and reads contents', async () => {
    const files = await api.listFiles(pr);
    expect(files).toHaveLength(251);
    expect(files[0]).toMatchObject({ path: 'a.yaml', status: 'added' });
    expect(fake.callsTo('pulls/list-files')).toHaveLength(3);
    expect(await api.getFileText(pr, 'a.yaml', pr.headSha)).toBe(text);
    expect(await api.getFileText(pr, 'missing.yaml', pr.headSha)).toBeUndefined();
  });

  it('stops listing at GitHub\'s 3,000 files', async () => {
    seedPullRequest(fake.state, { ...pr, number: 2, files: Array.from({ length: 3050 }, (_, i) => ({ filename: `f${i}.yaml`, after: 'x\n' })) });
    const files = await api.listFiles({ ...pr, number: 2 });
    expect(files).toHaveLength(3000);
    expect(fake.callsTo('pulls/list-files').filter((c) => c.path.endsWith('/2/files'))).toHaveLength(30);
  });

  it('turns HTTP failures into typed errors that keep status and cause', async () => {
    const readOnly = createPullRequestApi(new Octokit({ auth: 'ro', baseUrl: fake.url }));
    const denied = await readOnly.createReview(pr, { body: 'x', comments: [] }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(GitHubPermissionError);
    expect((denied as GitHubPermissionError).status).toBe(403);
    expect((denied as Error).cause).toBeDefined();
    expect((denied as Error).message).toMatch(/^create pull request review: Resource not accessible by integration/);
    const missing = await api.listFiles({ ...pr, number: 99 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(GitHubNotFoundError);
    const bad = await api.createReview(pr, { body: 'x', comments: [{ path: 'a.yaml', line: 99, side: 'RIGHT', body: 'x' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GitHubValidationError);
    expect((bad as GitHubValidationError).errors.join()).toMatch(/must be part of the diff/);
    fake.injectFault({ kind: 'secondary-rate-limit' });
    expect(await api.listReviewComments(pr).catch((e: unknown) => e)).toBeInstanceOf(GitHubRateLimitError);
    fake.injectFault({ kind: 'server-error', status: 503 });
    expect(await api.listReviewComments(pr).catch((e: unknown) => e)).toBeInstanceOf(GitHubUnavailableError);
    expect(toGitHubError(new TypeError('fetch failed'), 'x')).toBeInstanceOf(GitHubUnavailableError);
  });
});

describe('publishReview', () => {
  const base = { pr, headline: 'Plimsoll', currentFingerprints: new Set<string>() };

  it('posts 40 comments as reviews of 30 and 10, then nothing on a re-run', async () => {
    const findings = Array.from({ length: 40 }, (_, i) => finding(i + 1));
    const files = await api.listFiles(pr);
    const first = await publishReview(api, { ...base, findings, files, currentFingerprints: new Set(findings.map((f) => f.fingerprint)) });
    expect(first).toMatchObject({ posted: 40, reviews: 2, resolved: 0, rejected: [] });
    expect(fake.state.reviews.map((r) => r.commentIds.length)).toEqual([30, 10]);
    const second = await publishReview(api, { ...base, findings, files, currentFingerprints: new Set(findings.map((f) => f.fingerprint)) });
    expect(second.posted).toBe(0);
    expect(second.plan.alreadyCommented).toHaveLength(40);
    expect(fake.state.reviewComments).toHaveLength(40);
  });

  it('isolates a comment GitHub refuses instead of losing the whole batch', async () => {
    const files = await api.listFiles(pr);
    // Pretend the planner believed line 41 was in the diff: GitHub (the fake) knows better.
    const lying = files.map((f) => (f.path === 'a.yaml' ? { ...f, patch: patchFor(undefined, `${text}k41: v\n`).patch } : f));
    const findings = [finding(1), finding(41), finding(2), finding(3)];
    const result = await publishReview(api, { ...base, findings, files: lying });
    expect(result.posted).toBe(3);
    expect(result.rejected.map((r) => r.comment.finding.fingerprint)).toEqual(['fp41']);
    expect(result.rejected[0]!.reason).toMatch(/must be part of the diff/);
    expect(fake.state.reviewComments.map((c) => c.line).sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it('after a 5xx re-reads the comments and posts only the missing ones', async () => {
    const files = await api.listFiles(pr);
    const findings = [finding(1), finding(2)];
    // First answer lost after the write; second attempt never needed.
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/create-review', afterHandling: true });
    const lost = await publishReview(api, { ...base, findings, files, retryDelaysMs: [0, 0] });
    expect(lost).toMatchObject({ posted: 2, reviews: 1 });
    expect(fake.state.reviewComments).toHaveLength(2);
    // A plain 5xx (nothing written): the batch goes again, once.
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/create-review' });
    const retried = await publishReview(api, { ...base, findings: [finding(3)], files, retryDelaysMs: [0, 0] });
    expect(retried).toMatchObject({ posted: 1, reviews: 1 });
    expect(fake.callsTo('pulls/create-review').map((c) => c.status)).toEqual([502, 502, 200]);
    expect(fake.state.reviewComments).toHaveLength(3);
  });

  it('returns the error instead of throwing when it cannot write', async () => {
    const readOnly = createPullRequestApi(new Octokit({ auth: 'ro', baseUrl: fake.url }));
    const result = await publishReview(readOnly, { ...base, findings: [finding(1)], files: await api.listFiles(pr) });
    expect(result.error).toBeInstanceOf(GitHubPermissionError);
    expect(result.posted).toBe(0);
  });
});

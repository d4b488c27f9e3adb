// The fake GitHub must refuse what GitHub refuses, or end-to-end tests prove nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github-server.ts';
import { seedPullRequest } from './fake-github-state.ts';
import { patchFor } from './make-patch.ts';

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({ readOnlyTokens: ['fork-token'] });
});
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, token = 'rw-token'): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const before = 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n';
const after = 'a: 1\nb: 2\nc: 3\nd: 4\ne: five\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n';

function seedSmallPull(): void {
  seedPullRequest(fake.state, {
    owner: 'o',
    repo: 'r',
    number: 7,
    headSha: 'h'.repeat(40),
    baseSha: 'b'.repeat(40),
    files: [
      { filename: 'k8s/app.yaml', before, after },
      { filename: 'k8s/new.yaml', after: 'x: 1\ny: 2\n' },
      { filename: 'k8s/huge.yaml', after: 'z: 1\n', withoutPatch: true },
    ],
  });
}

describe('make-patch', () => {
  it('writes hunks like git, with 0 as the start of an empty side', () => {
    expect(patchFor(undefined, 'x\ny\n').patch).toBe('@@ -0,0 +1,2 @@\n+x\n+y');
    const modified = patchFor(before, after);
    expect(modified.patch.split('\n')[0]).toBe('@@ -2,7 +2,7 @@');
    expect([modified.additions, modified.deletions]).toEqual([1, 1]);
  });
});

describe('pull request files', () => {
  it('pages with Link headers, leaves out missing patches and stops at 3,000 files', async () => {
    seedPullRequest(fake.state, {
      owner: 'o',
      repo: 'r',
      number: 1,
      headSha: 'h'.repeat(40),
      baseSha: 'b'.repeat(40),
      files: Array.from({ length: 3005 }, (_, i) => ({ filename: `f${i}.yaml`, after: `n: ${i}\n`, withoutPatch: i === 0 })),
    });
    const first = await call('GET', '/repos/o/r/pulls/1/files?per_page=100');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(100);
    expect(first.body[0].patch).toBeUndefined();
    expect(first.body[1].patch).toBe('@@ -0,0 +1 @@\n+n: 1'.replace('+1 @@', '+1,1 @@'));
    expect(first.headers.get('link')).toContain('page=30>; rel="last"');
    const last = await call('GET', '/repos/o/r/pulls/1/files?per_page=100&page=30');
    expect(last.body).toHaveLength(100);
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });

  it('answers 404 for an unknown pull request and 401 without a token', async () => {
    expect((await call('GET', '/repos/o/r/pulls/99/files')).status).toBe(404);
    const anonymous = await fetch(`${fake.url}/repos/o/r/pulls/99/files`);
    expect(anonymous.status).toBe(401);
  });
});

describe('reviews', () => {
  it('stores a review whose comments anchor on diff lines, single- and multi-line', async () => {
    seedSmallPull();
    const review = await call('POST', '/repos/o/r/pulls/7/reviews', {
      commit_id: 'h'.repeat(40),
      event: 'COMMENT',
      body: 'summary',
      comments: [
        { path: 'k8s/app.yaml', line: 5, side: 'RIGHT', body: 'changed line' },
        { path: 'k8s/app.yaml', start_line: 3, start_side: 'RIGHT', line: 7, side: 'RIGHT', body: 'context range' },
        { path: 'k8s/app.yaml', line: 5, side: 'LEFT', body: 'deleted line' },
        { path: 'k8s/new.yaml', line: 2, body: 'added file' },
      ],
    });
    expect(review.status).toBe(200);
    expect(review.body.state).toBe('COMMENTED');
    const listed = await call('GET', '/repos/o/r/pulls/7/comments');
    expect(listed.body.map((c: any) => [c.path, c.line, c.side, c.start_line])).toEqual([
      ['k8s/app.yaml', 5, 'RIGHT', null],
      ['k8s/app.yaml', 7, 'RIGHT', 3],
      ['k8s/app.yaml', 5, 'LEFT', null],
      ['k8s/new.yaml', 2, 'RIGHT', null],
    ]);
  });

  it('fails the whole review with 422 when one comment is outside the diff', async () => {
    seedSmallPull();
    for (const bad of [
      { path: 'k8s/app.yaml', line: 1, body: 'line 1 is not in the hunk' },
      { path: 'k8s/app.yaml', line: 9, body: 'past the hunk' },
      { path: 'k8s/huge.yaml', line: 1, body: 'no patch' },
      { path: 'k8s/missing.yaml', line: 1, body: 'not in the pull request' },
      { path: 'k8s/app.yaml', position: 3, body: 'position is not used' },
      { path: 'k8s/app.yaml', start_line: 1, line: 5, body: 'start outside' },
    ]) {
      const response = await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'COMMENT', comments: [{ path: 'k8s/app.yaml', line: 5, body: 'fine' }, bad] });
      expect(response.status, JSON.stringify(bad)).toBe(422);
    }
    expect(fake.state.reviewComments).toEqual([]);
    expect(fake.state.reviews).toEqual([]);
  });

  it('validates bodies against the OpenAPI schema', async () => {
    seedSmallPull();
    const response = await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'SHOUT', comments: [{ path: 'k8s/app.yaml', line: 5 }] });
    expect(response.status).toBe(422);
    expect(response.body.errors.join('\n')).toMatch(/event must be equal to one of the allowed values/);
    expect(response.body.errors.join('\n')).toMatch(/must have required property 'body'/);
  });

  it('edits a review comment', async () => {
    seedSmallPull();
    await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'COMMENT', comments: [{ path: 'k8s/app.yaml', line: 5, body: 'old' }] });
    const id = fake.state.reviewComments[0]!.id;
    expect((await call('PATCH', `/repos/o/r/pulls/comments/${id}`, { body: 'new' })).status).toBe(200);
    expect(fake.state.reviewComments[0]!.body).toBe('new');
  });
});

describe('check runs', () => {
  const annotation = (i: number) => ({ path: 'a.yaml', start_line: i + 1, end_line: i + 1, annotation_level: 'failure', message: `m${i}` });

  it('takes 50 annotations a request and appends on update', async () => {
    const created = await call('POST', '/repos/o/r/check-runs', {
      name: 'Plimsoll',
      head_sha: 'h'.repeat(40),
      status: 'in_progress',
      output: { title: 't', summary: 's', annotations: Array.from({ length: 50 }, (_, i) => annotation(i)) },
    });
    expect(created.status).toBe(201);
    const updated = await call('PATCH', `/repos/o/r/check-runs/${created.body.id}`, {
      conclusion: 'failure',
      output: { title: 't', summary: 's', annotations: [annotation(50)] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.output.annotations_count).toBe(51);
    expect(updated.body.status).toBe('completed');
  });

  it('refuses 51 annotations in one request', async () => {
    const response = await call('POST', '/repos/o/r/check-runs', {
      name: 'Plimsoll',
      head_sha: 'h'.repeat(40),
      output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) },
    });
    expect(response.status).toBe(422);
  });
});

describe('faults and permissions', () => {
  it('injects a 5xx a given number of times, then heals', async () => {
    seedSmallPull();
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/list-files', times: 2, status: 503 });
    expect((await call('GET', '/repos/o/r/pulls/7/files')).status).toBe(503);
    expect((await call('GET', '/repos/o/r/pulls/7/files')).status).toBe(503);
    expect((await call('GET', '/repos/o/r/pulls/7/files')).status).toBe(200);
    expect(fake.callsTo('pulls/list-files').map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it('answers a secondary rate limit with 403 and retry-after', async () => {
    seedSmallPull();
    fake.injectFault({ kind: 'secondary-rate-limit', method: 'POST', retryAfter: 2 });
    const response = await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'COMMENT', body: 'x' });
    expect(response.status).toBe(403);
    expect(response.body.message).toMatch(/secondary rate limit/);
    expect(response.headers.get('retry-after')).toBe('2');
  });

  it('refuses writes to a read-only token but lets it read', async () => {
    seedSmallPull();
    expect((await call('GET', '/repos/o/r/pulls/7/files', undefined, 'fork-token')).status).toBe(200);
    const write = await call('POST', '/repos/o/r/pulls/7/reviews', { event: 'COMMENT', body: 'x' }, 'fork-token');
    expect(write.status).toBe(403);
    expect(write.body.message).toBe('Resource not accessible by integration');
  });

  it('hits a secondary rate limit after the configured writes a minute', async () => {
    const limited = await startFakeGitHub({ writesPerMinute: 2 });
    try {
      const post = () =>
        fetch(`${limited.url}/repos/o/r/issues/1/comments`, { method: 'POST', headers: { authorization: 'token t' }, body: JSON.stringify({ body: 'hi' }) }).then((r) => r.status);
      expect([await post(), await post(), await post()]).toEqual([201, 201, 403]);
    } finally {
      await limited.close();
    }
  });
});

describe('response validation', () => {
  it('records a route that answers in a shape GitHub never would', async () => {
    fake.route({ operationId: 'pulls/list-files', handler: () => ({ status: 200, body: [{ filename: 'a.yaml', status: 'sideways' }] }) });
    expect((await call('GET', '/repos/o/r/pulls/1/files')).status).toBe(200);
    expect(fake.problems.join('\n')).toMatch(/pulls\/list-files: response 200\.0 must have required property 'sha'/);
    expect(fake.problems.join('\n')).toMatch(/status must be equal to one of the allowed values/);
    fake.problems.length = 0;
  });
});

describe('extension', () => {
  it('lets another module add a route and keep state', async () => {
    fake.route({
      method: 'POST',
      path: '/graphql',
      handler: (req, self) => {
        self.state.extra.set('last-query', (req.body as { query: string }).query);
        return { status: 200, body: { data: { ok: true } } };
      },
    });
    const response = await call('POST', '/graphql', { query: '{ ok }' });
    expect(response.body).toEqual({ data: { ok: true } });
    expect(fake.state.extra.get('last-query')).toBe('{ ok }');
    expect(fake.callsTo('POST /graphql')).toHaveLength(1);
  });
});

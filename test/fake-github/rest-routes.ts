// The REST operations the fake GitHub serves, with the rules GitHub enforces that the OpenAPI schema
// cannot express: review comments must anchor on a line inside the diff (one bad anchor fails the
// whole review with 422), check runs take at most 50 annotations a request, the files list stops
// at 3,000 files.
import parseDiff from 'parse-diff';
import { errorResponse, paginate, type FakeGitHub, type FakeRequest, type FakeResponse } from './fake-github-server.ts';
import {
  ACTIONS_BOT,
  contentKey,
  pullKey,
  type FakeAnnotation,
  type FakeCheckRun,
  type FakeIssueComment,
  type FakePull,
  type FakeReviewComment,
  type FakeReview,
} from './fake-github-state.ts';

const MAX_PULL_FILES = 3000;
const MAX_ANNOTATIONS_PER_REQUEST = 50;
const SERVER = 'https://github.com';

export function registerRestRoutes(fake: FakeGitHub): void {
  fake.route({ operationId: 'pulls/list-files', handler: (req) => withPull(fake, req, (pull) => paginate(req, pull.files.map((f) => diffEntry(req, f)), { max: MAX_PULL_FILES })) });
  fake.route({
    operationId: 'pulls/list-review-comments',
    handler: (req) =>
      withPull(fake, req, (pull) =>
        paginate(
          req,
          fake.state.reviewComments.filter((c) => c.owner === pull.owner && c.repo === pull.repo && c.pullNumber === pull.number).map((c) => reviewCommentJson(req, c)),
        ),
      ),
  });
  fake.route({
    operationId: 'pulls/list-reviews',
    handler: (req) =>
      withPull(fake, req, (pull) =>
        paginate(req, fake.state.reviews.filter((r) => r.owner === pull.owner && r.repo === pull.repo && r.pullNumber === pull.number).map((r) => reviewJson(req, r))),
      ),
  });
  fake.route({ operationId: 'pulls/create-review', handler: (req) => withPull(fake, req, (pull) => createReview(fake, req, pull)) });
  fake.route({
    operationId: 'pulls/update-review-comment',
    handler: (req) => {
      const comment = fake.state.reviewComments.find((c) => c.id === Number(req.params.comment_id) && c.owner === req.params.owner && c.repo === req.params.repo);
      if (!comment) return errorResponse(404, 'Not Found');
      comment.body = (req.body as { body: string }).body;
      comment.updatedAt = new Date().toISOString();
      return { status: 200, body: reviewCommentJson(req, comment) };
    },
  });
  fake.route({
    operationId: 'pulls/delete-review-comment',
    handler: (req) => {
      const index = fake.state.reviewComments.findIndex((c) => c.id === Number(req.params.comment_id) && c.owner === req.params.owner && c.repo === req.params.repo);
      if (index < 0) return errorResponse(404, 'Not Found');
      fake.state.reviewComments.splice(index, 1);
      return { status: 204 };
    },
  });
  fake.route({ operationId: 'checks/create', handler: (req) => writeCheckRun(fake, req, undefined) });
  fake.route({
    operationId: 'checks/update',
    handler: (req) => {
      const run = fake.state.checkRuns.get(Number(req.params.check_run_id));
      if (!run || run.owner !== req.params.owner || run.repo !== req.params.repo) return errorResponse(404, 'Not Found');
      return writeCheckRun(fake, req, run);
    },
  });
  fake.route({
    operationId: 'checks/list-annotations',
    handler: (req) => {
      const run = fake.state.checkRuns.get(Number(req.params.check_run_id));
      if (!run) return errorResponse(404, 'Not Found');
      return paginate(
        req,
        run.annotations.map((a) => ({
          path: a.path,
          start_line: a.start_line,
          end_line: a.end_line,
          start_column: a.start_column ?? null,
          end_column: a.end_column ?? null,
          annotation_level: a.annotation_level,
          title: a.title ?? null,
          message: a.message,
          raw_details: a.raw_details ?? null,
          blob_href: `${SERVER}/${run.owner}/${run.repo}/blob/${run.headSha}/${a.path}`,
        })),
      );
    },
  });
  fake.route({
    operationId: 'repos/get-content',
    handler: (req) => {
      const ref = req.query.get('ref') ?? 'HEAD';
      const text = fake.state.contents.get(contentKey(req.params.owner!, req.params.repo!, ref, req.params.path!));
      if (text === undefined) return errorResponse(404, 'Not Found');
      const url = `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}/contents/${req.params.path}?ref=${ref}`;
      const html = `${SERVER}/${req.params.owner}/${req.params.repo}/blob/${ref}/${req.params.path}`;
      return {
        status: 200,
        body: {
          type: 'file',
          encoding: 'base64',
          size: Buffer.byteLength(text),
          name: req.params.path!.split('/').pop(),
          path: req.params.path,
          content: Buffer.from(text).toString('base64'),
          sha: 'f'.repeat(40),
          url,
          git_url: null,
          html_url: html,
          download_url: null,
          _links: { self: url, git: null, html },
        },
      };
    },
  });
  fake.route({
    operationId: 'issues/list-comments',
    handler: (req) =>
      paginate(
        req,
        fake.state.issueComments
          .filter((c) => c.owner === req.params.owner && c.repo === req.params.repo && c.issueNumber === Number(req.params.issue_number))
          .map((c) => issueCommentJson(req, c)),
      ),
  });
  fake.route({
    operationId: 'issues/create-comment',
    handler: (req) => {
      const now = new Date().toISOString();
      const comment: FakeIssueComment = {
        id: fake.state.nextId(),
        owner: req.params.owner!,
        repo: req.params.repo!,
        issueNumber: Number(req.params.issue_number),
        body: (req.body as { body: string }).body,
        user: userOf(fake, req),
        createdAt: now,
        updatedAt: now,
      };
      fake.state.issueComments.push(comment);
      return { status: 201, body: issueCommentJson(req, comment) };
    },
  });
  fake.route({
    operationId: 'issues/update-comment',
    handler: (req) => {
      const comment = fake.state.issueComments.find((c) => c.id === Number(req.params.comment_id));
      if (!comment) return errorResponse(404, 'Not Found');
      comment.body = (req.body as { body: string }).body;
      comment.updatedAt = new Date().toISOString();
      return { status: 200, body: issueCommentJson(req, comment) };
    },
  });
}

function withPull(fake: FakeGitHub, req: FakeRequest, then: (pull: FakePull) => FakeResponse): FakeResponse {
  const pull = fake.state.pulls.get(pullKey(req.params.owner!, req.params.repo!, req.params.pull_number!));
  return pull ? then(pull) : errorResponse(404, 'Not Found');
}

function userOf(fake: FakeGitHub, req: FakeRequest): string {
  return fake.state.tokenUsers.get(req.token ?? '') ?? ACTIONS_BOT;
}

/** Lines a review comment may anchor on, by side, each mapped to the index of its hunk. */
export function anchorableLines(patch: string): { RIGHT: Map<number, number>; LEFT: Map<number, number> } {
  const lines = { RIGHT: new Map<number, number>(), LEFT: new Map<number, number>() };
  const [file] = parseDiff(patch);
  file?.chunks.forEach((chunk, hunk) => {
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) continue;
      if (change.type === 'add') lines.RIGHT.set(change.ln, hunk);
      else if (change.type === 'del') lines.LEFT.set(change.ln, hunk);
      else {
        lines.RIGHT.set(change.ln2, hunk);
        lines.LEFT.set(change.ln1, hunk);
      }
    }
  });
  return lines;
}

interface ReviewCommentInput {
  path: string;
  body: string;
  position?: number;
  line?: number;
  side?: string;
  start_line?: number;
  start_side?: string;
}

/** Why GitHub would refuse this comment's anchor, or undefined when it is fine. */
function anchorProblem(pull: FakePull, comment: ReviewCommentInput): string | undefined {
  if (comment.position !== undefined) return `${comment.path}: "position" is closing down; Plimsoll must anchor with line/side`;
  if (comment.line === undefined) return `${comment.path}: a comment needs "line"`;
  const file = pull.files.find((f) => f.filename === comment.path);
  if (!file) return `${comment.path}: Path could not be resolved`;
  if (file.patch === undefined) return `${comment.path}: Pull request review thread diff hunk can't be blank`;
  const side = comment.side ?? 'RIGHT';
  if (side !== 'RIGHT' && side !== 'LEFT') return `${comment.path}: side must be LEFT or RIGHT`;
  const lines = anchorableLines(file.patch)[side];
  const hunk = lines.get(comment.line);
  if (hunk === undefined) return `${comment.path}:${comment.line}: Pull request review thread line must be part of the diff`;
  if (comment.start_line !== undefined) {
    const startSide = comment.start_side ?? side;
    if (startSide !== 'RIGHT' && startSide !== 'LEFT') return `${comment.path}: start_side must be LEFT or RIGHT`;
    if (comment.start_line >= comment.line) return `${comment.path}: start_line must precede line`;
    const startHunk = anchorableLines(file.patch)[startSide].get(comment.start_line);
    if (startHunk === undefined) return `${comment.path}:${comment.start_line}: Pull request review thread start line must be part of the diff`;
    if (startHunk !== hunk) return `${comment.path}: start_line and line must be in the same hunk`;
  }
  return undefined;
}

function createReview(fake: FakeGitHub, req: FakeRequest, pull: FakePull): FakeResponse {
  const input = req.body as { commit_id?: string; body?: string; event?: string; comments?: ReviewCommentInput[] };
  const comments = input.comments ?? [];
  const problems = comments.map((c) => anchorProblem(pull, c)).filter((p): p is string => p !== undefined);
  // One bad anchor fails the whole review, as on GitHub.
  if (problems.length > 0) return errorResponse(422, 'Unprocessable Entity', problems);
  if ((input.event === 'REQUEST_CHANGES' || input.event === 'COMMENT') && !input.body && comments.length === 0) {
    return errorResponse(422, 'Unprocessable Entity', ['Review body is required for this event']);
  }
  const now = new Date().toISOString();
  const review: FakeReview = {
    id: fake.state.nextId(),
    owner: pull.owner,
    repo: pull.repo,
    pullNumber: pull.number,
    body: input.body ?? '',
    event: input.event ?? 'PENDING',
    commitId: input.commit_id ?? pull.headSha,
    commentIds: [],
    user: userOf(fake, req),
  };
  for (const comment of comments) {
    const stored: FakeReviewComment = {
      id: fake.state.nextId(),
      owner: pull.owner,
      repo: pull.repo,
      pullNumber: pull.number,
      reviewId: review.id,
      path: comment.path,
      line: comment.line!,
      side: (comment.side ?? 'RIGHT') as 'LEFT' | 'RIGHT',
      body: comment.body,
      commitId: review.commitId,
      user: review.user,
      diffHunk: pull.files.find((f) => f.filename === comment.path)?.patch?.split('\n')[0] ?? '',
      createdAt: now,
      updatedAt: now,
      ...(comment.start_line !== undefined ? { startLine: comment.start_line, startSide: (comment.start_side ?? comment.side ?? 'RIGHT') as 'LEFT' | 'RIGHT' } : {}),
    };
    fake.state.reviewComments.push(stored);
    review.commentIds.push(stored.id);
  }
  fake.state.reviews.push(review);
  return { status: 200, body: reviewJson(req, review) };
}

function writeCheckRun(fake: FakeGitHub, req: FakeRequest, existing: FakeCheckRun | undefined): FakeResponse {
  const input = req.body as {
    name?: string;
    head_sha?: string;
    status?: string;
    conclusion?: string;
    external_id?: string;
    details_url?: string;
    started_at?: string;
    completed_at?: string;
    output?: { title?: string; summary?: string; text?: string; annotations?: FakeAnnotation[] };
    actions?: unknown[];
  };
  const annotations = input.output?.annotations ?? [];
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    return errorResponse(422, 'Unprocessable Entity', [`Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request`]);
  }
  if (input.conclusion && input.status && input.status !== 'completed') {
    return errorResponse(422, 'Unprocessable Entity', ['conclusion requires status "completed"']);
  }
  const now = new Date().toISOString();
  const run: FakeCheckRun = existing ?? {
    id: fake.state.nextId(),
    owner: req.params.owner!,
    repo: req.params.repo!,
    name: input.name!,
    headSha: input.head_sha!,
    status: 'queued',
    conclusion: null,
    externalId: null,
    detailsUrl: null,
    startedAt: now,
    completedAt: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: [],
  };
  if (input.name) run.name = input.name;
  if (input.conclusion) {
    run.conclusion = input.conclusion;
    run.status = 'completed';
    run.completedAt = input.completed_at ?? now;
  }
  if (input.status) run.status = input.status;
  if (input.external_id !== undefined) run.externalId = input.external_id;
  if (input.details_url !== undefined) run.detailsUrl = input.details_url;
  if (input.output) {
    run.output = { title: input.output.title ?? null, summary: input.output.summary ?? null, text: input.output.text ?? null };
    // Updates append annotations, as on GitHub.
    run.annotations.push(...annotations);
  }
  if (input.actions) run.actions = input.actions;
  fake.state.checkRuns.set(run.id, run);
  return { status: existing ? 200 : 201, body: checkRunJson(req, run) };
}

export function simpleUser(login: string): Record<string, unknown> {
  const api = `https://api.github.com/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: login === ACTIONS_BOT ? 41898282 : 1,
    node_id: 'MDM6Qm90NDE4OTgyODI=',
    avatar_url: 'https://avatars.githubusercontent.com/in/15368?v=4',
    gravatar_id: '',
    url: api,
    html_url: `${SERVER}/apps/github-actions`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

function diffEntry(req: FakeRequest, file: FakePull['files'][number]): Record<string, unknown> {
  const { owner, repo } = req.params;
  return {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${SERVER}/${owner}/${repo}/blob/${file.sha}/${file.filename}`,
    raw_url: `${SERVER}/${owner}/${repo}/raw/${file.sha}/${file.filename}`,
    contents_url: `${req.baseUrl}/repos/${owner}/${repo}/contents/${file.filename}?ref=${file.sha}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
  };
}

function reviewCommentJson(req: FakeRequest, c: FakeReviewComment): Record<string, unknown> {
  const api = `${req.baseUrl}/repos/${c.owner}/${c.repo}/pulls/comments/${c.id}`;
  const html = `${SERVER}/${c.owner}/${c.repo}/pull/${c.pullNumber}#discussion_r${c.id}`;
  const pr = `${req.baseUrl}/repos/${c.owner}/${c.repo}/pulls/${c.pullNumber}`;
  return {
    url: api,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: `PRRC_${c.id}`,
    diff_hunk: c.diffHunk,
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: simpleUser(c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: pr,
    author_association: 'NONE',
    _links: { self: { href: api }, html: { href: html }, pull_request: { href: pr } },
    line: c.line,
    original_line: c.line,
    side: c.side,
    start_line: c.startLine ?? null,
    original_start_line: c.startLine ?? null,
    start_side: c.startSide ?? null,
    subject_type: 'line',
  };
}

function reviewJson(req: FakeRequest, r: FakeReview): Record<string, unknown> {
  const html = `${SERVER}/${r.owner}/${r.repo}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
  const pr = `${req.baseUrl}/repos/${r.owner}/${r.repo}/pulls/${r.pullNumber}`;
  const state = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' }[r.event] ?? 'PENDING';
  return {
    id: r.id,
    node_id: `PRR_${r.id}`,
    user: simpleUser(r.user),
    body: r.body,
    state,
    html_url: html,
    pull_request_url: pr,
    _links: { html: { href: html }, pull_request: { href: pr } },
    submitted_at: new Date().toISOString(),
    commit_id: r.commitId,
    author_association: 'NONE',
  };
}

export function checkRunJson(req: FakeRequest, run: FakeCheckRun): Record<string, unknown> {
  const url = `${req.baseUrl}/repos/${run.owner}/${run.repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: `CR_${run.id}`,
    external_id: run.externalId,
    url,
    html_url: `${SERVER}/${run.owner}/${run.repo}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { ...run.output, annotations_count: run.annotations.length, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: null,
    app: null,
    pull_requests: [],
  };
}

function issueCommentJson(req: FakeRequest, c: FakeIssueComment): Record<string, unknown> {
  const url = `${req.baseUrl}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url,
    html_url: `${SERVER}/${c.owner}/${c.repo}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${req.baseUrl}/repos/${c.owner}/${c.repo}/issues/${c.issueNumber}`,
    author_association: 'NONE',
  };
}

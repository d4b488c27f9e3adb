// POST /graphql for the fake GitHub: the queries and mutations the App sends (blob texts by
// `object(expression:)`, review threads, resolveReviewThread, createCommitOnBranch with
// expectedHeadOid), executed by the real `graphql` library against FAKE_GITHUB_SDL. Commits made here
// move the branch and the pull request head and recompute its patches, as a push would.
import { createHash } from 'node:crypto';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import { errorResponse, type FakeGitHub, type FakeRequest, type FakeResponse } from './fake-github-server.ts';
import { contentKey, pullKey, seedPullRequest, type FakePull, type FakeReviewComment, type SeedPull } from './fake-github-state.ts';
import { FAKE_GITHUB_SDL } from './graphql-schema.ts';
import { patchFor } from './make-patch.ts';

/** GitHub truncates Blob.text for big files; the App must then read the blob over REST. */
export const BLOB_TEXT_LIMIT = 512 * 1024;

export interface FakePullMeta {
  headRef: string;
  /** owner/repo the head branch lives in (a fork's name for fork PRs). */
  headRepoFullName: string;
  maintainerCanModify: boolean;
  state: 'open' | 'closed';
  author: string;
}

export interface FakeCommit {
  oid: string;
  parent: string;
  repository: string;
  branch: string;
  headline: string;
  body?: string;
  /** Who made it: the token's user. The API has no author field, so GitHub signs it. */
  committer: string;
  paths: string[];
}

export interface FakeAppState {
  pullMeta: Map<string, FakePullMeta>;
  /** `owner/repo:branch` → head commit. */
  branches: Map<string, string>;
  commits: FakeCommit[];
  resolvedThreads: Set<string>;
  /** Repository permission by user login; unknown users have `read`. */
  permissions: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'>;
  /** Blob oid → text, for REST blob reads after a truncated GraphQL blob. */
  blobs: Map<string, string>;
  /** Runs before createCommitOnBranch checks the branch: a test can push "at the same moment". */
  beforeCommit?: () => void;
}

export function appState(fake: FakeGitHub): FakeAppState {
  let state = fake.state.extra.get('app') as FakeAppState | undefined;
  if (!state) {
    state = { pullMeta: new Map(), branches: new Map(), commits: [], resolvedThreads: new Set(), permissions: new Map(), blobs: new Map() };
    fake.state.extra.set('app', state);
  }
  return state;
}

export interface SeedAppPull extends SeedPull {
  headRef?: string;
  /** For fork PRs: the fork's owner/repo and whether its author allows maintainer edits. */
  fork?: { fullName: string; maintainerCanModify: boolean };
  author?: string;
}

/** A pull request as the App sees it: files, patches, head branch and fork settings. */
export function seedAppPull(fake: FakeGitHub, seed: SeedAppPull): FakePull {
  const pull = seedPullRequest(fake.state, seed);
  const state = appState(fake);
  const meta: FakePullMeta = {
    headRef: seed.headRef ?? `feature-${seed.number}`,
    headRepoFullName: seed.fork?.fullName ?? `${seed.owner}/${seed.repo}`,
    maintainerCanModify: seed.fork?.maintainerCanModify ?? false,
    state: 'open',
    author: seed.author ?? 'octocat',
  };
  state.pullMeta.set(pullKey(seed.owner, seed.repo, seed.number), meta);
  state.branches.set(`${meta.headRepoFullName}:${meta.headRef}`, seed.headSha);
  return pull;
}

/** A push to the PR branch from outside the App: new head with new texts for some files. */
export function pushToPull(fake: FakeGitHub, pull: FakePull, newSha: string, changes: Record<string, string>): void {
  const meta = appState(fake).pullMeta.get(pullKey(pull.owner, pull.repo, pull.number))!;
  moveHead(fake, pull, newSha, changes);
  appState(fake).branches.set(`${meta.headRepoFullName}:${meta.headRef}`, newSha);
}

function moveHead(fake: FakeGitHub, pull: FakePull, newSha: string, changes: Record<string, string | null>): void {
  const { contents } = fake.state;
  const prefix = `${pull.owner}/${pull.repo}@${pull.headSha}:`;
  for (const [key, text] of [...contents]) {
    if (key.startsWith(prefix)) contents.set(contentKey(pull.owner, pull.repo, newSha, key.slice(prefix.length)), text);
  }
  for (const [path, text] of Object.entries(changes)) {
    const key = contentKey(pull.owner, pull.repo, newSha, path);
    if (text === null) contents.delete(key);
    else contents.set(key, text);
  }
  pull.headSha = newSha;
  const paths = new Set([...pull.files.map((f) => f.filename), ...Object.keys(changes)]);
  pull.files = [...paths].map((filename) => {
    const before = contents.get(contentKey(pull.owner, pull.repo, pull.baseSha, filename));
    const after = contents.get(contentKey(pull.owner, pull.repo, newSha, filename));
    const { patch, additions, deletions } = patchFor(before, after);
    return {
      filename,
      status: before === undefined ? 'added' : after === undefined ? 'removed' : 'modified',
      additions,
      deletions,
      sha: createHash('sha1').update(after ?? '').digest('hex'),
      ...(patch ? { patch } : {}),
    };
  });
}

let schema: GraphQLSchema | undefined;

export function registerGraphqlRoutes(fake: FakeGitHub): void {
  schema ??= buildSchema(FAKE_GITHUB_SDL);
  fake.route({ method: 'POST', path: '/graphql', write: false, handler: (req) => execute(fake, req, schema!) });
}

class GraphqlError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

async function execute(fake: FakeGitHub, req: FakeRequest, schema: GraphQLSchema): Promise<FakeResponse> {
  const body = req.body as { query?: unknown; variables?: Record<string, unknown> } | undefined;
  if (typeof body?.query !== 'string') return errorResponse(400, 'A query attribute must be specified and must be a string.');
  const user = fake.state.tokenUsers.get(req.token ?? '') ?? 'github-actions[bot]';
  const result = await graphql({
    schema,
    source: body.query,
    variableValues: body.variables ?? {},
    rootValue: rootResolvers(fake, req, user),
  });
  const errors = result.errors?.map((error) => ({
    type: error.originalError instanceof GraphqlError ? error.originalError.type : 'INVALID',
    message: error.message,
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
  }));
  return { status: 200, body: { data: result.data ?? null, ...(errors?.length ? { errors } : {}) } };
}

function rootResolvers(fake: FakeGitHub, req: FakeRequest, user: string): Record<string, unknown> {
  const state = appState(fake);
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => repository(fake, owner, name),
    resolveReviewThread: ({ input }: { input: { threadId: string; clientMutationId?: string } }) => {
      if (fake.readOnlyTokens.has(req.token ?? '')) throw new GraphqlError('FORBIDDEN', 'Resource not accessible by integration');
      const comment = threadComment(fake, input.threadId);
      if (!comment) throw new GraphqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${input.threadId}'`);
      state.resolvedThreads.add(input.threadId);
      return { clientMutationId: input.clientMutationId ?? null, thread: threadOf(fake, comment) };
    },
    createCommitOnBranch: ({ input }: { input: CreateCommitInput }) => createCommit(fake, req, user, input),
  };
}

interface CreateCommitInput {
  branch: { id?: string; repositoryNameWithOwner?: string; branchName?: string };
  clientMutationId?: string;
  expectedHeadOid: string;
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
  message: { headline: string; body?: string };
}

function createCommit(fake: FakeGitHub, req: FakeRequest, user: string, input: CreateCommitInput): unknown {
  const state = appState(fake);
  if (fake.readOnlyTokens.has(req.token ?? '')) throw new GraphqlError('FORBIDDEN', 'Resource not accessible by integration');
  state.beforeCommit?.();
  const { repositoryNameWithOwner: repoName, branchName } = input.branch;
  if (!repoName || !branchName) throw new GraphqlError('INVALID', 'The fake GitHub supports branch by repositoryNameWithOwner and branchName only');
  const branch = branchName.replace(/^refs\/heads\//, '');
  const head = state.branches.get(`${repoName}:${branch}`);
  if (!head) throw new GraphqlError('NOT_FOUND', `A ref named "refs/heads/${branch}" does not exist in ${repoName}.`);
  if (head !== input.expectedHeadOid) {
    throw new GraphqlError('STALE_DATA', `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`);
  }
  const entry = [...state.pullMeta].find(([, meta]) => meta.headRepoFullName === repoName && meta.headRef === branch);
  const pull = entry ? fake.state.pulls.get(entry[0]) : undefined;
  if (!entry || !pull) throw new GraphqlError('INVALID', 'The fake GitHub only commits to pull request branches');
  const meta = entry[1];
  if (repoName !== `${pull.owner}/${pull.repo}` && !meta.maintainerCanModify) {
    throw new GraphqlError('FORBIDDEN', `${user} does not have permission to push to ${repoName}.`);
  }
  const changes: Record<string, string | null> = {};
  for (const addition of input.fileChanges?.additions ?? []) changes[addition.path] = Buffer.from(addition.contents, 'base64').toString('utf8');
  for (const deletion of input.fileChanges?.deletions ?? []) changes[deletion.path] = null;
  const oid = createHash('sha1').update(`${head}\n${input.message.headline}\n${state.commits.length}\n${JSON.stringify(changes)}`).digest('hex');
  moveHead(fake, pull, oid, changes);
  state.branches.set(`${repoName}:${branch}`, oid);
  state.commits.push({
    oid,
    parent: head,
    repository: repoName,
    branch,
    headline: input.message.headline,
    ...(input.message.body ? { body: input.message.body } : {}),
    committer: user,
    paths: Object.keys(changes),
  });
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: {
      id: `C_${oid}`,
      oid,
      url: `https://github.com/${repoName}/commit/${oid}`,
      message: input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline,
      messageHeadline: input.message.headline,
    },
    ref: { id: `REF_${repoName}:${branch}`, name: `refs/heads/${branch}` },
  };
}

function repository(fake: FakeGitHub, owner: string, name: string): unknown {
  const known =
    [...fake.state.pulls.values()].some((p) => p.owner === owner && p.repo === name) ||
    [...fake.state.contents.keys()].some((k) => k.startsWith(`${owner}/${name}@`));
  if (!known) throw new GraphqlError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`);
  return {
    id: `R_${owner}/${name}`,
    nameWithOwner: `${owner}/${name}`,
    object: ({ expression }: { expression?: string }) => {
      if (!expression) return null;
      const colon = expression.indexOf(':');
      if (colon < 0) return null;
      const ref = expression.slice(0, colon);
      const path = expression.slice(colon + 1).replace(/\/$/, '');
      const text = fake.state.contents.get(contentKey(owner, name, ref, path));
      return text === undefined ? treeOf(fake, owner, name, ref, path) : blobOf(fake, text);
    },
    pullRequest: ({ number }: { number: number }) => {
      const pull = fake.state.pulls.get(pullKey(owner, name, number));
      return pull ? pullRequestOf(fake, pull) : null;
    },
  };
}

function blobOf(fake: FakeGitHub, text: string): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const oid = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  appState(fake).blobs.set(oid, text);
  const isBinary = text.includes('\0');
  const isTruncated = bytes.length > BLOB_TEXT_LIMIT;
  return {
    __typename: 'Blob',
    id: `B_${oid}`,
    oid,
    byteSize: bytes.length,
    isBinary,
    isTruncated,
    text: isBinary ? null : isTruncated ? bytes.subarray(0, BLOB_TEXT_LIMIT).toString('utf8') : text,
  };
}

/** A folder at a commit, built from the file texts under it; null when nothing is there. */
function treeOf(fake: FakeGitHub, owner: string, name: string, ref: string, folder: string): unknown {
  const prefix = contentKey(owner, name, ref, folder ? `${folder}/` : '');
  const children = new Map<string, { type: string; text?: string }>();
  for (const [key, text] of fake.state.contents) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash === -1) children.set(rest, { type: 'blob', text });
    else if (!children.has(rest.slice(0, slash))) children.set(rest.slice(0, slash), { type: 'tree' });
  }
  if (children.size === 0) return null;
  const oid = createHash('sha1').update(`tree ${prefix}`).digest('hex');
  return {
    __typename: 'Tree',
    id: `T_${oid}`,
    oid,
    entries: [...children].sort(([a], [b]) => a.localeCompare(b)).map(([entryName, child]) => {
      const object = child.text === undefined ? treeOf(fake, owner, name, ref, folder ? `${folder}/${entryName}` : entryName) : blobOf(fake, child.text);
      return { name: entryName, path: folder ? `${folder}/${entryName}` : entryName, type: child.type, oid: (object as { oid: string }).oid, object };
    }),
  };
}

function threadId(comment: FakeReviewComment): string {
  return `PRRT_fake${comment.id}`;
}

function threadComment(fake: FakeGitHub, id: string): FakeReviewComment | undefined {
  return fake.state.reviewComments.find((c) => threadId(c) === id);
}

function threadOf(fake: FakeGitHub, comment: FakeReviewComment): unknown {
  const pull = fake.state.pulls.get(pullKey(comment.owner, comment.repo, comment.pullNumber));
  return {
    id: threadId(comment),
    isResolved: appState(fake).resolvedThreads.has(threadId(comment)),
    isOutdated: pull !== undefined && comment.commitId !== pull.headSha,
    path: comment.path,
    line: comment.line,
    comments: () => ({
      totalCount: 1,
      nodes: [
        {
          id: `PRRC_fake${comment.id}`,
          databaseId: comment.id,
          body: comment.body,
          path: comment.path,
          author: { __typename: comment.user.endsWith('[bot]') ? 'Bot' : 'User', login: comment.user.replace(/\[bot\]$/, '') },
        },
      ],
    }),
  };
}

function pullRequestOf(fake: FakeGitHub, pull: FakePull): unknown {
  return {
    id: `PR_${pull.owner}/${pull.repo}#${pull.number}`,
    number: pull.number,
    reviewThreads: ({ first, after }: { first?: number; after?: string }) => {
      const all = fake.state.reviewComments.filter((c) => c.owner === pull.owner && c.repo === pull.repo && c.pullNumber === pull.number);
      const start = after ? Number(Buffer.from(after, 'base64').toString('utf8')) + 1 : 0;
      const size = Math.min(first ?? 100, 100);
      const page = all.slice(start, start + size);
      const cursor = (i: number): string => Buffer.from(String(i)).toString('base64');
      return {
        totalCount: all.length,
        nodes: page.map((c) => threadOf(fake, c)),
        pageInfo: {
          hasNextPage: start + size < all.length,
          hasPreviousPage: start > 0,
          startCursor: page.length ? cursor(start) : null,
          endCursor: page.length ? cursor(start + page.length - 1) : null,
        },
      };
    },
  };
}

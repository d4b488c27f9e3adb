// What the fake GitHub remembers: pull requests and their files, reviews, review comments, check
// runs, issue comments and file contents. Plain data, so tests can seed and inspect it directly.
import { createHash } from 'node:crypto';
import { patchFor } from './make-patch.ts';

export interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Absent for binary files and diffs GitHub finds too large to show. */
  patch?: string;
  additions: number;
  deletions: number;
  previous_filename?: string;
  sha: string;
}

export interface FakePull {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  files: FakePullFile[];
}

export interface FakeReviewComment {
  id: number;
  owner: string;
  repo: string;
  pullNumber: number;
  reviewId: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  startLine?: number;
  startSide?: 'LEFT' | 'RIGHT';
  body: string;
  commitId: string;
  user: string;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeReview {
  id: number;
  owner: string;
  repo: string;
  pullNumber: number;
  body: string;
  event: string;
  commitId: string;
  commentIds: number[];
  user: string;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  start_column?: number;
  end_column?: number;
  raw_details?: string;
}

export interface FakeCheckRun {
  id: number;
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: FakeAnnotation[];
  actions: unknown[];
}

export interface FakeIssueComment {
  id: number;
  owner: string;
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeGitHubState {
  nextId(): number;
  /** Key: `owner/repo#number`. */
  pulls: Map<string, FakePull>;
  reviews: FakeReview[];
  reviewComments: FakeReviewComment[];
  checkRuns: Map<number, FakeCheckRun>;
  issueComments: FakeIssueComment[];
  /** Key: `owner/repo@ref:path`; the text of the file at that ref. */
  contents: Map<string, string>;
  /** Who a token acts as; unknown tokens act as the Actions bot. */
  tokenUsers: Map<string, string>;
  /** Room for other modules' data (the App's GraphQL state, fix commits). */
  extra: Map<string, unknown>;
}

export const ACTIONS_BOT = 'github-actions[bot]';

export function createFakeGitHubState(): FakeGitHubState {
  let id = 1000;
  return {
    nextId: () => ++id,
    pulls: new Map(),
    reviews: [],
    reviewComments: [],
    checkRuns: new Map(),
    issueComments: [],
    contents: new Map(),
    tokenUsers: new Map(),
    extra: new Map(),
  };
}

export function pullKey(owner: string, repo: string, number: number | string): string {
  return `${owner}/${repo}#${number}`;
}

export function contentKey(owner: string, repo: string, ref: string, path: string): string {
  return `${owner}/${repo}@${ref}:${path}`;
}

export interface SeedFile {
  filename: string;
  /** Text on the base branch; absent for an added file. */
  before?: string;
  /** Text on the head branch; absent for a removed file. */
  after?: string;
  /** Pretend GitHub left `patch` out (binary or huge diff). */
  withoutPatch?: boolean;
}

export interface SeedPull {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
  files: SeedFile[];
}

/** Adds a pull request with GitHub-style patches computed from before/after texts, and the texts. */
export function seedPullRequest(state: FakeGitHubState, seed: SeedPull): FakePull {
  const files: FakePullFile[] = seed.files.map((file) => {
    const { patch, additions, deletions } = patchFor(file.before, file.after);
    const status = file.before === undefined ? 'added' : file.after === undefined ? 'removed' : 'modified';
    if (file.before !== undefined) state.contents.set(contentKey(seed.owner, seed.repo, seed.baseSha, file.filename), file.before);
    if (file.after !== undefined) state.contents.set(contentKey(seed.owner, seed.repo, seed.headSha, file.filename), file.after);
    return {
      filename: file.filename,
      status,
      additions,
      deletions,
      sha: createHash('sha1').update(file.after ?? '').digest('hex'),
      ...(file.withoutPatch || patch === '' ? {} : { patch }),
    };
  });
  const pull: FakePull = { owner: seed.owner, repo: seed.repo, number: seed.number, headSha: seed.headSha, baseSha: seed.baseSha, files };
  state.pulls.set(pullKey(seed.owner, seed.repo, seed.number), pull);
  return pull;
}

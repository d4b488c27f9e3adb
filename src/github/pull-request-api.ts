// The narrow GitHub surface the publishers need, over any Octokit (the Action's, Probot's): only
// `request` is used, so tests can pass a fake and the App its installation client. Every failure
// comes out as a GitHubError (github-errors.ts) naming what was being done.
import { toGitHubError } from './github-errors.ts';

export interface OctokitLike {
  request(route: string, parameters?: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string | number | undefined> }>;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface PullRequestRef extends RepoRef {
  number: number;
  headSha: string;
  baseSha?: string;
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Absent when GitHub leaves it out (binary files, very large diffs). */
  patch?: string;
  previousPath?: string;
}

export interface ExistingReviewComment {
  id: number;
  path: string;
  line: number | null;
  body: string;
  user?: string;
}

export interface NewReviewComment {
  path: string;
  body: string;
  line: number;
  side: 'RIGHT';
  start_line?: number;
  start_side?: 'RIGHT';
}

export interface PullRequestApi {
  /** Changed files; GitHub stops listing at 3,000 (see MAX_LISTED_FILES). */
  listFiles(pr: PullRequestRef): Promise<ChangedFile[]>;
  listReviewComments(pr: PullRequestRef): Promise<ExistingReviewComment[]>;
  createReview(pr: PullRequestRef, review: { body: string; comments: NewReviewComment[] }): Promise<{ id: number }>;
  updateReviewComment(repo: RepoRef, commentId: number, body: string): Promise<void>;
  /** A file's text at a ref, or undefined when it does not exist there. */
  getFileText(repo: RepoRef, path: string, ref: string): Promise<string | undefined>;
}

/** GitHub's pull request files endpoint lists at most this many files. */
export const MAX_LISTED_FILES = 3000;
const PER_PAGE = 100;

export function createPullRequestApi(octokit: OctokitLike): PullRequestApi {
  const call = async <T>(operation: string, route: string, parameters: Record<string, unknown>): Promise<{ data: T; headers: Record<string, string | number | undefined> }> => {
    try {
      const response = await octokit.request(route, parameters);
      return { data: response.data as T, headers: response.headers };
    } catch (error) {
      throw toGitHubError(error, operation);
    }
  };
  /** Follows pages until GitHub stops sending rel="next". */
  const all = async <T>(operation: string, route: string, parameters: Record<string, unknown>, limit = Infinity): Promise<T[]> => {
    const items: T[] = [];
    for (let page = 1; items.length < limit; page++) {
      const { data, headers } = await call<T[]>(operation, route, { ...parameters, per_page: PER_PAGE, page });
      items.push(...data);
      if (!/rel="next"/.test(String(headers.link ?? '')) || data.length === 0) break;
    }
    return items.slice(0, limit);
  };

  return {
    async listFiles(pr) {
      const files = await all<{ filename: string; status: ChangedFile['status']; patch?: string; previous_filename?: string }>(
        'list pull request files',
        'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
        { owner: pr.owner, repo: pr.repo, pull_number: pr.number },
        MAX_LISTED_FILES,
      );
      return files.map((f) => ({
        path: f.filename,
        status: f.status,
        ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
        ...(f.previous_filename ? { previousPath: f.previous_filename } : {}),
      }));
    },
    async listReviewComments(pr) {
      const comments = await all<{ id: number; path: string; line?: number | null; body: string; user?: { login: string } | null }>(
        'list review comments',
        'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments',
        { owner: pr.owner, repo: pr.repo, pull_number: pr.number },
      );
      return comments.map((c) => ({ id: c.id, path: c.path, line: c.line ?? null, body: c.body, ...(c.user ? { user: c.user.login } : {}) }));
    },
    async createReview(pr, review) {
      const { data } = await call<{ id: number }>('create pull request review', 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        commit_id: pr.headSha,
        event: 'COMMENT',
        body: review.body,
        comments: review.comments,
        // Never retried blindly: a 5xx may come after GitHub created the review (see publish-review.ts).
        request: { retries: 0 },
      });
      return { id: data.id };
    },
    async updateReviewComment(repo, commentId, body) {
      await call('update review comment', 'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: repo.owner, repo: repo.repo, comment_id: commentId, body });
    },
    async getFileText(repo, path, ref) {
      try {
        const { data } = await call<{ type?: string; content?: string; encoding?: string }>('read file', 'GET /repos/{owner}/{repo}/contents/{path}', {
          owner: repo.owner,
          repo: repo.repo,
          path,
          ref,
        });
        if (data.type !== 'file' || typeof data.content !== 'string') return undefined;
        return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
  };
}

// The App's review: the shared planner and publisher (src/github/: comments only on diff lines,
// ```suggestion blocks, fingerprint markers, batches of 30, 422 splitting), with two App abilities the
// Action's token lacks: earlier comments are read as review threads in one GraphQL query, and threads
// whose finding is gone are resolved with GraphQL `resolveReviewThread` (all in one mutation).
import type { Logger } from 'probot';
import { readMarker } from '../src/github/fingerprint-marker.ts';
import { publishReview as publishSharedReview } from '../src/github/publish-review.ts';
import { createPullRequestApi, type ExistingReviewComment, type PullRequestApi } from '../src/github/pull-request-api.ts';
import { describeError, type GitHubClient } from './github-client.ts';
import type { CheckTarget, ReviewPublisher } from './run-check.ts';

export interface ReviewThread {
  id: string;
  isResolved: boolean;
  commentId: number;
  path: string;
  line: number | null;
  body: string;
}

export const REVIEW_THREADS_QUERY = `query PlimsollThreads($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved line path comments(first: 1) { nodes { databaseId body } } }
      }
    }
  }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; line: number | null; path: string; comments: { nodes: { databaseId: number | null; body: string }[] } }[];
      };
    } | null;
  } | null;
}

/** Threads started by a Plimsoll comment (the marker says so), 100 a query. */
export async function listPlimsollThreads(github: GitHubClient, target: CheckTarget): Promise<ReviewThread[]> {
  const threads: ReviewThread[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const data = (await github.graphql(REVIEW_THREADS_QUERY, { owner: target.owner, name: target.repo, number: target.pullNumber, cursor })) as ThreadsPage;
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    for (const node of connection.nodes) {
      const first = node.comments.nodes[0];
      if (!first?.databaseId || !readMarker(first.body)) continue;
      threads.push({ id: node.id, isResolved: node.isResolved, commentId: first.databaseId, path: node.path, line: node.line, body: first.body });
    }
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }
  return threads;
}

export function resolveThreadsMutation(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$t${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `  r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`).join('\n');
  return `mutation PlimsollResolve(${vars}) {\n${fields}\n}`;
}

export async function resolveThreads(github: GitHubClient, threadIds: readonly string[]): Promise<void> {
  for (let start = 0; start < threadIds.length; start += 50) {
    const chunk = threadIds.slice(start, start + 50);
    await github.graphql(resolveThreadsMutation(chunk.length), Object.fromEntries(chunk.map((id, i) => [`t${i}`, id])));
  }
}

export const publishReview: ReviewPublisher = async ({ github, target, scan, log }) => {
  const notes: string[] = [];
  const threads = await listPlimsollThreads(github, target);
  const byComment = new Map(threads.map((t) => [t.commentId, t]));
  const toResolve: string[] = [];
  const rest = createPullRequestApi(github as never);
  const api: PullRequestApi = {
    ...rest,
    // Resolved threads still count as commented: a finding someone resolved by hand is not re-posted.
    listReviewComments: async (): Promise<ExistingReviewComment[]> => threads.map((t) => ({ id: t.commentId, path: t.path, line: t.line, body: t.body })),
    updateReviewComment: async (repo, commentId, body) => {
      await rest.updateReviewComment(repo, commentId, body);
      const thread = byComment.get(commentId);
      if (thread && !thread.isResolved) toResolve.push(thread.id);
    },
  };
  const decoder = new TextDecoder();
  const texts = new Map(scan.files.map((f) => [f.path, decoder.decode(f.bytes)]));
  const result = await publishSharedReview(api, {
    pr: { owner: target.owner, repo: target.repo, number: target.pullNumber, headSha: target.headSha },
    headline: `**Plimsoll:** ${scan.verdict.reason}`,
    findings: scan.reportable,
    currentFingerprints: new Set(scan.findings.map((f) => f.fingerprint)),
    files: scan.changed,
    fileText: (path) => texts.get(path),
  });
  if (toResolve.length > 0) {
    try {
      await resolveThreads(github, toResolve);
    } catch (error) {
      notes.push(`Fixed findings' review threads could not be resolved (${describeError(error)}).`);
    }
  }
  if (result.error) notes.push(`Review comments could not all be posted (${result.error.message}); every finding is annotated on the diff.`);
  if (result.rejected.length > 0) notes.push(`GitHub refused ${result.rejected.length} review comment(s); those findings are annotated on the diff.`);
  if (result.plan.overLimit.length > 0) notes.push(`${result.plan.overLimit.length} more finding(s) on changed lines are listed here rather than commented, to keep the review readable.`);
  log.info({ event: 'review.published', posted: result.posted, reviews: result.reviews, resolved: toResolve.length, already: result.plan.alreadyCommented.length }, 'review published');
  return { notes };
};

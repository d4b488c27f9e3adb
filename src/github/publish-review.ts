// Posts the planned review: batches of ≤ 30 comments, resolved markers on earlier comments. A batch
// GitHub refuses with 422 is split in halves so one bad anchor cannot sink the rest. A 5xx on
// creating a review may come after GitHub created it, so instead of re-sending the batch blindly
// (a duplicate review) it re-reads the comments and posts only what is missing. Other failures
// (permissions, rate limits) stop publishing and are returned, never thrown: a failure to comment
// must never hide the verdict.
import { setTimeout as sleep } from 'node:timers/promises';
import { GitHubError, GitHubUnavailableError, GitHubValidationError, toGitHubError } from './github-errors.ts';
import { readMarker } from './fingerprint-marker.ts';
import { batchComments, planReview, type PlannedComment, type ReviewPlan, type ReviewPlanInput } from './review-comments.ts';
import type { PullRequestApi, PullRequestRef } from './pull-request-api.ts';

export interface PublishReviewResult {
  plan: ReviewPlan;
  posted: number;
  reviews: number;
  resolved: number;
  /** Comments GitHub refused one by one (bad anchors), with its reason. */
  rejected: { comment: PlannedComment; reason: string }[];
  /** The error that stopped publishing, if one did. */
  error?: GitHubError;
}

export interface PublishReviewInput extends Omit<ReviewPlanInput, 'existing' | 'headSha'> {
  pr: PullRequestRef;
  /** One line for each review's body, e.g. the verdict. */
  headline: string;
  /** Waits before re-checking after a 5xx on creating a review (default 1 s, then 4 s). */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [1000, 4000];

export async function publishReview(api: PullRequestApi, input: PublishReviewInput): Promise<PublishReviewResult> {
  let existing;
  try {
    existing = await api.listReviewComments(input.pr);
  } catch (error) {
    const plan = planReview({ ...input, existing: [], headSha: input.pr.headSha });
    return { plan, posted: 0, reviews: 0, resolved: 0, rejected: [], error: toGitHubError(error, 'list review comments') };
  }
  const plan = planReview({ ...input, existing, headSha: input.pr.headSha });
  const result: PublishReviewResult = { plan, posted: 0, reviews: 0, resolved: 0, rejected: [] };
  const batches = batchComments(plan.comments);
  try {
    for (const [index, batch] of batches.entries()) {
      const body = `${input.headline}${batches.length > 1 ? ` (comments ${index + 1} of ${batches.length})` : ''}`;
      await postBatch(api, input.pr, body, batch, result, input.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
    }
    for (const resolved of plan.resolved) {
      await api.updateReviewComment(input.pr, resolved.commentId, resolved.body);
      result.resolved += 1;
    }
  } catch (error) {
    result.error = toGitHubError(error, 'publish review');
  }
  return result;
}

async function postBatch(
  api: PullRequestApi,
  pr: PullRequestRef,
  body: string,
  batch: PlannedComment[],
  result: PublishReviewResult,
  delays: readonly number[],
  attempt = 0,
): Promise<void> {
  if (batch.length === 0) return;
  try {
    await api.createReview(pr, { body, comments: batch.map((c) => c.comment) });
    result.posted += batch.length;
    result.reviews += 1;
  } catch (error) {
    if (error instanceof GitHubUnavailableError && attempt < delays.length) {
      await sleep(delays[attempt]!);
      const there = new Set((await api.listReviewComments(pr)).map((c) => readMarker(c.body)?.fingerprint));
      const missing = batch.filter((c) => !there.has(c.finding.fingerprint));
      if (missing.length < batch.length) {
        result.posted += batch.length - missing.length;
        result.reviews += 1;
      }
      await postBatch(api, pr, body, missing, result, delays, attempt + 1);
      return;
    }
    if (!(error instanceof GitHubValidationError)) throw error;
    if (batch.length === 1) {
      result.rejected.push({ comment: batch[0]!, reason: [error.message, ...error.errors.map(String)].join('; ') });
      return;
    }
    const half = Math.ceil(batch.length / 2);
    await postBatch(api, pr, body, batch.slice(0, half), result, delays);
    await postBatch(api, pr, body, batch.slice(half), result, delays);
  }
}

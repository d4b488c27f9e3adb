// One Plimsoll check run for one head commit of a pull request, from "in progress" to "completed".
// Whatever fails (config, scan, GitHub), the run is completed with the error in its summary: a check
// left in progress would block a required check forever without saying why.
import type { Logger } from 'probot';
import {
  CHECK_RUN_NAME,
  annotationBatches,
  buildCheckRunOutput,
  type CheckRunOutput,
} from '../src/github/check-run-output.ts';
import { decidePushPermission } from '../src/github/fix-commit.ts';
import type { AppPolicy } from './app-policy.ts';
import { describeError, fullName, type GitHubClient, type RepoRef } from './github-client.ts';
import type { KeyedLock } from './keyed-lock.ts';
import { scanPullRequest, type PullRequestScan } from './scan-pull-request.ts';
import type { PullRequestInfo } from './pull-request-info.ts';
import { getPullRequestInfo } from './pull-request-info.ts';

export interface CheckTarget extends RepoRef {
  headSha: string;
  pullNumber: number;
  /** The base branch commit from the event, for `newOnly`. */
  baseSha?: string;
}

export interface ReviewPublisher {
  (input: { github: GitHubClient; target: CheckTarget; scan: PullRequestScan; log: Logger }): Promise<{ notes: string[] }>;
}

export interface RunCheckOptions {
  github: GitHubClient;
  log: Logger;
  lock: KeyedLock;
  loadPolicy: () => Promise<AppPolicy>;
  publishReview?: ReviewPublisher;
  /** Only this App's runs count when looking for an existing run. */
  appId?: number;
  /** A re-run the user asked for: always make a fresh run. */
  force?: boolean;
  /** The previous head commit (synchronize `before`): its runs still in progress get cancelled. */
  supersedes?: string;
  /** Extra lines for the summary (why fixes were not pushed, and so on). */
  notes?: string[];
}

export type RunCheckResult =
  | { status: 'skipped'; reason: string }
  | { status: 'superseded'; checkRunId: number }
  | { status: 'completed'; checkRunId: number; conclusion: string; output?: CheckRunOutput }
  | { status: 'errored'; checkRunId?: number; error: string };

export const EXTERNAL_ID_PREFIX = 'pr:';

/** A run still in progress this long after it started belongs to a replica that died mid-check. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/** Abandoned runs do not stop a redelivered event from checking the commit again. */
export function isAbandoned(run: { status: string; started_at: string | null }, now: number): boolean {
  if (run.status === 'completed') return false;
  const started = run.started_at ? Date.parse(run.started_at) : Number.NaN;
  return Number.isFinite(started) && now - started > ABANDONED_AFTER_MS;
}

/** The PR number is kept on the run: check_run payloads of fork PRs carry no pull_requests. */
export function pullNumberOf(externalId: string | null | undefined): number | undefined {
  if (!externalId?.startsWith(EXTERNAL_ID_PREFIX)) return undefined;
  const n = Number(externalId.slice(EXTERNAL_ID_PREFIX.length));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export async function listPlimsollRuns(
  github: GitHubClient,
  repo: RepoRef,
  ref: string,
  options: { appId?: number; status?: 'in_progress' | 'completed' } = {},
): Promise<{ id: number; status: string; conclusion: string | null; external_id: string | null; started_at: string | null; output: { title: string | null; summary: string | null } }[]> {
  const response = await github.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    ...repo,
    ref,
    check_name: CHECK_RUN_NAME,
    filter: 'latest',
    per_page: 100,
    ...(options.appId ? { app_id: options.appId } : {}),
    ...(options.status ? { status: options.status } : {}),
  });
  return response.data.check_runs.map((run) => ({ ...run, id: Number(run.id) }));
}

export async function runCheck(target: CheckTarget, options: RunCheckOptions): Promise<RunCheckResult> {
  const { github, log } = options;
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const key = `${fullName(repo)}@${target.headSha}`;
  let abandoned: number[] = [];
  const started = await options.lock.run(key, async (): Promise<number | RunCheckResult> => {
    if (!options.force) {
      const existing = await listPlimsollRuns(github, repo, target.headSha, options.appId ? { appId: options.appId } : {});
      const live = existing.find((run) => !isAbandoned(run, Date.now()));
      if (live) return { status: 'skipped', reason: `check run ${live.id} already exists for ${target.headSha}` };
      abandoned = existing.map((run) => run.id);
    }
    const created = await github.request('POST /repos/{owner}/{repo}/check-runs', {
      ...repo,
      name: CHECK_RUN_NAME,
      head_sha: target.headSha,
      status: 'in_progress',
      started_at: new Date().toISOString(),
      external_id: `${EXTERNAL_ID_PREFIX}${target.pullNumber}`,
      output: { title: 'Scanning changed manifests', summary: 'Plimsoll is scanning the Kubernetes manifests this pull request changes.' },
    });
    return Number(created.data.id);
  });
  if (typeof started !== 'number') {
    log.info({ event: 'check.skipped', repo: fullName(repo), sha: target.headSha, reason: started.status === 'skipped' ? started.reason : '' }, 'check skipped');
    return started;
  }
  const checkRunId = started;
  for (const id of abandoned) {
    await completeStale(github, repo, id, 'Abandoned', 'The process running this check stopped before finishing; a new run replaces it.').catch(() => undefined);
  }
  if (options.supersedes && options.supersedes !== target.headSha) {
    await cancelStaleRuns(github, repo, options.supersedes, target.headSha, options.appId, log);
  }
  try {
    const policy = await options.loadPolicy();
    const scan = await scanPullRequest(github, repo, target, policy);
    // Re-read the PR after the scan: a push that landed meanwhile makes this result stale.
    const pull = await getPullRequestInfo(github, repo, target.pullNumber);
    if (pull.headSha !== target.headSha) {
      await completeSuperseded(github, repo, checkRunId, pull.headSha);
      log.info({ event: 'check.superseded', repo: fullName(repo), sha: target.headSha, newer: pull.headSha }, 'check superseded');
      return { status: 'superseded', checkRunId };
    }
    const notes = [...(options.notes ?? []), ...scan.notes];
    const input = { findings: scan.findings, verdict: scan.verdict, files: scan.files.length, notes, canOfferFixes: canPush(pull) };
    const output = buildCheckRunOutput(input);
    // The verdict first (a required check waits on it), the review after.
    await completeCheckRun(github, repo, checkRunId, output);
    log.info(
      { event: 'check.completed', repo: fullName(repo), sha: target.headSha, conclusion: output.conclusion, findings: scan.findings.length },
      'check completed',
    );
    if (options.publishReview) {
      let reviewNotes: string[];
      try {
        reviewNotes = (await options.publishReview({ github, target, scan, log })).notes;
      } catch (error) {
        // A failed review never hides the verdict: it is already on the check run.
        log.warn({ event: 'review.failed', err: describeError(error) }, 'review failed');
        reviewNotes = [`Review comments could not be posted (${describeError(error)}); the findings are annotated on the diff.`];
      }
      if (reviewNotes.length > 0) {
        const updated = buildCheckRunOutput({ ...input, notes: [...notes, ...reviewNotes] });
        await github
          .request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: checkRunId, output: { title: updated.title, summary: updated.summary } })
          .catch((error: unknown) => log.warn({ event: 'check.notes-failed', err: describeError(error) }, 'could not add review notes'));
      }
    }
    return { status: 'completed', checkRunId, conclusion: output.conclusion, output };
  } catch (error) {
    const message = describeError(error);
    log.error({ event: 'check.errored', repo: fullName(repo), sha: target.headSha, err: message }, 'check errored');
    await completeWithError(github, repo, checkRunId, message, log);
    return { status: 'errored', checkRunId, error: message };
  }
}

export function canPush(pull: PullRequestInfo): boolean {
  return decidePushPermission({
    baseRepoFullName: pull.baseRepoFullName,
    headRepoFullName: pull.headRepoFullName,
    maintainerCanModify: pull.maintainerCanModify,
  }).allowed;
}

/** Sends annotations 50 a request while the run is in progress, then completes it with the last batch. */
export async function completeCheckRun(github: GitHubClient, repo: RepoRef, checkRunId: number, output: CheckRunOutput): Promise<void> {
  const batches = annotationBatches(output.annotations);
  const text = { title: output.title, summary: output.summary };
  for (const batch of batches.slice(0, -1)) {
    await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: checkRunId,
      output: { ...text, annotations: batch },
    });
  }
  const last = batches.at(-1);
  await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: output.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...text, ...(last ? { annotations: last } : {}) },
    actions: output.actions,
  });
}

async function completeSuperseded(github: GitHubClient, repo: RepoRef, checkRunId: number, newer: string): Promise<void> {
  await completeStale(github, repo, checkRunId, 'Superseded by a newer push', `A newer commit (${newer}) is being checked instead.`);
}

async function completeStale(github: GitHubClient, repo: RepoRef, checkRunId: number, title: string, summary: string): Promise<void> {
  await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
    ...repo,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion: 'cancelled',
    completed_at: new Date().toISOString(),
    output: { title, summary },
  });
}

async function cancelStaleRuns(github: GitHubClient, repo: RepoRef, staleSha: string, newer: string, appId: number | undefined, log: Logger): Promise<void> {
  try {
    const stale = await listPlimsollRuns(github, repo, staleSha, { status: 'in_progress', ...(appId ? { appId } : {}) });
    for (const run of stale) await completeSuperseded(github, repo, run.id, newer);
    if (stale.length > 0) log.info({ event: 'check.cancelled-stale', repo: fullName(repo), sha: staleSha, runs: stale.length }, 'cancelled stale runs');
  } catch (error) {
    // Best effort: the stale run's own process also notices the newer head and cancels itself.
    log.warn({ event: 'check.cancel-stale-failed', err: describeError(error) }, 'could not cancel stale runs');
  }
}

/**
 * Fails closed: an unfinished scan must not let a required check pass. The built-in "Re-run" button
 * (check_run.rerequested) starts a fresh run.
 */
export async function completeWithError(github: GitHubClient, repo: RepoRef, checkRunId: number, message: string, log: Logger): Promise<void> {
  try {
    await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: checkRunId,
      status: 'completed',
      conclusion: 'failure',
      completed_at: new Date().toISOString(),
      output: {
        title: 'Plimsoll could not finish',
        summary: `Plimsoll could not complete this check:\n\n> ${message.replace(/\n/g, ' ')}\n\nNothing was judged, so the check fails rather than pass unchecked. Use **Re-run** to try again.`,
      },
    });
  } catch (error) {
    log.error({ event: 'check.complete-failed', checkRunId, err: describeError(error) }, 'could not complete check run');
  }
}

// "Apply fixes" (check run button) and `/plimsoll fix` (PR comment): one commit with every safe fix on
// the pull request's branch, then a fresh check of the new head. Refusals are explained, never silent.
import type { Logger } from 'probot';
import { MAX_CHECK_OUTPUT_CHARS } from '../src/github/check-run-output.ts';
import { fixFiles } from '../src/fix/fix-files.ts';
import { createCommitOnBranch, decidePushPermission, fixCommitMessage } from '../src/github/fix-commit.ts';
import { applyConfigExemptions, todayIso } from '../src/policy/config-exemptions.ts';
import type { Finding } from '../src/types.ts';
import type { AppPolicy } from './app-policy.ts';
import { describeError, fullName, type GitHubClient, type RepoRef } from './github-client.ts';
import { getPullRequestInfo } from './pull-request-info.ts';
import { listPlimsollRuns, runCheck, type RunCheckOptions, type RunCheckResult } from './run-check.ts';
import { scanPullRequest } from './scan-pull-request.ts';

export interface ApplyFixesRequest extends RepoRef {
  pullNumber: number;
  /** Who asked; must have write access to the repository. */
  actor: string;
  /** The commit the button was pressed on; when the branch has moved since, re-scan instead. */
  requestedSha?: string;
}

export type ApplyFixesResult =
  | { status: 'refused'; reason: string; /** The reason is already in the check summary. */ explained?: boolean }
  | { status: 'nothing-to-fix' }
  | { status: 'moved'; headSha: string; check: RunCheckResult }
  | { status: 'committed'; oid: string; fixed: number; check: RunCheckResult }
  | { status: 'failed'; error: string };

const WRITE_PERMISSIONS = new Set(['admin', 'maintain', 'write']);

export async function hasWriteAccess(github: GitHubClient, repo: RepoRef, username: string): Promise<boolean> {
  const { data } = await github.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { ...repo, username });
  return WRITE_PERMISSIONS.has(data.permission) || WRITE_PERMISSIONS.has(data.role_name ?? '');
}

export async function applyFixes(request: ApplyFixesRequest, options: RunCheckOptions & { log: Logger }): Promise<ApplyFixesResult> {
  const { github, log } = options;
  const repo: RepoRef = { owner: request.owner, repo: request.repo };
  const logFields = { repo: fullName(repo), pull: request.pullNumber, actor: request.actor };
  if (!(await hasWriteAccess(github, repo, request.actor))) {
    log.info({ event: 'fix.refused', ...logFields, reason: 'no write access' }, 'fix refused');
    return { status: 'refused', reason: `@${request.actor} does not have write access to ${fullName(repo)}, so Plimsoll did not push fixes.` };
  }
  const pull = await getPullRequestInfo(github, repo, request.pullNumber);
  if (pull.state !== 'open') return { status: 'refused', reason: 'The pull request is not open.' };
  if (request.requestedSha && request.requestedSha !== pull.headSha) {
    // The button belongs to an older commit: fixes computed for it may not fit the new head.
    const check = await runCheck({ ...repo, pullNumber: pull.number, headSha: pull.headSha, baseSha: pull.baseSha }, options);
    return { status: 'moved', headSha: pull.headSha, check };
  }
  const permission = decidePushPermission({
    baseRepoFullName: pull.baseRepoFullName,
    headRepoFullName: pull.headRepoFullName,
    maintainerCanModify: pull.maintainerCanModify,
  });
  if (!permission.allowed) {
    await explainOnCheck(github, repo, pull.headSha, `### Fixes not applied\n\n${permission.reason}`, options.appId, log);
    log.info({ event: 'fix.refused', ...logFields, reason: 'cannot push to head repository' }, 'fix refused');
    return { status: 'refused', reason: permission.reason, explained: true };
  }
  let policy: AppPolicy;
  try {
    policy = await options.loadPolicy();
  } catch (error) {
    return { status: 'failed', error: describeError(error) };
  }
  const scan = await scanPullRequest(github, repo, { pullNumber: pull.number, headSha: pull.headSha, baseSha: pull.baseSha }, policy);
  // The same multi-pass fixing as `plimsoll fix`: overlapping fixes are recomputed on the new text.
  const decoder = new TextDecoder();
  const today = todayIso();
  const isExempt = (finding: Finding): boolean => applyConfigExemptions([finding], policy.config.exemptions, today)[0]!.suppressed !== undefined;
  const fixes = fixFiles(
    scan.files.map((file) => ({ path: file.path, text: decoder.decode(file.bytes) })),
    policy.config.scanOptions,
    { isExempt },
  );
  const plan = { changes: fixes.map((f) => ({ path: f.path, text: f.after })), fixed: fixes.flatMap((f) => f.fixed) };
  if (plan.changes.length === 0) {
    await explainOnCheck(github, repo, pull.headSha, '### Fixes\n\nNothing to fix: no finding on this commit has a safe automatic fix.', options.appId, log);
    return { status: 'nothing-to-fix' };
  }
  const message = fixCommitMessage(plan.fixed);
  const [headOwner, headName] = (pull.headRepoFullName ?? '').split('/');
  try {
    const commit = await createCommitOnBranch(github.graphql as never, {
      repositoryNameWithOwner: `${headOwner}/${headName}`,
      branchName: pull.headRef,
      expectedHeadOid: pull.headSha,
      headline: message.headline,
      body: `${message.body}\n\nRequested by @${request.actor}.`,
      changes: plan.changes,
    });
    log.info({ event: 'fix.committed', ...logFields, oid: commit.oid, fixed: plan.fixed.length }, 'fix committed');
    const check = await runCheck(
      { ...repo, pullNumber: pull.number, headSha: commit.oid, baseSha: pull.baseSha },
      { ...options, supersedes: pull.headSha, notes: [`Plimsoll committed ${plan.fixed.length} fix${plan.fixed.length === 1 ? '' : 'es'} in ${commit.oid.slice(0, 7)} (requested by @${request.actor}).`] },
    );
    return { status: 'committed', oid: commit.oid, fixed: plan.fixed.length, check };
  } catch (error) {
    // expectedHeadOid failed or GitHub refused: if the branch moved, check the new head instead.
    const now = await getPullRequestInfo(github, repo, pull.number).catch(() => pull);
    if (now.headSha !== pull.headSha) {
      log.info({ event: 'fix.branch-moved', ...logFields, headSha: now.headSha }, 'branch moved; re-scanning');
      const check = await runCheck({ ...repo, pullNumber: now.number, headSha: now.headSha, baseSha: now.baseSha }, options);
      return { status: 'moved', headSha: now.headSha, check };
    }
    const text = describeError(error);
    log.error({ event: 'fix.failed', ...logFields, err: text }, 'fix commit failed');
    await explainOnCheck(github, repo, pull.headSha, `### Fixes not applied\n\nThe fix commit failed: ${text}`, options.appId, log);
    return { status: 'failed', error: text };
  }
}

/** Puts a note at the top of the head commit's Plimsoll check summary, keeping its conclusion. */
export async function explainOnCheck(github: GitHubClient, repo: RepoRef, headSha: string, note: string, appId: number | undefined, log: Logger): Promise<void> {
  try {
    const [run] = await listPlimsollRuns(github, repo, headSha, appId ? { appId } : {});
    if (!run) return;
    const previous = run.output.summary ?? '';
    // Asking twice does not stack the same explanation.
    if (previous.includes(note)) return;
    const summary = `${note}\n\n---\n\n${previous}`.slice(0, MAX_CHECK_OUTPUT_CHARS);
    await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      ...repo,
      check_run_id: run.id,
      output: { title: run.output.title ?? 'Plimsoll', summary },
    });
  } catch (error) {
    log.warn({ event: 'check.explain-failed', err: describeError(error) }, 'could not update check summary');
  }
}

// The Probot application: maps GitHub events to checks and fix commits. Handlers only pick facts out
// of payloads; the work lives in run-check.ts and apply-fixes.ts.
import type { ApplicationFunction, Context, Logger, Probot } from 'probot';
import { APPLY_FIXES_IDENTIFIER, CHECK_RUN_NAME } from '../src/github/check-run-output.ts';
import { CONFIG_FILE, toAppPolicy, type AppPolicy } from './app-policy.ts';
import { applyFixes, explainOnCheck, type ApplyFixesResult } from './apply-fixes.ts';
import { describeError, type GitHubClient } from './github-client.ts';
import { healthHandler } from './health-handler.ts';
import { InFlight } from './in-flight.ts';
import { KeyedLock } from './keyed-lock.ts';
import { isBot, isFixCommand, isOwnAction } from './loop-guard.ts';
import { publishReview } from './publish-review.ts';
import { pullNumberOf, runCheck, type ReviewPublisher, type RunCheckOptions } from './run-check.ts';

export interface PlimsollAppOptions {
  /** Handlers in progress, for a graceful shutdown. */
  inFlight?: InFlight;
  /** The App's id: only its own check runs count when looking for an existing run. */
  appId?: number;
  /** The App's slug (`plimsoll` for the bot `plimsoll[bot]`); read from GitHub when absent. */
  appSlug?: string;
  publishReview?: ReviewPublisher;
}

type AnyContext = Context<'pull_request' | 'check_suite' | 'check_run' | 'issue_comment'>;

export function createPlimsollApp(options: PlimsollAppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    addHandler(healthHandler);
    const lock = new KeyedLock();
    const inFlight = options.inFlight ?? new InFlight();
    let slug: Promise<string | undefined> | undefined = options.appSlug ? Promise.resolve(options.appSlug) : undefined;
    const appSlug = (): Promise<string | undefined> =>
      (slug ??= app
        .auth()
        .then((octokit) => octokit.request('GET /app'))
        .then((response) => response.data?.slug)
        .catch((error: unknown) => {
          app.log.warn({ event: 'app.slug-unknown', err: describeError(error) }, 'could not read the App slug');
          slug = undefined;
          return undefined;
        }));

    const checkOptions = (context: AnyContext, extra: Partial<RunCheckOptions> = {}): RunCheckOptions => ({
      github: context.octokit as unknown as GitHubClient,
      log: context.log as Logger,
      lock,
      loadPolicy: () => loadPolicy(context),
      publishReview: options.publishReview ?? publishReview,
      ...(options.appId ? { appId: options.appId } : {}),
      ...extra,
    });

    app.on(['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'], (context) =>
      inFlight.track(async () => {
        const { pull_request: pull, repository } = context.payload;
        if (pull.state !== 'open') return;
        const target = { owner: repository.owner.login, repo: repository.name, pullNumber: pull.number, headSha: pull.head.sha, baseSha: pull.base.sha };
        const extra: Partial<RunCheckOptions> = {};
        if (context.payload.action === 'synchronize') {
          const own = isOwnAction(context.payload.sender, await appSlug());
          // The App's own fix commit: "Apply fixes" already checks the new head itself, so this event
          // only runs a check when none exists (the fixing process died), and never supersedes it.
          if (!own) extra.supersedes = context.payload.before;
          context.log.info({ event: 'pull_request.synchronize', own, sha: pull.head.sha }, 'push to pull request');
        }
        await runCheck(target, checkOptions(context, extra));
      }),
    );

    app.on(['check_suite.requested', 'check_suite.rerequested'], (context) =>
      inFlight.track(async () => {
        const { check_suite: suite, repository } = context.payload;
        // Pushes outside a pull request have no diff to judge; fork PRs come through pull_request events.
        const pulls = suite.pull_requests.filter((p) => p.base.repo.id === repository.id && p.head.sha === suite.head_sha);
        for (const pull of pulls) {
          await runCheck(
            { owner: repository.owner.login, repo: repository.name, pullNumber: pull.number, headSha: suite.head_sha, baseSha: pull.base.sha },
            checkOptions(context, { force: context.payload.action === 'rerequested' }),
          );
        }
      }),
    );

    app.on('check_run.rerequested', (context) =>
      inFlight.track(async () => {
        const { check_run: run, repository } = context.payload;
        if (run.name !== CHECK_RUN_NAME) return;
        const pullNumber = run.pull_requests[0]?.number ?? pullNumberOf(run.external_id);
        if (!pullNumber) return;
        const baseSha = run.pull_requests.find((p) => p.number === pullNumber)?.base.sha;
        await runCheck(
          { owner: repository.owner.login, repo: repository.name, pullNumber, headSha: run.head_sha, ...(baseSha ? { baseSha } : {}) },
          checkOptions(context, { force: true }),
        );
      }),
    );

    app.on('check_run.requested_action', (context) =>
      inFlight.track(async () => {
        const { check_run: run, repository, requested_action: action, sender } = context.payload;
        if (run.name !== CHECK_RUN_NAME || action?.identifier !== APPLY_FIXES_IDENTIFIER) return;
        const pullNumber = pullNumberOf(run.external_id) ?? run.pull_requests[0]?.number;
        if (!pullNumber) return;
        const repo = { owner: repository.owner.login, repo: repository.name };
        const result = await applyFixes({ ...repo, pullNumber, actor: sender.login, requestedSha: run.head_sha }, checkOptions(context));
        if (result.status === 'refused' && !result.explained) {
          await explainOnCheck(context.octokit as unknown as GitHubClient, repo, run.head_sha, `### Fixes not applied\n\n${result.reason}`, options.appId, context.log as Logger);
        }
        logFixResult(context, result);
      }),
    );

    app.on('issue_comment.created', (context) =>
      inFlight.track(async () => {
        const { issue, comment, repository, sender } = context.payload;
        if (!issue.pull_request || isBot(sender) || !isFixCommand(comment.body)) return;
        const repo = { owner: repository.owner.login, repo: repository.name };
        const result = await applyFixes({ ...repo, pullNumber: issue.number, actor: sender.login }, checkOptions(context));
        if (result.status === 'refused' || result.status === 'failed' || result.status === 'nothing-to-fix') {
          const text =
            result.status === 'refused' ? result.reason : result.status === 'failed' ? `The fix commit failed: ${result.error}` : 'Nothing to fix: no finding has a safe automatic fix.';
          await context.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            ...repo,
            issue_number: issue.number,
            body: `> /plimsoll fix\n\n${text}`,
          });
        }
        logFixResult(context, result);
      }),
    );

    app.on(['installation.created', 'installation.deleted', 'installation_repositories.added', 'installation_repositories.removed'], (context) =>
      inFlight.track(async () => {
        const payload = context.payload as { action: string; installation: { id: number; account?: { login?: string } | null } };
        // Nothing to set up: the App keeps no state. Checks start with the next pull request event.
        context.log.info(
          { event: `${context.name}.${payload.action}`, installation: payload.installation.id, account: payload.installation.account?.login },
          'installation changed',
        );
      }),
    );

    app.onError((error) => {
      app.log.error({ event: 'webhook.error', err: describeError(error) }, 'webhook handler failed');
    });
  };
}

async function loadPolicy(context: AnyContext): Promise<AppPolicy> {
  // context.config reads .github/plimsoll.yml from the default branch, honours `_extends`, and falls
  // back to the organisation's `.github` repository.
  const raw = await context.config(CONFIG_FILE);
  return toAppPolicy(raw);
}

function logFixResult(context: AnyContext, result: ApplyFixesResult): void {
  context.log.info({ event: 'fix.result', status: result.status }, 'fix request handled');
}

// The Action's adapter: reads inputs and the event, builds the Octokit, runs the domain code
// (run-plimsoll.ts), then reports through @actions/core: annotations, job summary, SARIF, outputs
// and the exit code. Any error ends in setFailed with a clear message, never a stack-trace crash.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { formatSarif } from '../../src/report/format-sarif.ts';
import { ruleCatalog } from '../../src/rules/rule-catalog.ts';
import { TOOL_VERSION } from '../../src/version.ts';
import { planAnnotations } from '../../src/github/action-annotations.ts';
import { renderJobSummary } from '../../src/github/job-summary.ts';
import { createPullRequestApi, type OctokitLike } from '../../src/github/pull-request-api.ts';
import { RESILIENCE_PLUGINS, resilienceOptions } from '../../src/github/octokit-resilience.ts';
import { parseActionInputs } from './action-inputs.ts';
import { loadActionConfig } from './load-action-config.ts';
import { runPlimsoll, type PullRequestEvent } from './run-plimsoll.ts';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

interface PullRequestPayload {
  number: number;
  head: { sha: string; repo: { full_name: string } | null };
  base: { sha: string; repo: { full_name: string } };
}

export async function run(): Promise<void> {
  try {
    const inputs = parseActionInputs((name) => core.getInput(name));
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const policy = loadActionConfig(inputs, workspace);
    if (policy.configFile) core.info(`Plimsoll: using ${policy.configFile}`);
    const { context } = github;
    const payloadPull = context.payload.pull_request as PullRequestPayload | undefined;
    let pullRequest: PullRequestEvent | undefined;
    if (PULL_REQUEST_EVENTS.has(context.eventName) && payloadPull) {
      pullRequest = {
        pr: { ...context.repo, number: payloadPull.number, headSha: payloadPull.head.sha, baseSha: payloadPull.base.sha },
        // pull_request_target runs in the base repository with its own token, forks included.
        readOnlyFork: context.eventName === 'pull_request' && payloadPull.head.repo?.full_name !== payloadPull.base.repo.full_name,
      };
    }
    const api = inputs.token
      ? createPullRequestApi(github.getOctokit(inputs.token, resilienceOptions({ warning: core.warning }), ...RESILIENCE_PLUGINS) as unknown as OctokitLike)
      : undefined;

    const report = await runPlimsoll({
      inputs,
      policy,
      workspace,
      ...(pullRequest ? { pullRequest } : {}),
      ...(api ? { api } : {}),
      log: { info: core.info, warning: core.warning },
    });

    const annotations = planAnnotations(report.findings, { reservedErrors: report.verdict.block ? 1 : 0 });
    for (const a of annotations.shown) {
      const properties: core.AnnotationProperties = { title: a.title, file: a.file, startLine: a.startLine, endLine: a.endLine };
      if (a.startColumn !== undefined) Object.assign(properties, { startColumn: a.startColumn, endColumn: a.endColumn });
      core[a.kind](a.message, properties);
    }

    const sarifPath = resolve(workspace, inputs.sarifFile);
    mkdirSync(dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, formatSarif(report.scanned.findings, ruleCatalog(policy.config.knownRules), TOOL_VERSION));

    const review = report.review;
    const summary = renderJobSummary({
      verdict: report.verdict,
      failOn: policy.failOn,
      findings: report.findings,
      files: report.scanned.files,
      objects: report.scanned.objects,
      filtered: report.filtered,
      hiddenAnnotations: annotations.hidden,
      skipped: report.skipped,
      notes: report.notes,
      links: { serverUrl: context.serverUrl, repository: `${context.repo.owner}/${context.repo.repo}`, sha: pullRequest?.pr.headSha ?? context.sha },
      ...(review
        ? {
            review: {
              posted: review.posted,
              alreadyCommented: review.plan.alreadyCommented.length,
              resolved: review.resolved,
              outsideDiff: review.plan.outsideDiff.length,
              overLimit: review.plan.overLimit.length,
              rejected: review.rejected.length,
            },
          }
        : {}),
    });
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
    else core.info(summary);

    const active = report.findings.filter((f) => !f.suppressed).length;
    core.setOutput('findings', active);
    core.setOutput('blocking', report.verdict.blocking.length);
    core.setOutput('sarif-file', sarifPath);
    core.info(`Plimsoll: ${active} finding(s), ${report.verdict.blocking.length} blocking. ${report.verdict.reason}`);
    if (report.verdict.block) core.setFailed(`Plimsoll: ${report.verdict.reason}`);
  } catch (error) {
    core.setFailed(`Plimsoll failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

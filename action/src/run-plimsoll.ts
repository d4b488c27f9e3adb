// What one Action run does, without @actions/*: pick files, scan, apply the diff filter and
// new-only, decide the verdict, publish the review. main.ts turns the report into annotations,
// the job summary, the SARIF file, outputs and the exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSources, scanSources, type ScanResult, type SourceFile } from '../../src/engine/scan.ts';
import { decideVerdict, type Verdict } from '../../src/policy/verdict.ts';
import { changeSetFromPatches } from '../../src/policy/change-set.ts';
import { basePathsFor, baselineOf } from '../../src/policy/baseline.ts';
import { GitHubError, GitHubPermissionError, toGitHubError } from '../../src/github/github-errors.ts';
import { publishReview, type PublishReviewResult } from '../../src/github/publish-review.ts';
import type { ChangedFile, PullRequestApi, PullRequestRef } from '../../src/github/pull-request-api.ts';
import type { ChangeSet } from '../../src/policy/change-set.ts';
import type { SkippedFeature } from '../../src/github/job-summary.ts';
import type { Finding } from '../../src/types.ts';
import type { ActionInputs } from './action-inputs.ts';
import { selectChangedFiles, selectWorkspaceFiles } from './select-files.ts';
import { PathNotFoundError } from '../../src/files/collect-manifest-files.ts';
import type { ActionPolicy } from './load-action-config.ts';
import { applyPolicy } from '../../src/policy/apply-policy.ts';
import { createFileFilter } from '../../src/policy/file-selection.ts';

export interface PullRequestEvent {
  pr: PullRequestRef;
  /** Head and base repositories differ: GitHub gives the workflow a read-only token. */
  fromFork: boolean;
}

export interface RunInput {
  inputs: ActionInputs;
  policy: ActionPolicy;
  workspace: string;
  /** Set on pull_request / pull_request_target events. */
  pullRequest?: PullRequestEvent;
  /** Absent when there is no token. */
  api?: PullRequestApi;
  log: { info(message: string): void; warning(message: string): void };
}

export interface RunReport {
  /** Every finding in the scanned files (SARIF gets these). */
  scanned: ScanResult;
  /** What is reported: after the diff filter and new-only. */
  findings: Finding[];
  verdict: Verdict;
  filtered: { reason: string; count: number }[];
  review?: PublishReviewResult;
  skipped: SkippedFeature[];
  notes: string[];
  mode: 'pull-request' | 'paths';
}

export async function runPlimsoll(run: RunInput): Promise<RunReport> {
  const { inputs, workspace, policy } = run;
  const { config } = policy;
  const keep = createFileFilter(config.include, config.exclude);
  /** Scan with the config's rules, then drop rules turned off and apply exemptions. */
  const scan = (sources: Iterable<SourceFile>, contextSources?: Iterable<SourceFile>): ScanResult => {
    const result = scanSources(sources, { ...config.scanOptions, ...(contextSources ? { contextSources } : {}) });
    return { ...result, findings: applyPolicy(result.findings, config) };
  };
  const skipped: SkippedFeature[] = [];
  const notes: string[] = [];
  const filtered: { reason: string; count: number }[] = [];

  let changed: ChangedFile[] | undefined;
  if (run.pullRequest && run.api) {
    try {
      changed = await run.api.listFiles(run.pullRequest.pr);
    } catch (error) {
      const e = toGitHubError(error, 'list pull request files');
      skipped.push({
        what: 'the pull request diff (whole paths were scanned instead; no review comments)',
        why: describeFailure(e),
        ...(e instanceof GitHubPermissionError ? { enable: '`permissions: pull-requests: read`' } : {}),
      });
    }
  } else if (run.pullRequest) {
    skipped.push({ what: 'the pull request diff and review comments', why: 'no token was given.', enable: '`token: ${{ github.token }}`' });
  }

  if (!changed) {
    const files = selectWorkspaceFiles(inputs.paths, workspace).filter(keep);
    const scanned = scan(readSources(files, workspace));
    const verdict = decideVerdict(scanned.findings, { failOn: policy.failOn });
    return { scanned, findings: scanned.findings, verdict, filtered, skipped, notes, mode: 'paths' };
  }

  const pr = run.pullRequest!.pr;
  if (changed.length >= 3000) notes.push('GitHub lists at most 3,000 changed files; files past that were not scanned.');
  const selection = selectChangedFiles(changed.filter((f) => keep(f.path)), inputs.paths, workspace);
  if (selection.missing.length > 0) notes.push(`${selection.missing.length} changed manifest(s) are not in the checkout and were not scanned: ${selection.missing.slice(0, 5).join(', ')}${selection.missing.length > 5 ? ', …' : ''}.`);
  const noPatch = changed.filter((f) => f.patch === undefined && selection.files.includes(f.path));
  if (noPatch.length > 0 && policy.filter !== 'nofilter') {
    notes.push(`GitHub sent no diff for ${noPatch.length} file(s) (binary or too large); all their findings are reported and none gets a review comment.`);
  }
  // The rest of the checkout is context for cross-object rules (a Service's selector, a RoleBinding's
  // role): read lazily, only when such a rule runs, and never reported.
  const changedSet = new Set(selection.files);
  let contextFiles: string[] = [];
  try {
    contextFiles = selectWorkspaceFiles(inputs.paths, workspace).filter((f) => keep(f) && !changedSet.has(f));
  } catch (error) {
    // A `paths` entry the checkout lacks (the pull request may delete it) costs context, not the run.
    if (!(error instanceof PathNotFoundError)) throw error;
    notes.push(`${error.message}; cross-object rules saw only the changed files.`);
  }
  const scanned = scan(readSources(selection.files, workspace), readSources(contextFiles, workspace));
  if (scanned.context && scanned.context.files > 0) {
    notes.push(`Cross-object rules read ${scanned.context.files} other file(s) of the checkout as context (${scanned.context.objects} objects).`);
    if (scanned.context.unreadable.length > 0) notes.push(`Context files that could not be read: ${scanned.context.unreadable.slice(0, 5).join(', ')}${scanned.context.unreadable.length > 5 ? ', …' : ''}.`);
  }

  const changes = changeSetFromPatches(changed);
  let baseline: string[] | undefined;
  if (policy.newOnly) {
    const base = await baseFingerprints(run.api!, pr, changes, selection.files, scan);
    if (base instanceof GitHubError) skipped.push({ what: 'new-only (findings already on the base branch are reported too)', why: describeFailure(base), enable: '`permissions: contents: read`' });
    else baseline = base;
  }
  const verdict = decideVerdict(scanned.findings, { failOn: policy.failOn, filter: { mode: policy.filter, changes }, ...(baseline ? { baseline } : {}) });
  // Reported: in the diff and new (suppressed ones too, for the summary's "suppressed" table).
  const findings = scanned.findings.filter((_f, i) => verdict.statuses[i] !== 'outside-diff' && verdict.statuses[i] !== 'preexisting');
  filtered.push({ reason: `outside the diff (filter: ${policy.filter})`, count: verdict.counts['outside-diff'] });
  if (baseline) filtered.push({ reason: 'already on the base branch (new-only)', count: verdict.counts.preexisting });
  const report: RunReport = { scanned, findings, verdict, filtered, skipped, notes, mode: 'pull-request' };

  if (!inputs.comment) return report;
  if (run.pullRequest!.fromFork) {
    skipped.push({
      what: 'review comments',
      why: 'this pull request comes from a fork, and GitHub gives such workflows a read-only token.',
      enable: 'the Plimsoll GitHub App (or a `pull_request_target` workflow that does not run the fork’s code)',
    });
    return report;
  }
  const active = findings.filter((f) => !f.suppressed);
  const review = await publishReview(run.api!, {
    pr,
    findings: active,
    currentFingerprints: new Set(scanned.findings.map((f) => f.fingerprint)),
    files: changed,
    headline: `**Plimsoll**: ${verdict.block ? '❌' : '✅'} ${verdict.reason}`,
    fileText: workspaceText(workspace),
  });
  report.review = review;
  if (review.error) {
    run.log.warning(`Plimsoll could not finish the review: ${review.error.message}`);
    skipped.push({
      what: review.posted > 0 ? 'part of the review comments' : 'review comments',
      why: describeFailure(review.error),
      ...(review.error instanceof GitHubPermissionError ? { enable: '`permissions: pull-requests: write`' } : {}),
    });
  }
  return report;
}

/** Fingerprints of the base branch's findings in the changed files (scanned under their new paths). */
async function baseFingerprints(
  api: PullRequestApi,
  pr: PullRequestRef,
  changes: ChangeSet,
  files: readonly string[],
  scan: (sources: Iterable<SourceFile>) => ScanResult,
): Promise<string[] | GitHubError> {
  if (!pr.baseSha) return new GitHubError('the event has no base commit', { operation: 'read base files' });
  const sources: SourceFile[] = [];
  try {
    for (const [path, basePath] of basePathsFor(files, changes)) {
      if (changes.get(path)?.isNew) continue;
      const text = await api.getFileText(pr, basePath, pr.baseSha);
      if (text !== undefined) sources.push({ path, bytes: new TextEncoder().encode(text) });
    }
  } catch (error) {
    return toGitHubError(error, 'read base files');
  }
  return baselineOf(scan(sources).findings);
}

/** Head texts from the checkout, read once a file, for suggestions. */
function workspaceText(workspace: string): (path: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (path) => {
    if (!texts.has(path)) {
      try {
        texts.set(path, readFileSync(join(workspace, path), 'utf8'));
      } catch {
        texts.set(path, undefined);
      }
    }
    return texts.get(path);
  };
}

function describeFailure(error: GitHubError): string {
  if (error instanceof GitHubPermissionError) return `GitHub refused (${error.status ?? 'no status'}): the token lacks the permission.`;
  return `${error.message}${error.status ? ` (HTTP ${error.status})` : ''}.`;
}

// What one Action run does, without @actions/*: pick files, scan, apply the diff filter and
// new-only, decide the verdict, publish the review. main.ts turns the report into annotations,
// the job summary, the SARIF file, outputs and the exit code.
import { readManifestFile } from '../../src/files/read-manifest-file.ts';
import { linkBoundary } from '../../src/files/link-boundary.ts';
import { kustomizePatchFiles } from '../../src/files/kustomize-patches.ts';
import { resolve } from 'node:path';
import { readSources, scanSources, type ScanResult, type SourceFile } from '../../src/engine/scan.ts';
import { decideVerdict, type Verdict } from '../../src/policy/verdict.ts';
import { changeSetFromPatches } from '../../src/policy/change-set.ts';
import { basePathsFor, baselineOf } from '../../src/policy/baseline.ts';
import { GitHubError, GitHubPermissionError, toGitHubError } from '../../src/github/github-errors.ts';
import { publishReview, type PublishReviewResult } from '../../src/github/publish-review.ts';
import { MAX_LISTED_FILES, type ChangedFile, type PullRequestApi, type PullRequestRef } from '../../src/github/pull-request-api.ts';
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
  /** A `pull_request` event from a fork: GitHub gives the workflow a read-only token. */
  readOnlyFork: boolean;
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

/** What the steps of one run share: the scan with the config applied, and what the summary collects. */
interface RunContext {
  keep: (path: string) => boolean;
  /** Scans; `files` (the sources' paths) tell which are Kustomize patches. */
  scan: (sources: Iterable<SourceFile>, contextSources?: Iterable<SourceFile>, files?: readonly string[]) => ScanResult;
  skipped: SkippedFeature[];
  notes: string[];
  filtered: { reason: string; count: number }[];
}

export async function runPlimsoll(run: RunInput): Promise<RunReport> {
  const { config } = run.policy;
  const context: RunContext = {
    keep: createFileFilter(config.include, config.exclude),
    // The config's rules, then rules turned off dropped and exemptions applied.
    scan: (sources, contextSources, files) => {
      const result = scanSources(sources, {
        ...config.scanOptions,
        ...(contextSources ? { contextSources } : {}),
        ...(files ? { kustomizePatches: kustomizePatchFiles(files, run.workspace) } : {}),
      });
      return { ...result, findings: applyPolicy(result.findings, config) };
    },
    skipped: [],
    notes: [],
    filtered: [],
  };
  const changed = await listChangedFiles(run, context);
  if (!changed || !run.pullRequest || !run.api) return scanPaths(run, context);
  const report = await scanPullRequest(run, context, run.pullRequest.pr, run.api, changed);
  if (run.inputs.comment) await publish(run, context, report, run.pullRequest, run.api, changed);
  return report;
}

/** The pull request's changed files, or undefined (push and other events, or GitHub refused). */
async function listChangedFiles(run: RunInput, context: RunContext): Promise<ChangedFile[] | undefined> {
  if (!run.pullRequest) return undefined;
  if (!run.api) {
    context.skipped.push({ what: 'the pull request diff and review comments', why: 'no token was given.', enable: '`token: ${{ github.token }}`' });
    return undefined;
  }
  try {
    return await run.api.listFiles(run.pullRequest.pr);
  } catch (error) {
    const e = toGitHubError(error, 'list pull request files');
    context.skipped.push({
      what: 'the pull request diff (whole paths were scanned instead; no review comments)',
      why: describeFailure(e),
      ...(e instanceof GitHubPermissionError ? { enable: '`permissions: pull-requests: read`' } : {}),
    });
    return undefined;
  }
}

/** Push and other events: every manifest under `paths`. */
function scanPaths(run: RunInput, context: RunContext): RunReport {
  const files = selectWorkspaceFiles(run.inputs.paths, run.workspace).filter(context.keep);
  const scanned = context.scan(readSources(files, run.workspace), undefined, files);
  const verdict = decideVerdict(scanned.findings, { failOn: run.policy.failOn });
  const { skipped, notes, filtered } = context;
  return { scanned, findings: scanned.findings, verdict, filtered, skipped, notes, mode: 'paths' };
}

/** The changed manifests, with the rest of the checkout as context, through the diff filter and new-only. */
async function scanPullRequest(run: RunInput, context: RunContext, pr: PullRequestRef, api: PullRequestApi, changed: ChangedFile[]): Promise<RunReport> {
  const { inputs, workspace, policy } = run;
  const { notes, skipped, filtered } = context;
  if (changed.length >= MAX_LISTED_FILES) notes.push('GitHub lists at most 3,000 changed files; files past that were not scanned.');
  const selection = selectChangedFiles(changed.filter((f) => context.keep(f.path)), inputs.paths, workspace);
  if (selection.missing.length > 0) notes.push(`${selection.missing.length} changed manifest(s) are not in the checkout and were not scanned: ${listSome(selection.missing)}.`);
  const noPatch = changed.filter((f) => f.patch === undefined && selection.files.includes(f.path));
  if (noPatch.length > 0 && policy.filter !== 'nofilter') {
    notes.push(`GitHub sent no diff for ${noPatch.length} file(s) (binary or too large); all their findings are reported and none gets a review comment.`);
  }

  // The rest of the checkout is context for cross-object rules (a Service's selector, a RoleBinding's
  // role): read lazily, only when such a rule runs, and never reported.
  const changedSet = new Set(selection.files);
  let contextFiles: string[] = [];
  try {
    contextFiles = selectWorkspaceFiles(inputs.paths, workspace).filter((f) => context.keep(f) && !changedSet.has(f));
  } catch (error) {
    // A `paths` entry the checkout lacks (the pull request may delete it) costs context, not the run.
    if (!(error instanceof PathNotFoundError)) throw error;
    notes.push(`${error.message}; cross-object rules saw only the changed files.`);
  }
  const scanned = context.scan(readSources(selection.files, workspace), readSources(contextFiles, workspace), selection.files);
  if (scanned.context && scanned.context.files > 0) {
    notes.push(`Cross-object rules read ${scanned.context.files} other file(s) of the checkout as context (${scanned.context.objects} objects).`);
    if (scanned.context.unreadable.length > 0) notes.push(`Context files that could not be read: ${listSome(scanned.context.unreadable)}.`);
  }

  const changes = changeSetFromPatches(changed);
  let baseline: string[] | undefined;
  if (policy.newOnly) {
    // The base side gets the same context, so a cross-object finding already on the base stays "old".
    const base = await baseFingerprints(api, pr, changes, selection.files, (sources) => context.scan(sources, readSources(contextFiles, workspace)));
    if (base instanceof GitHubError) skipped.push({ what: 'new-only (findings already on the base branch are reported too)', why: describeFailure(base), enable: '`permissions: contents: read`' });
    else baseline = base;
  }
  const verdict = decideVerdict(scanned.findings, { failOn: policy.failOn, filter: { mode: policy.filter, changes }, ...(baseline ? { baseline } : {}) });
  // Reported: in the diff and new (suppressed ones too, for the summary's "suppressed" table).
  const findings = scanned.findings.filter((_f, i) => verdict.statuses[i] !== 'outside-diff' && verdict.statuses[i] !== 'preexisting');
  filtered.push({ reason: `outside the diff (filter: ${policy.filter})`, count: verdict.counts['outside-diff'] });
  if (baseline) filtered.push({ reason: 'already on the base branch (new-only)', count: verdict.counts.preexisting });
  return { scanned, findings, verdict, filtered, skipped, notes, mode: 'pull-request' };
}

/** The review; never throws, since a failure to comment must not hide the verdict. */
async function publish(run: RunInput, context: RunContext, report: RunReport, event: PullRequestEvent, api: PullRequestApi, changed: ChangedFile[]): Promise<void> {
  if (event.readOnlyFork) {
    context.skipped.push({
      what: 'review comments',
      why: 'this pull request comes from a fork, and GitHub gives such workflows a read-only token.',
      enable: 'the Plimsoll GitHub App (or a `pull_request_target` workflow that does not run the fork’s code)',
    });
    return;
  }
  const { verdict } = report;
  const review = await publishReview(api, {
    pr: event.pr,
    findings: report.findings.filter((f) => !f.suppressed),
    currentFingerprints: new Set(report.scanned.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint)),
    files: changed,
    headline: `**Plimsoll**: ${verdict.block ? '❌' : '✅'} ${verdict.reason}`,
    fileText: workspaceText(run.workspace),
  });
  report.review = review;
  if (review.error) {
    run.log.warning(`Plimsoll could not finish the review: ${review.error.message}`);
    context.skipped.push({
      what: review.posted > 0 ? 'part of the review comments' : 'review comments',
      why: describeFailure(review.error),
      ...(review.error instanceof GitHubPermissionError ? { enable: '`permissions: pull-requests: write`' } : {}),
    });
  }
}

function listSome(items: readonly string[]): string {
  return `${items.slice(0, 5).join(', ')}${items.length > 5 ? ', …' : ''}`;
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
  const linksWithin = linkBoundary(workspace);
  return (path) => {
    if (!texts.has(path)) {
      // Within the scan's limits: a pull request can add a link to a device under a manifest's name.
      const read = readManifestFile(resolve(workspace, path), { linksWithin });
      texts.set(path, 'bytes' in read ? read.bytes.toString('utf8') : undefined);
    }
    return texts.get(path);
  };
}

function describeFailure(error: GitHubError): string {
  if (error instanceof GitHubPermissionError) return `GitHub refused (${error.status ?? 'no status'}): the token lacks the permission.`;
  return `${error.message}${error.status ? ` (HTTP ${error.status})` : ''}.`;
}

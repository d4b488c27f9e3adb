// Fetches a pull request's changed manifests at one commit and judges them with the repository's
// policy: the part of a check run that reads GitHub but writes nothing, shared by the check and by
// "Apply fixes". API calls: 1 per 100 changed files (file list) + 1 GraphQL query per 100 blobs
// (head texts, base texts when `newOnly` is on, and the changed folders' other manifests as
// cross-object context, all in the same query).
import { scanSources, type SourceFile } from '../src/engine/scan.ts';
import { isKustomizationPath, kustomizationCandidates, patchesNamedBy } from '../src/files/kustomize-patches.ts';
import { createPullRequestApi, MAX_LISTED_FILES, type ChangedFile } from '../src/github/pull-request-api.ts';
import { applyPolicy } from '../src/policy/apply-policy.ts';
import { baselineOf, basePathsFor } from '../src/policy/baseline.ts';
import { changeSetFromPatches } from '../src/policy/change-set.ts';
import { createFileFilter } from '../src/policy/file-selection.ts';
import { decideVerdict, type Verdict } from '../src/policy/verdict.ts';
import type { Finding } from '../src/types.ts';
import type { AppPolicy } from './app-policy.ts';
import { fetchBlobs, isManifestPath, type BlobRequest, type FetchedFile } from './fetch-manifests.ts';
import type { GitHubClient, RepoRef } from './github-client.ts';

export interface PullRequestScan {
  changed: ChangedFile[];
  /** Changed manifest files with their text at the commit. */
  files: FetchedFile[];
  /** Every finding after the policy (suppressed ones included, marked). */
  findings: Finding[];
  /** Findings the PR answers for: unsuppressed and inside the diff filter (review comments). */
  reportable: Finding[];
  verdict: Verdict;
  notes: string[];
}

export interface ScanCommit {
  pullNumber: number;
  headSha: string;
  /** The base branch commit, for `newOnly`; without it every finding counts as new. */
  baseSha?: string;
}

export async function scanPullRequest(github: GitHubClient, repo: RepoRef, target: ScanCommit, policy: AppPolicy): Promise<PullRequestScan> {
  const { config } = policy;
  const notes = [...policy.notes];
  const changed = await createPullRequestApi(github as never).listFiles({ ...repo, number: target.pullNumber, headSha: target.headSha });
  if (changed.length >= MAX_LISTED_FILES) {
    notes.push('GitHub lists at most 3,000 changed files; files past that were not scanned. Run the Plimsoll CLI or Action on the whole repository to cover them.');
  }
  const selected = createFileFilter(config.include, config.exclude);
  const manifests = changed.filter((f) => f.status !== 'removed' && isManifestPath(f.path) && selected(f.path));
  const changes = changeSetFromPatches(changed);
  const useBase = config.newOnly && target.baseSha !== undefined;
  if (config.newOnly && !useBase) notes.push('`newOnly` is on but the base commit is unknown here, so every finding counts as new.');
  const basePaths = basePathsFor(manifests.map((f) => f.path), changes);
  const requests: BlobRequest[] = manifests.map((f) => ({ commit: target.headSha, path: f.path }));
  if (useBase) {
    for (const file of manifests) if (file.status !== 'added') requests.push({ commit: target.baseSha!, path: basePaths.get(file.path)! });
  }
  const folders = [...new Set(manifests.map((f) => f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : ''))];
  // Kustomizations that may name changed files as patches: those in the folders above, read in the
  // same query (a missing one costs nothing); those beside them come with the folders' listings.
  const fileRequests = requests.length;
  requests.push(...kustomizationCandidates(folders).map((path) => ({ commit: target.headSha, path })));
  const { blobs, context } = await fetchBlobs(github, repo, requests, { commit: target.headSha, folders });
  const files: FetchedFile[] = [];
  const baseSources: SourceFile[] = [];
  const kustomizations: FetchedFile[] = [];
  for (const [i, blob] of blobs.entries()) {
    if (i >= fileRequests) {
      if (blob.bytes) kustomizations.push({ path: blob.path, bytes: blob.bytes });
    } else if (i < manifests.length) {
      if (blob.bytes) files.push({ path: blob.path, bytes: blob.bytes });
      else notes.push(`\`${blob.path}\` was not scanned: it is not a file at ${target.headSha.slice(0, 7)}.`);
    } else if (blob.bytes) {
      // Scanned under the head path so fingerprints of renamed files line up.
      const headPath = [...basePaths].find(([, base]) => base === blob.path)?.[0] ?? blob.path;
      baseSources.push({ path: headPath, bytes: blob.bytes });
    }
  }
  // The App sees only the changed files' folders, never a whole namespace: a reference missing from
  // that partial view is "unknown", not a failure, whatever `context.completeNamespaces` says.
  const { completeNamespaces, ...scanOptions } = config.scanOptions;
  if (completeNamespaces?.length) {
    notes.push('`context.completeNamespaces` is not applied by the GitHub App: it reads only the changed files\' folders, so a missing reference stays unknown. The CLI and the Action, which see the whole checkout, apply it.');
  }
  // Kustomize patches among the changed files, named by a kustomization beside or above them:
  // reported as patches, as the CLI and the Action do.
  const kustomizationTexts = [...kustomizations, ...files, ...context].filter((f) => isKustomizationPath(f.path)).map((f) => ({
    path: f.path,
    text: new TextDecoder().decode(f.bytes),
  }));
  const kustomizePatches = patchesNamedBy(kustomizationTexts, files.map((f) => f.path));
  if (kustomizePatches.size > 0) scanOptions.kustomizePatches = kustomizePatches;
  const scanned = scanSources(files, { ...scanOptions, contextSources: context });
  if (scanned.context) notes.push(`Cross-object rules read ${scanned.context.files} other manifest(s) from the changed files' folders as context.`);
  const findings = applyPolicy(scanned.findings, config);
  // The base side gets the head's folders as context too: siblings a PR did not change are the same.
  const baseline = useBase ? baselineOf(applyPolicy(scanSources(baseSources, { ...scanOptions, contextSources: context }).findings, config)) : undefined;
  const verdict = decideVerdict(findings, {
    failOn: config.failOn,
    ...(config.filter !== 'nofilter' ? { filter: { mode: config.filter, changes } } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const reportable = findings.filter((_f, i) => verdict.statuses[i] !== 'suppressed' && verdict.statuses[i] !== 'outside-diff');
  return { changed, files, findings, reportable, verdict, notes };
}

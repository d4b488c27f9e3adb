// Fetches a pull request's changed manifests at one commit and scans them: the part of a check run
// that needs GitHub reads but writes nothing, shared by the check and by "Apply fixes".
import { scanSources } from '../src/engine/scan.ts';
import { decideVerdict, type Verdict } from '../src/policy/verdict.ts';
import type { Finding } from '../src/types.ts';
import type { AppPolicy } from './app-policy.ts';
import { createPullRequestApi, MAX_LISTED_FILES, type ChangedFile } from '../src/github/pull-request-api.ts';
import { fetchBlobs, isManifestPath, type FetchedFile } from './fetch-manifests.ts';
import type { GitHubClient, RepoRef } from './github-client.ts';

export interface PullRequestScan {
  changed: ChangedFile[];
  /** Changed manifest files with their text at the commit. */
  files: FetchedFile[];
  findings: Finding[];
  verdict: Verdict;
  notes: string[];
}

export async function scanPullRequest(
  github: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  commit: string,
  policy: AppPolicy,
): Promise<PullRequestScan> {
  const notes: string[] = [];
  const changed = await createPullRequestApi(github as never).listFiles({ ...repo, number: pullNumber, headSha: commit });
  if (changed.length >= MAX_LISTED_FILES) {
    notes.push('GitHub lists at most 3,000 changed files; files past that were not scanned. Run the Plimsoll CLI or Action on the whole repository to cover them.');
  }
  const manifests = changed.filter((f) => f.status !== 'removed' && isManifestPath(f.path));
  const { files, problems } = await fetchBlobs(github, repo, commit, manifests.map((f) => f.path));
  for (const problem of problems) notes.push(`\`${problem.path}\` was not scanned: ${problem.reason}.`);
  const result = scanSources(files, { severityOverrides: policy.severityOverrides });
  const findings = result.findings.filter((f) => !policy.disabledRules.has(f.ruleId));
  const verdict = decideVerdict(findings, { failOn: policy.failOn });
  return { changed, files, findings, verdict, notes };
}

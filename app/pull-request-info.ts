// The few pull request facts the App decides on, read fresh from GitHub (payloads can be stale).
import type { GitHubClient, RepoRef } from './github-client.ts';

export interface PullRequestInfo {
  number: number;
  state: string;
  headSha: string;
  headRef: string;
  /** Null when the fork was deleted. */
  headRepoFullName: string | null;
  baseRepoFullName: string;
  baseSha: string;
  maintainerCanModify: boolean;
}

export async function getPullRequestInfo(github: GitHubClient, repo: RepoRef, pullNumber: number): Promise<PullRequestInfo> {
  const { data } = await github.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: pullNumber });
  return {
    number: data.number,
    state: data.state,
    headSha: data.head.sha,
    headRef: data.head.ref,
    headRepoFullName: data.head.repo?.full_name ?? null,
    baseRepoFullName: data.base.repo.full_name,
    baseSha: data.base.sha,
    maintainerCanModify: data.maintainer_can_modify === true,
  };
}

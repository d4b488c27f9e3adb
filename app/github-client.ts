// The narrow slice of Octokit the App's logic uses: REST requests by route and GraphQL. Probot's
// installation Octokit (throttling + retry plugins included) satisfies it; unit tests pass a stub.
import type { ProbotOctokit } from 'probot';

type FullOctokit = InstanceType<typeof ProbotOctokit>;
export type GitHubClient = Pick<FullOctokit, 'request' | 'graphql'>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export function fullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** HTTP status of an Octokit error, when it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A short, secret-free description of an error for check summaries and logs. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // Octokit messages can echo request URLs with tokens in query strings on GHES; keep only the first line.
  const first = message.split('\n')[0]?.replace(/(access_token|token)=[^&\s]+/gi, '$1=***') ?? '';
  return status ? `GitHub API error ${status}: ${first}` : first;
}

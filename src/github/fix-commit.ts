// One commit with every safe fix, pushed so that GitHub signs it: GraphQL createCommitOnBranch sets no
// author (the App is the author, GitHub the signer) and carries expectedHeadOid, so a branch that moved
// since the scan is never overwritten (there is no force in this API at all).
import type { Finding } from '../types.ts';

export interface FileChange {
  path: string;
  /** New full text of the file (src/fix/fix-files.ts computes it). */
  text: string;
}

export interface PullRequestHead {
  baseRepoFullName: string;
  headRepoFullName?: string | null;
  maintainerCanModify?: boolean | null;
}

export type PushDecision = { allowed: true } | { allowed: false; reason: string };

/** Same repository, or a fork whose author ticked "Allow edits by maintainers". Nothing else. */
export function decidePushPermission(pr: PullRequestHead): PushDecision {
  if (!pr.headRepoFullName) {
    return { allowed: false, reason: 'The head repository of this pull request no longer exists, so fixes cannot be pushed.' };
  }
  if (pr.headRepoFullName === pr.baseRepoFullName) return { allowed: true };
  if (pr.maintainerCanModify) return { allowed: true };
  return {
    allowed: false,
    reason:
      `This pull request comes from the fork \`${pr.headRepoFullName}\` without "Allow edits by maintainers", ` +
      'so Plimsoll cannot push fixes to it. Apply the suggestions in the review, or tick "Allow edits by maintainers" and ask again.',
  };
}

export interface CommitOnBranchInput {
  repositoryNameWithOwner: string;
  branchName: string;
  expectedHeadOid: string;
  headline: string;
  body?: string;
  changes: readonly FileChange[];
}

export type GraphqlFn = (query: string, variables: Record<string, unknown>) => Promise<unknown>;

export const CREATE_COMMIT_ON_BRANCH = `mutation PlimsollFixCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;

/** Creates the commit; throws (GraphQL error) when the branch no longer points at expectedHeadOid. */
export async function createCommitOnBranch(graphql: GraphqlFn, input: CommitOnBranchInput): Promise<{ oid: string; url: string }> {
  const result = (await graphql(CREATE_COMMIT_ON_BRANCH, {
    input: {
      branch: { repositoryNameWithOwner: input.repositoryNameWithOwner, branchName: input.branchName },
      message: { headline: input.headline, ...(input.body ? { body: input.body } : {}) },
      expectedHeadOid: input.expectedHeadOid,
      fileChanges: {
        additions: input.changes.map((c) => ({ path: c.path, contents: Buffer.from(c.text, 'utf8').toString('base64') })),
      },
    },
  })) as { createCommitOnBranch?: { commit?: { oid: string; url: string } | null } | null };
  const commit = result.createCommitOnBranch?.commit;
  if (!commit) throw new Error('createCommitOnBranch returned no commit');
  return commit;
}

export function fixCommitMessage(fixed: readonly Finding[]): { headline: string; body: string } {
  const rules = [...new Set(fixed.map((f) => f.ruleId))].sort();
  const files = new Set(fixed.map((f) => f.file)).size;
  return {
    headline: `Plimsoll: fix ${fixed.length} finding${fixed.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`,
    body: `Rules: ${rules.join(', ')}\n\nApplied by the Plimsoll GitHub App on request.`,
  };
}

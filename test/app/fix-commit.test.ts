import { describe, expect, it } from 'vitest';
import { createCommitOnBranch, decidePushPermission, fixCommitMessage } from '../../src/github/fix-commit.ts';
import type { Finding, TextEdit } from '../../src/types.ts';

function finding(id: string, fix: TextEdit[] | undefined, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: id,
    severity: 'high',
    category: 'security',
    title: id,
    message: id,
    file: 'a.yaml',
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 },
    fieldPath: '',
    fingerprint: id,
    ...(fix ? { fix } : {}),
    ...extra,
  };
}

describe('decidePushPermission', () => {
  it('allows the same repository and forks that allow maintainer edits, nothing else', () => {
    expect(decidePushPermission({ baseRepoFullName: 'o/r', headRepoFullName: 'o/r' })).toEqual({ allowed: true });
    expect(decidePushPermission({ baseRepoFullName: 'o/r', headRepoFullName: 'f/r', maintainerCanModify: true })).toEqual({ allowed: true });
    const fork = decidePushPermission({ baseRepoFullName: 'o/r', headRepoFullName: 'f/r', maintainerCanModify: false });
    expect(fork.allowed).toBe(false);
    expect(fork.allowed ? '' : fork.reason).toContain('Allow edits by maintainers');
    expect(decidePushPermission({ baseRepoFullName: 'o/r', headRepoFullName: null }).allowed).toBe(false);
  });
});

describe('createCommitOnBranch', () => {
  it('sends the expected head, base64 contents and no author', async () => {
    const calls: { query: string; variables: Record<string, any> }[] = [];
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      calls.push({ query, variables });
      return { createCommitOnBranch: { commit: { oid: 'abc', url: 'https://x' } } };
    };
    const commit = await createCommitOnBranch(graphql, {
      repositoryNameWithOwner: 'o/r',
      branchName: 'feature',
      expectedHeadOid: 'f'.repeat(40),
      headline: 'Plimsoll: fix',
      changes: [{ path: 'a.yaml', text: 'a: ü\n' }],
    });
    expect(commit.oid).toBe('abc');
    const input = calls[0]!.variables.input;
    expect(input.expectedHeadOid).toBe('f'.repeat(40));
    expect(input.branch).toEqual({ repositoryNameWithOwner: 'o/r', branchName: 'feature' });
    expect(Buffer.from(input.fileChanges.additions[0].contents, 'base64').toString('utf8')).toBe('a: ü\n');
    expect(JSON.stringify(input)).not.toMatch(/author|committer|force/);
  });

  it('throws when GitHub returns no commit', async () => {
    await expect(
      createCommitOnBranch(async () => ({ createCommitOnBranch: null }), { repositoryNameWithOwner: 'o/r', branchName: 'b', expectedHeadOid: 'x', headline: 'h', changes: [] }),
    ).rejects.toThrow(/no commit/);
  });

  it('names the count, files and rules in the message', () => {
    const message = fixCommitMessage([finding('b-rule', []), finding('a-rule', []), finding('a-rule', [], { file: 'b.yaml' })]);
    expect(message.headline).toBe('Plimsoll: fix 3 findings in 2 files');
    expect(message.body).toContain('Rules: a-rule, b-rule');
  });
});

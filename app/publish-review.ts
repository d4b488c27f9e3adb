// Review comments for a check run: one comment per finding on a diff line (with a ```suggestion block
// when its fix stays inside one hunk), never twice for a fingerprint, and the App's own threads
// resolved once their finding is gone. One GraphQL query reads every thread with its marker; one
// GraphQL mutation resolves them all; reviews carry at most 30 comments each.
import type { Logger } from 'probot';
import { applyEdits } from '../src/fix/apply-edits.ts';
import { isInOneHunk, parseFileDiff, type FileDiff } from '../src/github/diff-hunks.ts';
import { fingerprintMarker, readMarker } from '../src/github/fingerprint-marker.ts';
import { createPullRequestApi, type NewReviewComment } from '../src/github/pull-request-api.ts';
import { describeObject, type Finding } from '../src/types.ts';
import type { GitHubClient } from './github-client.ts';
import type { CheckTarget, ReviewPublisher } from './run-check.ts';

export const COMMENTS_PER_REVIEW = 30;

export interface ReviewThread {
  id: string;
  isResolved: boolean;
  fingerprint: string;
}

export const REVIEW_THREADS_QUERY = `query PlimsollThreads($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { body } } }
      }
    }
  }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; comments: { nodes: { body: string }[] } }[];
      };
    } | null;
  } | null;
}

/** Threads whose first comment carries a Plimsoll marker (only Plimsoll writes those). */
export async function listPlimsollThreads(github: GitHubClient, target: CheckTarget): Promise<ReviewThread[]> {
  const threads: ReviewThread[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const data = (await github.graphql(REVIEW_THREADS_QUERY, { owner: target.owner, name: target.repo, number: target.pullNumber, cursor })) as ThreadsPage;
    const connection = data.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    for (const node of connection.nodes) {
      const marker = readMarker(node.comments.nodes[0]?.body);
      if (marker) threads.push({ id: node.id, isResolved: node.isResolved, fingerprint: marker.fingerprint });
    }
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }
  return threads;
}

export function resolveThreadsMutation(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$t${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `  r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`).join('\n');
  return `mutation PlimsollResolve(${vars}) {\n${fields}\n}`;
}

export async function resolveThreads(github: GitHubClient, threadIds: readonly string[]): Promise<void> {
  for (let start = 0; start < threadIds.length; start += 50) {
    const chunk = threadIds.slice(start, start + 50);
    await github.graphql(resolveThreadsMutation(chunk.length), Object.fromEntries(chunk.map((id, i) => [`t${i}`, id])));
  }
}

/** A review comment for a finding, or undefined when its line is outside the diff. */
export function reviewCommentFor(finding: Finding, diff: FileDiff, text: string | undefined): NewReviewComment | undefined {
  const line = finding.range.start.line;
  if (!diff.rightLines.has(line)) return undefined;
  const header = `**${finding.severity}** \`${finding.ruleId}\`: ${finding.message}`;
  const where = [finding.object ? describeObject(finding.object) : undefined, finding.fieldPath || undefined].filter(Boolean).join(' · ');
  const footer = `${where ? `<sub>${escapeHtml(where)}</sub>\n` : ''}${fingerprintMarker(finding.fingerprint)}`;
  const suggestion = text !== undefined && finding.fix?.length ? suggestionFor(text, finding) : undefined;
  if (suggestion && isInOneHunk(diff, suggestion.startLine, suggestion.endLine) && suggestion.endLine >= line && suggestion.startLine <= line) {
    const comment: NewReviewComment = {
      path: finding.file,
      side: 'RIGHT',
      line: suggestion.endLine,
      body: `${header}\n\n\`\`\`suggestion\n${suggestion.replacement}\n\`\`\`\n${footer}`,
    };
    if (suggestion.startLine < suggestion.endLine) {
      comment.start_line = suggestion.startLine;
      comment.start_side = 'RIGHT';
    }
    return comment;
  }
  const fixNote = suggestion ? `\n\nA fix reaches outside this diff hunk; use **Apply fixes** on the check run or comment \`/plimsoll fix\`.` : '';
  return { path: finding.file, side: 'RIGHT', line, body: `${header}${fixNote}\n\n${footer}` };
}

/** The whole lines a finding's fix touches, and their text after the fix. */
export function suggestionFor(text: string, finding: Finding): { startLine: number; endLine: number; replacement: string } | undefined {
  const edits = finding.fix ?? [];
  if (edits.length === 0) return undefined;
  let fixed: string;
  try {
    fixed = applyEdits(text, edits);
  } catch {
    return undefined;
  }
  const first = Math.min(...edits.map((e) => e.startOffset));
  const last = Math.max(...edits.map((e) => e.endOffset));
  const regionStart = text.lastIndexOf('\n', first - 1) + 1;
  const newline = text.indexOf('\n', Math.max(last, regionStart));
  const regionEnd = newline === -1 ? text.length : newline;
  const delta = fixed.length - text.length;
  const replacement = fixed.slice(regionStart, regionEnd + delta);
  const startLine = lineAt(text, regionStart);
  const endLine = lineAt(text, regionEnd);
  return { startLine, endLine, replacement };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const publishReview: ReviewPublisher = async ({ github, target, scan, log }) => {
  const notes: string[] = [];
  const threads = await listPlimsollThreads(github, target);
  const active = scan.findings.filter((f) => !f.suppressed);
  const current = new Set(active.map((f) => f.fingerprint));
  const stale = threads.filter((t) => !t.isResolved && !current.has(t.fingerprint)).map((t) => t.id);
  if (stale.length > 0) {
    await resolveThreads(github, stale);
    log.info({ event: 'review.resolved', threads: stale.length }, 'resolved fixed findings');
  }
  const known = new Set(threads.map((t) => t.fingerprint));
  const diffs = new Map(scan.changed.filter((f) => f.patch).map((f) => [f.path, parseFileDiff(f.path, f.patch!)]));
  const decoder = new TextDecoder();
  const texts = new Map(scan.files.map((f) => [f.path, decoder.decode(f.bytes)]));
  const comments: NewReviewComment[] = [];
  const posted = new Set<string>();
  for (const finding of active) {
    if (known.has(finding.fingerprint) || posted.has(finding.fingerprint)) continue;
    const diff = diffs.get(finding.file);
    if (!diff) continue;
    const comment = reviewCommentFor(finding, diff, texts.get(finding.file));
    if (!comment) continue;
    comments.push(comment);
    posted.add(finding.fingerprint);
  }
  const api = createPullRequestApi(github as never);
  for (let start = 0; start < comments.length; start += COMMENTS_PER_REVIEW) {
    const batch = comments.slice(start, start + COMMENTS_PER_REVIEW);
    await api.createReview(
      { owner: target.owner, repo: target.repo, number: target.pullNumber, headSha: target.headSha },
      {
        body: `Plimsoll: ${batch.length} finding${batch.length === 1 ? '' : 's'} on changed lines. The **Plimsoll** check run lists every finding.`,
        comments: batch,
      },
    );
  }
  if (comments.length > 0) log.info({ event: 'review.posted', comments: comments.length }, 'review posted');
  return { notes };
};

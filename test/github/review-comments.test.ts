// Review planning: anchors only inside hunks, suggestions only when the whole fix fits one hunk,
// de-duplication by fingerprint, resolved comments, batches of 30.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchComments, planReview, renderResolvedBody, widenSuggestion } from '../../src/github/review-comments.ts';
import { fingerprintMarker, readMarker } from '../../src/github/fingerprint-marker.ts';
import { parseFileDiff, isInOneHunk } from '../../src/github/diff-hunks.ts';
import { patchFor } from '../fake-github/make-patch.ts';
import { anchorableLines } from '../fake-github/rest-routes.ts';
import type { Finding, TextEdit } from '../../src/types.ts';

const HEAD = 'f'.repeat(40);

function finding(line: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'privileged-container',
    severity: 'critical',
    category: 'security',
    title: 'Container must not run privileged',
    message: 'Container app runs privileged <script>',
    file: 'k8s/app.yaml',
    range: { start: { line, column: 1 }, end: { line, column: 5 }, startOffset: 0, endOffset: 0 },
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' },
    container: 'app',
    fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
    fingerprint: `fp${String(line).padStart(6, '0')}`,
    ...overrides,
  };
}

const before = Array.from({ length: 30 }, (_, i) => `line${i + 1}: v`).join('\n') + '\n';
// Lines 10 and 25 change: two hunks, lines 7-13 and 22-28 on the new side.
const after = before.replace('line10: v', 'line10: changed').replace('line25: v', 'line25: changed');
const files = [{ path: 'k8s/app.yaml', status: 'modified' as const, patch: patchFor(before, after).patch }];

/** An edit replacing the value on a 1-based line of `after`. */
function valueEdit(text: string, line: number, value: string): TextEdit {
  const start = text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
  const colon = text.indexOf(': ', start) + 2;
  return { startOffset: colon, endOffset: text.indexOf('\n', colon), text: value };
}

describe('planReview', () => {
  it('comments on lines inside hunks only; the rest are outside the diff', () => {
    const plan = planReview({ findings: [finding(10), finding(3), finding(13), finding(20)], currentFingerprints: new Set(), files, existing: [], headSha: HEAD });
    expect(plan.comments.map((c) => c.comment.line)).toEqual([10, 13]);
    expect(plan.outsideDiff.map((f) => f.range.start.line)).toEqual([3, 20]);
    for (const { comment } of plan.comments) {
      expect(comment.side).toBe('RIGHT');
      expect(readMarker(comment.body)?.fingerprint).toMatch(/^fp/);
      expect(comment.body).toContain('&lt;script&gt;');
    }
  });

  it('puts a one-click suggestion in the comment when the fix stays in the hunk', () => {
    const plan = planReview({
      findings: [finding(10, { fix: [valueEdit(after, 10, 'fixed')] })],
      currentFingerprints: new Set(),
      files,
      existing: [],
      headSha: HEAD,
      fileText: () => after,
    });
    expect(plan.comments[0]!.comment).toMatchObject({ line: 10 });
    expect(plan.comments[0]!.comment.start_line).toBeUndefined();
    expect(plan.comments[0]!.comment.body).toContain('```suggestion\nline10: fixed\n```');
  });

  it('widens a suggestion to reach the finding line, as a multi-line comment inside the hunk', () => {
    const plan = planReview({
      findings: [finding(9, { fix: [valueEdit(after, 11, 'fixed')] })],
      currentFingerprints: new Set(),
      files,
      existing: [],
      headSha: HEAD,
      fileText: () => after,
    });
    expect(plan.comments[0]!.comment).toMatchObject({ start_line: 9, start_side: 'RIGHT', line: 11, side: 'RIGHT' });
    expect(plan.comments[0]!.comment.body).toContain('```suggestion\nline9: v\nline10: changed\nline11: fixed\n```');
  });

  it('shows a fix that reaches outside the hunk as its new text, never as a suggestion', () => {
    const plan = planReview({
      findings: [finding(10, { fix: [valueEdit(after, 18, 'fixed')] })],
      currentFingerprints: new Set(),
      files,
      existing: [],
      headSha: HEAD,
      fileText: () => after,
    });
    const body = plan.comments[0]!.comment.body;
    expect(plan.comments[0]!.comment.line).toBe(10);
    expect(body).not.toContain('```suggestion');
    expect(body).toContain('Fix: replace lines 18-18 with the following');
    expect(body).toContain('```yaml\nline18: fixed\n```');
    // The old line (which might hold a secret) is not echoed.
    expect(body).not.toContain('line18: v');
  });

  it('skips fingerprints already commented, and resolves comments whose finding is gone', () => {
    const existing = [
      { id: 1, path: 'k8s/app.yaml', line: 10, body: `old\n${fingerprintMarker('fp000010')}` },
      { id: 2, path: 'k8s/app.yaml', line: 12, body: `gone\n\`\`\`suggestion\nx\n\`\`\`\n${fingerprintMarker('fp999999')}` },
      { id: 3, path: 'k8s/app.yaml', line: 12, body: 'a human comment' },
      { id: 4, path: 'k8s/app.yaml', line: 12, body: renderResolvedBody(`done\n${fingerprintMarker('fp888888')}`, HEAD) },
    ];
    const plan = planReview({ findings: [finding(10), finding(11)], currentFingerprints: new Set(['fp000010', 'fp000011']), files, existing, headSha: HEAD });
    expect(plan.comments.map((c) => c.finding.fingerprint)).toEqual(['fp000011']);
    expect(plan.alreadyCommented.map((f) => f.fingerprint)).toEqual(['fp000010']);
    expect(plan.resolved.map((r) => r.commentId)).toEqual([2]);
    expect(plan.resolved[0]!.body).toMatch(/^✅ \*\*Resolved\*\*/);
    expect(plan.resolved[0]!.body).toContain('```yaml\nx\n```');
    expect(readMarker(plan.resolved[0]!.body)).toEqual({ fingerprint: 'fp999999', resolved: true });
  });

  it('keeps a comment open while its finding is still present but filtered out', () => {
    const existing = [{ id: 1, path: 'k8s/app.yaml', line: 10, body: fingerprintMarker('fp000010') }];
    const plan = planReview({ findings: [], currentFingerprints: new Set(['fp000010']), files, existing, headSha: HEAD });
    expect(plan.resolved).toEqual([]);
  });

  it('stops at maxComments and batches by 30', () => {
    const many = Array.from({ length: 7 }, (_, i) => finding(7 + i));
    const plan = planReview({ findings: many, currentFingerprints: new Set(), files, existing: [], headSha: HEAD, maxComments: 5 });
    expect(plan.comments).toHaveLength(5);
    expect(plan.overLimit).toHaveLength(2);
    expect(batchComments(Array.from({ length: 61 }, (_, i) => i)).map((b) => b.length)).toEqual([30, 30, 1]);
    // Open comments from an earlier run count: a re-run does not post the next five.
    const existing = plan.comments.map((c, i) => ({ id: i, path: c.comment.path, line: c.comment.line, body: c.comment.body }));
    const rerun = planReview({ findings: many, currentFingerprints: new Set(many.map((f) => f.fingerprint)), files, existing, headSha: HEAD, maxComments: 5 });
    expect(rerun.comments).toEqual([]);
    expect(rerun.alreadyCommented).toHaveLength(5);
    expect(rerun.overLimit).toHaveLength(2);
  });

  it('never comments on a file whose patch GitHub left out', () => {
    const plan = planReview({ findings: [finding(10)], currentFingerprints: new Set(), files: [{ path: 'k8s/app.yaml', status: 'modified' }], existing: [], headSha: HEAD });
    expect(plan.comments).toEqual([]);
    expect(plan.outsideDiff).toHaveLength(1);
  });

  it('anchors every comment where the fake GitHub (an independent diff reader) accepts it', () => {
    const text = fc.array(fc.constantFrom('a: 1', 'b: 2', '  c: 3', ''), { minLength: 1, maxLength: 40 }).map((lines) => `${lines.join('\n')}\n`);
    fc.assert(
      fc.property(text, text, fc.array(fc.integer({ min: 1, max: 45 }), { maxLength: 20 }), fc.integer({ min: 1, max: 45 }), (base, head, lines, fixLine) => {
        const patch = patchFor(base, head).patch;
        if (patch === '') return;
        const headLines = head.split('\n').length - 1;
        const fixable = fixLine <= headLines ? [{ startOffset: head.split('\n').slice(0, fixLine - 1).join('\n').length + (fixLine > 1 ? 1 : 0), endOffset: head.split('\n').slice(0, fixLine - 1).join('\n').length + (fixLine > 1 ? 1 : 0), text: 'x: y\n' }] : undefined;
        const plan = planReview({
          findings: lines.filter((l) => l <= headLines).map((l, i) => finding(l, { fingerprint: `fp${i}`, ...(fixable ? { fix: fixable } : {}) })),
          currentFingerprints: new Set(),
          files: [{ path: 'k8s/app.yaml', status: 'modified', patch }],
          existing: [],
          headSha: HEAD,
          fileText: () => head,
        });
        const oracle = anchorableLines(patch).RIGHT;
        const diff = parseFileDiff('k8s/app.yaml', patch);
        for (const { comment } of plan.comments) {
          expect(oracle.has(comment.line)).toBe(true);
          if (comment.start_line !== undefined) {
            expect(oracle.get(comment.start_line)).toBe(oracle.get(comment.line));
            expect(isInOneHunk(diff, comment.start_line, comment.line)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('widenSuggestion', () => {
  it('keeps original lines between the finding and the fix, and handles deletions', () => {
    const text = 'a\nb\nc\nd\n';
    expect(widenSuggestion(text, { startLine: 3, endLine: 3, replacement: 'C' }, 1)).toEqual({ startLine: 1, endLine: 3, replacement: 'a\nb\nC' });
    expect(widenSuggestion(text, { startLine: 1, endLine: 1, replacement: '' }, 2)).toEqual({ startLine: 1, endLine: 2, replacement: 'b' });
    expect(widenSuggestion(text, { startLine: 2, endLine: 3, replacement: 'X' }, 2)).toEqual({ startLine: 2, endLine: 3, replacement: 'X' });
  });
});

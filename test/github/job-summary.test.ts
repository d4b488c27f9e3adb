// The job summary: verdict and counts first, tables that link to lines, and never over 1 MiB.
import { describe, expect, it } from 'vitest';
import { renderJobSummary, MAX_SUMMARY_BYTES } from '../../src/github/job-summary.ts';
import { planAnnotations } from '../../src/github/action-annotations.ts';
import { decideVerdict } from '../../src/policy/verdict.ts';
import type { Finding, Severity } from '../../src/types.ts';

function finding(i: number, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `rule-${severity}`,
    severity,
    category: 'security',
    title: `Title ${severity}`,
    message: `Message ${i} with a | pipe and\na newline`,
    file: `apps/app ${i}.yaml`,
    range: { start: { line: i + 1, column: 3 }, end: { line: i + 1, column: 9 }, startOffset: 0, endOffset: 0 },
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `app-${i}` },
    fieldPath: 'spec',
    fingerprint: `f${i}`,
    ...extra,
  };
}

const links = { serverUrl: 'https://github.com', repository: 'o/r', sha: 'abc123' };

describe('renderJobSummary', () => {
  it('shows the verdict, counts, linked findings, suppressions with reasons, filters and skipped features', () => {
    const findings = [finding(1, 'high'), finding(2, 'low'), finding(3, 'critical', { suppressed: { kind: 'annotation', reason: 'legacy <job>' } })];
    const verdict = decideVerdict(findings, { failOn: 'high' });
    const md = renderJobSummary({
      verdict,
      failOn: 'high',
      findings,
      files: 3,
      objects: 3,
      links,
      filtered: [{ reason: 'outside the diff (filter: added)', count: 4 }],
      skipped: [{ what: 'review comments', why: 'read-only token.', enable: '`permissions: pull-requests: write`' }],
      review: { posted: 2, alreadyCommented: 1, resolved: 1, outsideDiff: 0, overLimit: 0, rejected: 0 },
    });
    expect(md).toMatch(/^## Plimsoll: ❌ blocking/);
    expect(md).toContain('| high | 1 |');
    expect(md).toContain('| suppressed | 1 |');
    expect(md).toContain('[apps/app 1.yaml:2](https://github.com/o/r/blob/abc123/apps/app%201.yaml#L2)');
    expect(md).toContain('Message 1 with a \\| pipe and a newline');
    expect(md).toContain('| `rule-critical` | [apps/app 3.yaml:4]');
    expect(md).toContain('legacy &lt;job&gt;');
    expect(md).toContain('| outside the diff (filter: added) | 4 |');
    expect(md).toContain('Skipped review comments: read-only token. Enable it with `permissions: pull-requests: write`.');
    expect(md).toContain('Review: 2 new review comments, 1 already commented, 1 earlier comment marked resolved.');
    // Highest severity first in the findings table.
    expect(md.indexOf('rule-high')).toBeLessThan(md.indexOf('rule-low'));
  });

  it('stays under 1 MiB however many findings, and counts what it left out', () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => finding(i, i % 2 ? 'medium' : 'high', { message: 'x'.repeat(200) }));
    const verdict = decideVerdict(findings, { failOn: 'high' });
    const md = renderJobSummary({ verdict, failOn: 'high', findings, files: 20_000, objects: 20_000, links });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    const shown = md.split('\n').filter((l) => l.startsWith('| high |') || l.startsWith('| medium |')).length - 2;
    const more = /…and (\d+) more findings/.exec(md);
    expect(more).not.toBeNull();
    expect(shown + Number(more![1])).toBe(20_000);
  });

  it('says how many annotations GitHub will not show', () => {
    const findings = Array.from({ length: 25 }, (_, i) => finding(i, 'critical'));
    const verdict = decideVerdict(findings, { failOn: 'high' });
    const annotations = planAnnotations(findings, { reservedErrors: 1 });
    const md = renderJobSummary({ verdict, failOn: 'high', findings, files: 1, objects: 1, hiddenAnnotations: annotations.hidden });
    expect(md).toContain('16 errors more are only in this table');
  });
});

describe('planAnnotations', () => {
  it('orders most severe first, keeps 10 a kind, skips suppressed ones', () => {
    const findings = [
      ...Array.from({ length: 12 }, (_, i) => finding(i, 'medium')),
      ...Array.from({ length: 3 }, (_, i) => finding(100 + i, 'info')),
      finding(200, 'critical'),
      finding(201, 'high'),
      finding(202, 'critical', { suppressed: { kind: 'config', reason: 'r' } }),
    ];
    const plan = planAnnotations(findings);
    expect(plan.shown.map((a) => a.kind)).toEqual(['error', 'error', ...Array(10).fill('warning'), 'notice', 'notice', 'notice']);
    expect(plan.shown[0]!.title).toMatch(/^critical: /);
    expect(plan.hidden).toEqual({ error: 0, warning: 2, notice: 0 });
    expect(plan.shown[0]).toMatchObject({ file: 'apps/app 200.yaml', startLine: 201, endLine: 201, startColumn: 3, endColumn: 9 });
  });
});

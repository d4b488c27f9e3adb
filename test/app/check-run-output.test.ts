import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS_PER_REQUEST,
  APPLY_FIXES_ACTION,
  MAX_CHECK_OUTPUT_CHARS,
  annotationBatches,
  annotationOf,
  buildCheckRunOutput,
} from '../../src/github/check-run-output.ts';
import { decideVerdict } from '../../src/policy/verdict.ts';
import type { Finding, Severity } from '../../src/types.ts';

function finding(n: number, severity: Severity = 'high', extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `rule-${n % 7}`,
    severity,
    category: 'security',
    title: 'A rule',
    message: `Problem number ${n} | with a pipe`,
    file: `deploy/file-${n % 13}.yaml`,
    range: { start: { line: n + 1, column: 3 }, end: { line: n + 1, column: 9 }, startOffset: 0, endOffset: 6 },
    object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `web-${n}` },
    fieldPath: 'spec.template.spec.containers[0].securityContext',
    fingerprint: `fp${n}`,
    ...extra,
  };
}

describe('buildCheckRunOutput', () => {
  it('fails when the policy blocks and succeeds otherwise; never neutral', () => {
    const findings = [finding(1, 'high'), finding(2, 'low')];
    const blocked = buildCheckRunOutput({ findings, verdict: decideVerdict(findings, { failOn: 'high' }), files: 1 });
    expect(blocked.conclusion).toBe('failure');
    expect(blocked.title).toBe('1 blocking finding');
    const passed = buildCheckRunOutput({ findings, verdict: decideVerdict(findings, { failOn: 'critical' }), files: 1 });
    expect(passed.conclusion).toBe('success');
    expect(passed.title).toBe('2 findings, none blocking');
    const clean = buildCheckRunOutput({ findings: [], verdict: decideVerdict([], { failOn: 'high' }), files: 3 });
    expect(clean).toMatchObject({ conclusion: 'success', title: 'No findings', annotations: [], actions: [] });
  });

  it('offers Apply fixes only for unsuppressed fixable findings the App may push', () => {
    const fixable = finding(1, 'high', { fix: [{ startOffset: 0, endOffset: 1, text: 'x' }] });
    const suppressed = finding(2, 'high', { fix: [{ startOffset: 0, endOffset: 1, text: 'x' }], suppressed: { kind: 'config', reason: 'accepted' } });
    const verdict = decideVerdict([fixable], { failOn: 'high' });
    expect(buildCheckRunOutput({ findings: [fixable], verdict, files: 1 }).actions).toEqual([APPLY_FIXES_ACTION]);
    expect(buildCheckRunOutput({ findings: [fixable], verdict, files: 1, canOfferFixes: false }).actions).toEqual([]);
    expect(buildCheckRunOutput({ findings: [suppressed, finding(3)], verdict, files: 1 }).actions).toEqual([]);
  });

  it('keeps the button within GitHub limits', () => {
    expect(APPLY_FIXES_ACTION.label.length).toBeLessThanOrEqual(20);
    expect(APPLY_FIXES_ACTION.description.length).toBeLessThanOrEqual(40);
    expect(APPLY_FIXES_ACTION.identifier.length).toBeLessThanOrEqual(20);
  });

  it('annotates every unsuppressed finding, most severe first, and leaves suppressed ones out', () => {
    const findings = [finding(1, 'low'), finding(2, 'critical'), finding(3, 'medium', { suppressed: { kind: 'annotation', reason: 'ok' } })];
    const output = buildCheckRunOutput({ findings, verdict: decideVerdict(findings, { failOn: 'high' }), files: 1 });
    expect(output.annotations.map((a) => a.annotation_level)).toEqual(['failure', 'notice']);
    expect(output.summary).toContain('1 finding suppressed');
  });

  it('stays under 65,535 characters with thousands of findings and says how many it left out', () => {
    const findings = Array.from({ length: 5000 }, (_, i) => finding(i, 'high', { message: `Problem ${i} `.repeat(8) }));
    const output = buildCheckRunOutput({ findings, verdict: decideVerdict(findings, { failOn: 'high' }), files: 13 });
    expect(output.summary.length).toBeLessThan(MAX_CHECK_OUTPUT_CHARS);
    expect(output.summary).toMatch(/and \d+ more findings not listed here/);
    expect(output.annotations).toHaveLength(5000);
  });

  it('escapes table cells so a message cannot break the table', () => {
    const findings = [finding(1)];
    const output = buildCheckRunOutput({ findings, verdict: decideVerdict(findings, { failOn: 'high' }), files: 1 });
    expect(output.summary).toContain('Problem number 1 \\| with a pipe');
  });
});

describe('annotations', () => {
  it('batches 50 a request', () => {
    const annotations = Array.from({ length: 123 }, (_, i) => annotationOf(finding(i)));
    const batches = annotationBatches(annotations);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 23]);
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
    expect(batches.flat()).toEqual(annotations);
  });

  it('gives columns only on single-line annotations, as GitHub requires', () => {
    const single = annotationOf(finding(1));
    expect(single).toMatchObject({ start_line: 2, end_line: 2, start_column: 3, end_column: 9 });
    const multi = annotationOf(finding(1, 'high', { range: { start: { line: 4, column: 3 }, end: { line: 6, column: 1 }, startOffset: 0, endOffset: 9 } }));
    expect(multi).toMatchObject({ start_line: 4, end_line: 6 });
    expect(multi).not.toHaveProperty('start_column');
  });
});

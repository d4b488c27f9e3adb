// Whole-file fixing (for `plimsoll fix` and fix commits): apply every compatible fix, re-scan, repeat.
// Fixes whose edits overlap are deferred to the next pass, where they are recomputed on the new text,
// so two fixes that both need `securityContext:` end up in one map instead of a duplicate key.
import { scanText, type ScanTextOptions } from '../engine/scan-text.ts';
import { INPUT_PROBLEM_RULES } from '../engine/input-problems.ts';
import { applyEdits, editsConflict } from './apply-edits.ts';
import type { Finding, TextEdit } from '../types.ts';

/** Passes before we stop; each pass applies at least one fix, most apply all of them. */
export const MAX_FIX_PASSES = 10;

export interface FixTextOptions {
  /** Only fix findings of these rules (all fixable rules when omitted). */
  ruleIds?: ReadonlySet<string>;
  /** Findings exempted by policy (config exemptions) that must stay as they are. */
  isExempt?: (finding: Finding) => boolean;
  maxPasses?: number;
}

export interface FixTextResult {
  /** The fixed text (identical to the input when nothing was fixable). */
  text: string;
  /** Findings of the original scan that the fixes removed. */
  fixed: Finding[];
  /** Findings still present afterwards that had a fix (conflicts that did not settle, unsafe results). */
  unfixed: Finding[];
  /** Findings the fixed text has that the original did not (should stay empty; reported, not hidden). */
  introduced: Finding[];
  passes: number;
  /** The scan of the original text and of the fixed text (callers need not scan again). */
  before: Finding[];
  after: Finding[];
}

export function fixText(file: string, text: string, scanOptions: ScanTextOptions, options: FixTextOptions = {}): FixTextResult {
  const scanOf = (source: string): Finding[] => scanText(file, source, { ...scanOptions, fixes: true }).findings;
  const wanted = (f: Finding): boolean =>
    f.fix !== undefined && !f.suppressed && (!options.ruleIds || options.ruleIds.has(f.ruleId)) && !options.isExempt?.(f);
  const original = scanOf(text);
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  const refused = new Set<string>();
  let current = text;
  let findings = original;
  let passes = 0;
  let oneAtATime = false;
  while (passes < maxPasses) {
    const candidates = findings.filter((f) => wanted(f) && !refused.has(f.fingerprint));
    const chosen = selectCompatibleFixes(candidates).slice(0, oneAtATime ? 1 : undefined);
    if (chosen.length === 0) break;
    passes += 1;
    const next = applyEdits(current, chosen.flatMap((f) => f.fix!));
    const nextFindings = scanOf(next);
    if (parseErrorCount(nextFindings) > parseErrorCount(findings)) {
      // Never hand back broken YAML: retry one fix at a time, and refuse a fix that breaks on its own.
      if (chosen.length === 1) refused.add(chosen[0]!.fingerprint);
      oneAtATime = true;
      continue;
    }
    current = next;
    findings = nextFindings;
  }
  const after = new Set(findings.map((f) => f.fingerprint));
  const before = new Set(original.map((f) => f.fingerprint));
  return {
    text: current,
    fixed: original.filter((f) => wanted(f) && !after.has(f.fingerprint)),
    unfixed: findings.filter(wanted),
    introduced: findings.filter((f) => !before.has(f.fingerprint)),
    passes,
    before: original,
    after: findings,
  };
}

function parseErrorCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.ruleId === INPUT_PROBLEM_RULES.parseError.id).length;
}

/**
 * Greedy, in finding order: a fix joins the pass when none of its edits conflicts with one already
 * chosen. Two insertions at one offset may both go in when they add different sibling lines at the
 * same indentation (two keys appended to one map, two items to one list).
 */
export function selectCompatibleFixes(findings: readonly Finding[]): Finding[] {
  const chosen: Finding[] = [];
  const accepted: TextEdit[] = [];
  for (const finding of findings) {
    const edits = finding.fix ?? [];
    const clash = edits.some((edit) => accepted.some((other) => editsConflict(edit, other) && !siblingInsertions(edit, other)));
    if (clash) continue;
    chosen.push(finding);
    accepted.push(...edits);
  }
  return chosen;
}

function siblingInsertions(a: TextEdit, b: TextEdit): boolean {
  if (a.startOffset !== a.endOffset || b.startOffset !== b.endOffset || a.startOffset !== b.startOffset) return false;
  const sa = insertionSignature(a.text);
  const sb = insertionSignature(b.text);
  return sa !== undefined && sb !== undefined && sa.shape === sb.shape && sa.key !== sb.key;
}

/** What an insertion adds: `block-key@6`/`runAsNonRoot`, `flow-item`/`, a: 1`, ... */
function insertionSignature(text: string): { shape: string; key: string } | undefined {
  const flow = /^, ([^:,]+)(:?)/.exec(text);
  if (flow) return { shape: flow[2] ? 'flow-pair' : 'flow-item', key: flow[2] ? flow[1]! : text };
  const lines = text.split('\n');
  const leadingNewline = lines[0] === '';
  const first = leadingNewline ? lines[1] : lines[0];
  if (first === undefined || (!leadingNewline && !text.endsWith('\n'))) return undefined;
  const indent = /^ */.exec(first)![0].length;
  const dash = /^ *- /.test(first);
  const key = dash ? text : /^ *([^:#\s][^:#]*):(?:\s|$)/.exec(first)?.[1];
  if (key === undefined) return undefined;
  return { shape: `${leadingNewline ? 'eof-' : ''}${dash ? 'item' : 'key'}@${indent}`, key };
}

// Property: for any real-looking manifest file, applying every fix and re-scanning removes those
// findings, adds none, leaves valid YAML that parses to the intended object (computed independently
// from the fix operations), keeps every comment, and changes no line the fixes are not about; each
// fix rendered as a GitHub suggestion means the same change as the fix itself.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffLines } from 'diff';
import { isDeepStrictEqual } from 'node:util';
import { fixText } from '../../src/fix/fix-file-text.ts';
import { renderSuggestion } from '../../src/fix/suggestion.ts';
import { applyEdits } from '../../src/fix/apply-edits.ts';
import type { ScanTextOptions } from '../../src/engine/scan-text.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { parseManifestText } from '../../src/parse/parse-manifest-text.ts';
import { objectsInDocument } from '../../src/model/kube-object.ts';
import { evaluateObject } from '../../src/engine/evaluate-object.ts';
import { fixForViolation, resolveFixOperations } from '../../src/fix/fix-for-violation.ts';
import type { ResolvedOperation } from '../../src/fix/patch-yaml-text.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { compileRule, type CompiledRule } from '../../src/rules/compile-rule.ts';
import type { FieldPath } from '../../src/types.ts';
import { manifestFile } from './generate-manifests.ts';

// The built-in rules, plus rules exercising the operations built-ins do not use yet.
const extraRules = [
  compileRule({
    id: 'test-no-root-uid',
    title: 't',
    severity: 'high',
    category: 'security',
    subject: 'container',
    assert: 'container.?securityContext.?runAsUser.orValue(1) != 0',
    message: 'm',
    fix: [{ op: 'remove', path: 'securityContext.runAsUser' }],
    docs: { description: 'd' },
    examples: { pass: [], fail: [] },
  }),
  compileRule({
    id: 'test-no-sys-admin',
    title: 't',
    severity: 'high',
    category: 'security',
    subject: 'container',
    assert: "!container.?securityContext.?capabilities.?add.orValue([]).exists(c, c == 'SYS_ADMIN')",
    message: 'm',
    fix: [{ op: 'remove-from-list', path: 'securityContext.capabilities.add', value: 'SYS_ADMIN' }],
    docs: { description: 'd' },
    examples: { pass: [], fail: [] },
  }),
  compileRule({
    id: 'test-no-host-pid',
    title: 't',
    severity: 'high',
    category: 'security',
    subject: 'container',
    assert: 'podSpec.?hostPID.orValue(false) == false',
    message: 'm',
    fix: [{ op: 'remove', path: '@podSpec.hostPID' }],
    docs: { description: 'd' },
    examples: { pass: [], fail: [] },
  }),
  compileRule({
    id: 'test-owner-label',
    title: 't',
    severity: 'low',
    category: 'hygiene',
    subject: 'object',
    assert: 'object.metadata.?labels.?owner.hasValue()',
    message: 'm',
    fix: [{ op: 'set', path: '@object.metadata.labels', value: { owner: 'platform', 'example.com/on': 'yes' } }],
    docs: { description: 'd' },
    examples: { pass: [], fail: [] },
  }),
];
// Fixable built-ins, the schema rules (a fix that writes a wrong field or type shows up there) and the
// extras run on every case; every built-in rule runs on a smaller sample (the scan is the cost).
const builtin = loadBuiltinRules();
const focusedRules = [...builtin.filter((r) => r.definition.fix?.length || r.definition.id.startsWith('schema-')), ...extraRules];
const allRules = [...builtin, ...extraRules];

function intendedValues(text: string, rules: readonly CompiledRule[], options: ScanTextOptions): unknown[] {
  const parsed = parseManifestText(text);
  const values = parsed.documents.map((d) => structuredClone(d.value));
  const operations: { document: number; op: ResolvedOperation }[] = [];
  parsed.documents.forEach((document, index) => {
    for (const object of objectsInDocument(document, index)) {
      for (const violation of evaluateObject(object, rules, options)) {
        if (!fixForViolation(text, violation, object, options.workloadKinds)) continue;
        for (const op of resolveFixOperations(violation.fixOperations!, violation, object, options.workloadKinds)!) {
          operations.push({ document: index, op });
        }
      }
    }
  });
  for (const { document, op } of operations) values[document] = applyOperation(values[document], op);
  return values;
}

/** The meaning of fix operations on plain values: what the text edits must produce. */
function applyOperation(root: unknown, op: ResolvedOperation): unknown {
  const parentPath = op.path.slice(0, -1);
  const last = op.path.at(-1)!;
  if (op.op === 'set') {
    setAt(root, op.path, op.value);
    return root;
  }
  const parent = getAt(root, parentPath);
  const current = getAt(root, op.path);
  if (op.op === 'remove') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else if (isObject(parent)) delete parent[last as string];
  } else if (op.op === 'add-to-list') {
    if (current === undefined || current === null) setAt(root, op.path, [op.value]);
    else if (Array.isArray(current) && !current.some((v) => isDeepStrictEqual(v, op.value))) current.push(op.value);
  } else if (op.op === 'remove-from-list' && Array.isArray(current)) {
    const kept = current.filter((v) => !isDeepStrictEqual(v, op.value));
    current.splice(0, current.length, ...kept);
  }
  return root;
}

function setAt(root: unknown, path: FieldPath, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    if (node[segment] === undefined || node[segment] === null) node[segment] = {};
    node = node[segment] as Record<string | number, unknown>;
  }
  const key = path.at(-1)!;
  if (isObject(value) && isObject(node[key])) {
    for (const [k, v] of Object.entries(value)) setAt(node[key], [k], v);
  } else node[key] = structuredClone(value);
}

function getAt(root: unknown, path: FieldPath): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Words a fix may legitimately change on a line: the keys and values its operations name. */
const fixVocabulary = new Set(
  allRules.flatMap((r) =>
    (r.definition.fix ?? []).flatMap((op) => [
      ...op.path.replace(/^@\w+\.?/, '').split('.'),
      ...('value' in op && typeof op.value !== 'object' ? [String(op.value)] : []),
    ]),
  ),
);

function lineMayChange(line: string): boolean {
  if (/[{[]/.test(line)) return true; // flow collections take insertions inside the line
  if (/:\s*(null|~)?\s*(#.*)?$/.test(line)) return true; // an empty parent gets a value
  const words = line.match(/[A-Za-z][\w./-]*/g) ?? [];
  return words.some((w) => fixVocabulary.has(w));
}

/** True when `after` is `before` with text inserted at one place (a flow collection gaining an item). */
function isInsertionInto(before: string, after: string): boolean {
  if (after.length <= before.length) return false;
  let prefix = 0;
  while (prefix < before.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return prefix + suffix === before.length;
}

function checkFixes(rules: readonly CompiledRule[], numRuns: number, seed: number): { fixed: number; changed: number } {
  const options = resolveScanTextOptions({ rules });
  let fixed = 0;
  let changed = 0;
  fc.assert(
    fc.property(manifestFile, ({ text, comments }) => {
      const result = fixText('m.yaml', text, options);
      const { before, after } = result;
      const fixable = before.filter((f) => f.fix && !f.suppressed);
      const afterPrints = new Set(after.map((f) => f.fingerprint));
      const beforePrints = new Set(before.map((f) => f.fingerprint));

      // Each fix as a GitHub suggestion: replacing its line range gives what applying the fix gives.
      for (const finding of fixable) {
        const suggestion = renderSuggestion(text, finding.fix!)!;
        const lines = text.split('\n');
        lines.splice(suggestion.startLine - 1, suggestion.endLine - suggestion.startLine + 1, ...(suggestion.replacement === '' ? [] : suggestion.replacement.split('\n')));
        expect(lines.join('\n')).toBe(applyEdits(text, finding.fix!));
      }
      expect(after.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
      expect(fixable.filter((f) => afterPrints.has(f.fingerprint)).map((f) => `${f.ruleId} ${f.fieldPath}`)).toEqual([]);
      expect(after.filter((f) => !beforePrints.has(f.fingerprint)).map((f) => `${f.ruleId} ${f.fieldPath}`)).toEqual([]);
      expect(parseManifestText(result.text).documents.map((d) => d.value)).toEqual(intendedValues(text, rules, options));
      for (const token of comments) expect(result.text).toContain(`# ${token}`);
      // diffLines sees a last line without a newline as changed when a line is appended after it.
      const eol = text.endsWith('\n') ? '' : '\n';
      const parts = diffLines(text + eol, result.text + eol);
      const added = parts.filter((p) => p.added).flatMap((p) => p.value.split('\n'));
      for (const part of parts) {
        if (!part.removed) continue;
        for (const line of part.value.split('\n').filter((l) => l.trim() !== '')) {
          const extended = added.some((a) => isInsertionInto(line, a));
          expect(extended || lineMayChange(line), `line changed that no fix is about: ${JSON.stringify(line)}`).toBe(true);
        }
      }
      fixed += result.fixed.length;
      if (result.text !== text) changed += 1;
    }),
    { numRuns, seed },
  );
  return { fixed, changed };
}

describe('fixes on generated manifests (property)', () => {
  it('1,000 files, fixable and schema rules: findings gone, none added, valid YAML, intended object, comments and other lines kept', () => {
    const { fixed, changed } = checkFixes(focusedRules, 1_000, 20261122);
    // The generator must actually exercise fixes, or the property proves nothing.
    expect(changed).toBeGreaterThan(500);
    expect(fixed).toBeGreaterThan(1_000);
  }, 900_000);

  it('150 files with every built-in rule: no fix adds a finding of any rule', () => {
    const { changed } = checkFixes(allRules, 150, 77);
    expect(changed).toBeGreaterThan(75);
  }, 900_000);
});

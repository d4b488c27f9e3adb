import { describe, expect, it } from 'vitest';
import { applyEdits, editBetween, editsConflict, OverlappingEditsError } from '../../src/fix/apply-edits.ts';
import { formatSuggestionBlock, renderSuggestion } from '../../src/fix/suggestion.ts';
import { scanYaml, builtinRule, yaml } from '../helpers/scan-helpers.ts';

describe('applyEdits', () => {
  it('applies edits in offset order on the original text', () => {
    expect(applyEdits('abcdef', [{ startOffset: 4, endOffset: 5, text: 'E' }, { startOffset: 0, endOffset: 1, text: 'A' }])).toBe('AbcdEf');
  });
  it('refuses overlapping edits and out-of-range edits', () => {
    expect(() => applyEdits('abcdef', [{ startOffset: 0, endOffset: 3, text: '' }, { startOffset: 2, endOffset: 4, text: '' }])).toThrow(OverlappingEditsError);
    expect(() => applyEdits('ab', [{ startOffset: 1, endOffset: 9, text: '' }])).toThrow(RangeError);
  });
  it('treats two insertions at one offset as a conflict, adjacent edits as none', () => {
    expect(editsConflict({ startOffset: 3, endOffset: 3, text: 'x' }, { startOffset: 3, endOffset: 3, text: 'y' })).toBe(true);
    expect(editsConflict({ startOffset: 0, endOffset: 3, text: '' }, { startOffset: 3, endOffset: 4, text: '' })).toBe(false);
  });
  it('editBetween finds the one changed span', () => {
    expect(editBetween('a: 1\nb: 2\n', 'a: 1\nc: 3\nb: 2\n')).toEqual({ startOffset: 5, endOffset: 5, text: 'c: 3\n' });
    expect(editBetween('same', 'same')).toBeUndefined();
  });
});

describe('renderSuggestion', () => {
  const text = 'a:\n  b: 1\n  c: 2\nd: 3\n';
  it('turns an insertion at a line start into a replacement of the line above', () => {
    expect(renderSuggestion(text, [{ startOffset: 17, endOffset: 17, text: '  e: 4\n' }])).toEqual({
      startLine: 3,
      endLine: 3,
      replacement: '  c: 2\n  e: 4',
    });
  });
  it('replaces the lines an in-line edit touches', () => {
    expect(renderSuggestion(text, [{ startOffset: 8, endOffset: 9, text: '9' }])).toEqual({ startLine: 2, endLine: 2, replacement: '  b: 9' });
  });
  it('deletes whole lines with an empty replacement', () => {
    expect(renderSuggestion(text, [{ startOffset: 3, endOffset: 10, text: '' }])).toEqual({ startLine: 2, endLine: 2, replacement: '' });
  });
  it('spans every edit of a fix', () => {
    const s = renderSuggestion(text, [{ startOffset: 8, endOffset: 9, text: '7' }, { startOffset: 15, endOffset: 16, text: '8' }]);
    expect(s).toEqual({ startLine: 2, endLine: 3, replacement: '  b: 7\n  c: 8' });
  });
  it('renders a real finding\u2019s fix so that replacing the lines equals applying the fix', () => {
    const manifest = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx   # keep me
    `;
    const [finding] = scanYaml(manifest, { rules: [builtinRule('run-as-non-root')] }).findings;
    const suggestion = renderSuggestion(manifest, finding!.fix!)!;
    const lines = manifest.split('\n');
    lines.splice(suggestion.startLine - 1, suggestion.endLine - suggestion.startLine + 1, ...suggestion.replacement.split('\n'));
    expect(lines.join('\n')).toBe(applyEdits(manifest, finding!.fix!));
    expect(suggestion.startLine).toBe(7);
  });
  it('fences the block longer than any backtick run inside', () => {
    expect(formatSuggestionBlock({ startLine: 1, endLine: 1, replacement: 'a: "```"' })).toBe('````suggestion\na: "```"\n````');
    expect(formatSuggestionBlock({ startLine: 1, endLine: 1, replacement: '' })).toBe('```suggestion\n```');
  });
});

describe('fixFiles (fix commit content)', () => {
  it('returns new text for changed files only', async () => {
    const { fixFiles } = await import('../../src/fix/fix-files.ts');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
    const clean = pod.replace('    image: nginx\n', '    image: nginx\n    securityContext: {runAsNonRoot: true}\n');
    const out = fixFiles(
      [
        { path: 'a.yaml', text: pod },
        { path: 'b.yaml', text: clean },
      ],
      { rules: [builtinRule('run-as-non-root')] },
    );
    expect(out.map((f) => f.path)).toEqual(['a.yaml']);
    expect(out[0]!.after).toBe(`${pod}    securityContext:\n      runAsNonRoot: true\n`);
    expect(out[0]!.fixed.map((f) => f.ruleId)).toEqual(['run-as-non-root']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseManifestText, MAX_ALIAS_COUNT } from '../../src/parse/parse-manifest-text.ts';
import { yaml } from '../helpers/scan-helpers.ts';

describe('parseManifestText', () => {
  it('reads YAML 1.1 scalars the way Kubernetes does', () => {
    const parsed = parseManifestText(yaml`
      a: yes
      b: on
      c: 0755
      d: 2001-12-14
      e: 190:20:30
      f: "yes"
      g: n
    `);
    expect(parsed.documents[0]!.value).toEqual({ a: true, b: true, c: 493, d: '2001-12-14', e: '190:20:30', f: 'yes', g: false });
  });

  it('honours merge keys', () => {
    const parsed = parseManifestText('base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2\n');
    expect(parsed.documents[0]!.value).toEqual({ base: { x: 1 }, derived: { x: 1, z: 2 } });
  });

  it('splits multi-document streams and keeps each document range', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const parsed = parseManifestText(text);
    expect(parsed.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(text.slice(parsed.documents[1]!.startOffset, parsed.documents[1]!.endOffset)).toContain('b: 2');
  });

  it('reports duplicate keys as a problem at the duplicate', () => {
    const text = 'metadata:\n  name: a\n  name: b\n';
    const parsed = parseManifestText(text);
    const [problem] = parsed.documents[0]!.problems;
    expect(problem?.message).toMatch(/unique/i);
    expect(parsed.lineCounter.linePos(problem!.startOffset)).toEqual({ line: 3, col: 3 });
    expect(parsed.documents[0]!.value).toBeUndefined();
  });

  it('reports syntax errors with a position and no value', () => {
    const parsed = parseManifestText('a: [1, 2\nb: 3\n');
    expect(parsed.documents[0]!.problems.length).toBeGreaterThan(0);
    expect(parsed.documents[0]!.value).toBeUndefined();
  });

  it('refuses to expand a billion-laughs document', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parseManifestText(levels.join('\n'));
    const problems = parsed.documents[0]!.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/alias/i);
    expect(parsed.documents[0]!.value).toBeUndefined();
  });

  it('refuses a document with more aliases than the budget before expanding any', () => {
    const text = `a: &a 1\nb: [${Array(MAX_ALIAS_COUNT + 1).fill('*a').join(', ')}]\n`;
    const [problem] = parseManifestText(text).documents[0]!.problems;
    expect(problem?.message).toContain(`More than ${MAX_ALIAS_COUNT} YAML aliases`);
    expect(text.slice(problem!.startOffset, problem!.endOffset)).toBe('*a');
  });

  it('allows a modest number of aliases', () => {
    const parsed = parseManifestText('x: &x {a: 1}\nz: [*x, *x, *x]\n');
    expect(parsed.documents[0]!.problems).toEqual([]);
    expect(parsed.documents[0]!.value).toEqual({ x: { a: 1 }, z: [{ a: 1 }, { a: 1 }, { a: 1 }] });
  });

  it('reads a bare `y` key as a boolean, as go-yaml v2 (and so kubectl) does', () => {
    expect(parseManifestText('y: 1\n').documents[0]!.value).toEqual({ true: 1 });
  });
});

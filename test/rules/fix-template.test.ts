// Fix values with {{ cel }} placeholders: typed when the value is one placeholder, text otherwise,
// and no fix at all rather than a wrong one when a placeholder gives nothing.
import { describe, expect, it } from 'vitest';
import { compileExpression, toCelValue } from '../../src/rules/cel-environment.ts';
import { compileFixOperations, hasPlaceholders, resolveFixOperations } from '../../src/rules/fix-template.ts';
import type { FixOperation } from '../../src/rules/rule-definition.ts';

const compile = (ops: FixOperation[]) => compileFixOperations(ops, compileExpression);
const variables = toCelValue({
  entry: { replacement: 'batch/v1', fixable: true, since: 21 },
  podSpec: { serviceAccount: 'web' },
  labels: { app: 'web' },
}) as Record<string, unknown>;

describe('fix value templates', () => {
  it('passes static values through untouched', () => {
    const ops: FixOperation[] = [{ op: 'set', path: 'imagePullPolicy', value: 'Always' }, { op: 'remove', path: 'x' }];
    expect(resolveFixOperations(compile(ops), variables)).toEqual(ops);
  });

  it('keeps the CEL type of a value that is exactly one placeholder', () => {
    const resolved = resolveFixOperations(
      compile([
        { op: 'set', path: 'apiVersion', value: '{{ entry.replacement }}' },
        { op: 'set', path: 'n', value: '{{entry.since}}' },
        { op: 'set', path: 'labels', value: '{{ labels }}' },
      ]),
      variables,
    );
    expect(resolved).toEqual([
      { op: 'set', path: 'apiVersion', value: 'batch/v1' },
      { op: 'set', path: 'n', value: 21 },
      { op: 'set', path: 'labels', value: { app: 'web' } },
    ]);
  });

  it('interpolates text around placeholders', () => {
    const resolved = resolveFixOperations(compile([{ op: 'set', path: 'a', value: 'sa-{{ podSpec.serviceAccount }}-{{ entry.since }}' }]), variables);
    expect(resolved).toEqual([{ op: 'set', path: 'a', value: 'sa-web-21' }]);
  });

  it.each([
    ['an empty string', "{{ entry.fixable ? '' : 'x' }}"],
    ['a missing field', '{{ entry.nothing }}'],
    ['null', '{{ null }}'],
    ['a map inside text', 'x-{{ labels }}'],
  ])('offers no fix when a placeholder gives %s', (_what, value) => {
    expect(resolveFixOperations(compile([{ op: 'set', path: 'a', value }]), variables)).toBeUndefined();
  });

  it('rejects invalid CEL when the rule is compiled, not when it runs', () => {
    expect(() => compile([{ op: 'set', path: 'a', value: '{{ entry.( }}' }])).toThrow();
  });

  it('recognises placeholders only in strings', () => {
    expect(hasPlaceholders('{{ a }}')).toBe(true);
    expect(hasPlaceholders('plain')).toBe(false);
    expect(hasPlaceholders(42)).toBe(false);
  });
});

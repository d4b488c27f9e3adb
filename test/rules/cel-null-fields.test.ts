// Kubernetes reads `field:` and `field: null` as "not set"; rules see the same through toCelValue.
import { describe, expect, it } from 'vitest';
import { compileExpression, toCelValue } from '../../src/rules/cel-environment.ts';

const evaluate = (source: string, value: unknown): unknown =>
  compileExpression(source)({ object: toCelValue(value) });

describe('toCelValue and null fields', () => {
  it('drops null map fields so optional selection falls back to the default', () => {
    const pod = { securityContext: { privileged: null, capabilities: { drop: null } } };
    expect(evaluate('object.securityContext.?privileged.orValue(false)', pod)).toBe(false);
    expect(evaluate('has(object.securityContext.privileged)', pod)).toBe(false);
    expect(evaluate("object.securityContext.capabilities.?drop.orValue([]).exists(c, c == 'ALL')", pod)).toBe(false);
  });

  it('keeps nulls inside lists and every non-null value, with integers as CEL ints', () => {
    expect(toCelValue({ a: [null, 1], b: 'x', c: false, d: 0 })).toEqual({ a: [null, 1n], b: 'x', c: false, d: 0n });
  });
});

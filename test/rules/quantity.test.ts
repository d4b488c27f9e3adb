import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/rules/quantity.ts';
import { celEnvironment } from '../../src/rules/cel-environment.ts';

const nanos = (text: unknown) => parseQuantity(text)?.nanos;

describe('parseQuantity', () => {
  it('gives the same answer the second time a text is read, in an object of its own', () => {
    for (const text of ['250m', ' 1Gi ', 'lots', '']) {
      const first = parseQuantity(text);
      const second = parseQuantity(text);
      expect(second).toEqual(first);
      if (first) expect(second).not.toBe(first);
    }
    expect(parseQuantity(' 1Gi ')?.text).toBe('1Gi');
    expect(parseQuantity('lots')).toBeUndefined();
    const long = `${'1'.repeat(100)}m`;
    expect(nanos(long)).toBe(nanos(long));
    expect(nanos(long)).toBe(10n ** 100n / 9n * 1_000_000n);
  });

  it.each([
    ['1', 1_000_000_000n],
    ['500m', 500_000_000n],
    ['0.5', 500_000_000n],
    ['1Ki', 1024n * 1_000_000_000n],
    ['1Gi', 1073741824n * 1_000_000_000n],
    ['1G', 1_000_000_000n * 1_000_000_000n],
    ['1e3', 1000n * 1_000_000_000n],
    ['1.5E-3', 1_500_000n],
    ['-2', -2_000_000_000n],
    ['100n', 100n],
    ['1u', 1000n],
  ])('%s', (text, expected) => {
    expect(nanos(text)).toBe(expected);
  });

  it('reads YAML numbers and CEL ints', () => {
    expect(nanos(2)).toBe(2_000_000_000n);
    expect(nanos(2n)).toBe(2_000_000_000n);
    expect(nanos(0.25)).toBe(250_000_000n);
  });

  it.each(['', 'lots', '1Kb', '1 Gi', '--1', '1e1000', 'Gi'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });
});

describe('CEL quantity functions', () => {
  const env = celEnvironment();
  it('compare quantities across units', () => {
    expect(env.evaluate('quantity("500m").isLessThan(quantity("1"))')).toBe(true);
    expect(env.evaluate('quantity("1Gi").isGreaterThan(quantity("1G"))')).toBe(true);
    expect(env.evaluate('quantity("1024Mi").compareTo(quantity("1Gi"))')).toBe(0n);
    expect(env.evaluate('isQuantity("12x")')).toBe(false);
  });

  it('supports optional field selection as Kubernetes CEL does', () => {
    expect(env.evaluate('c.?securityContext.?privileged.orValue(false)', { c: {} })).toBe(false);
    expect(env.evaluate('c.?securityContext.?privileged.orValue(false)', { c: { securityContext: { privileged: true } } })).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { linearity } from '../../scripts/bench/linearity.ts';

describe('benchmark linearity', () => {
  it('separates a fixed start-up cost from the cost each resource adds', () => {
    // 0.1 s fixed + 200 µs a resource: per-resource time falls with size, the marginal cost is flat.
    const time = (resources: number) => ({ resources, seconds: 0.1 + resources * 200e-6 });
    const result = linearity([time(1000), time(10_000), time(50_000)]);
    expect(result.perResourceUs.map(Math.round)).toEqual([300, 210, 202]);
    expect(result.perResourceSpread).toBeCloseTo(300 / 202, 2);
    expect(result.marginalUs.map((m) => [m.from, m.to, Math.round(m.us)])).toEqual([
      [1000, 10_000, 200],
      [10_000, 50_000, 200],
    ]);
    expect(result.marginalSpread).toBeCloseTo(1, 6);
  });

  it('shows cost that grows faster than the input in the marginal figures', () => {
    // Quadratic: each resource costs more the more there are.
    const time = (resources: number) => ({ resources, seconds: resources * resources * 1e-9 });
    const result = linearity([time(50_000), time(1000), time(10_000)]);
    expect(result.marginalUs.map((m) => m.to)).toEqual([10_000, 50_000]);
    expect(result.marginalSpread!).toBeGreaterThan(5);
  });

  it('gives no marginal spread for a single size or a cost that does not grow', () => {
    expect(linearity([{ resources: 1000, seconds: 0.5 }]).marginalSpread).toBeUndefined();
    const flat = linearity([
      { resources: 1000, seconds: 0.5 },
      { resources: 2000, seconds: 0.4 },
      { resources: 3000, seconds: 0.6 },
    ]);
    expect(flat.marginalUs.map((m) => Math.round(m.us))).toEqual([-100, 200]);
    expect(flat.marginalSpread).toBeUndefined();
  });
});

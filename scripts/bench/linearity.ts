// How the cost of a scan grows with its size, for the benchmark's table. Two views, because a fixed
// cost (starting Node, loading and compiling the code, V8 warming up) weighs on small inputs only:
// - time per resource at each size, whose spread (largest ÷ smallest) the 20% target reads;
// - the marginal cost: the time each added resource costs between one size and the next, which is
//   flat when the cost grows linearly (time = fixed part + per-resource part × resources).

export interface SizeTime {
  resources: number;
  seconds: number;
}

export interface Linearity {
  /** µs per resource at each size, in the given order. */
  perResourceUs: number[];
  /** Largest ÷ smallest of perResourceUs (1 means perfectly proportional). */
  perResourceSpread: number;
  /** µs per added resource between consecutive sizes (sorted by size); empty with fewer than two sizes. */
  marginalUs: { from: number; to: number; us: number }[];
  /** Largest ÷ smallest of the marginal costs; undefined with fewer than two of them, or one not positive. */
  marginalSpread: number | undefined;
}

export function linearity(sizes: readonly SizeTime[]): Linearity {
  const perResourceUs = sizes.map((s) => (s.seconds * 1e6) / s.resources);
  const sorted = [...sizes].sort((a, b) => a.resources - b.resources);
  const marginalUs = sorted.slice(1).flatMap((to, i) => {
    const from = sorted[i]!;
    const added = to.resources - from.resources;
    return added > 0 ? [{ from: from.resources, to: to.resources, us: ((to.seconds - from.seconds) * 1e6) / added }] : [];
  });
  const costs = marginalUs.map((m) => m.us);
  return {
    perResourceUs,
    perResourceSpread: spread(perResourceUs) ?? 1,
    marginalUs,
    marginalSpread: costs.length >= 2 ? spread(costs) : undefined,
  };
}

function spread(values: readonly number[]): number | undefined {
  if (values.length === 0 || values.some((v) => !(v > 0))) return undefined;
  return Math.max(...values) / Math.min(...values);
}

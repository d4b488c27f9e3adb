// One seeded pseudo-random generator for everything that must be reproducible: the benchmark corpus,
// the fix property test's manifests, the fuzz test's mutations. Same seed, same sequence.

export type Random = () => number;

/** mulberry32: tiny and fast, good enough to pick test inputs; not for anything cryptographic. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

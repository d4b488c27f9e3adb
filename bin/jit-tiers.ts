// Which of V8's compilers this process uses. A small scan runs most of its code only a few hundred
// times: TurboFan, V8's top compiler, then spends more time compiling (on the second core, which a
// scan's garbage collection and its other compilers already use) than its code saves. Without it, a
// 1,000-resource scan took 344 instead of 406 ms (medians of 21 alternating runs) and a 3,000-resource
// one 0.76 instead of 0.80 s; at 10,000 resources the two were even, and at 50,000 TurboFan saved 1.7
// of 9.3 s (docs/benchmarks.md). So small inputs run without it and large ones with it. Turning it on
// only after the first 150, 300 or 600 files did not pay: the 10,000-resource scan then took 2.02-2.05 s
// against 1.84 s with TurboFan on from the start.
//
// V8 refuses a code cache made under other flags, so the code cache of each setting is kept apart
// (code-cache.ts), and threads started later (a parallel scan's helpers) learn the setting from the
// environment, which a worker thread copies from its parent.
import { setFlagsFromString } from 'node:v8';

export type JitTiers = 'all' | 'no-turbofan';

/** Internal: set by the launcher for this process and its threads, read by code-cache.ts. */
const JIT_TIERS_ENV = 'PLIMSOLL_JIT_TIERS';

/** Sets this process's compilers (before the CLI bundle is loaded) and records the setting. */
export function setJitTiers(tiers: JitTiers, env: NodeJS.ProcessEnv = process.env): void {
  // Turning TurboFan off at run time works (V8 checks the flag when it picks a tier); `--max-opt`
  // would not, because V8 derives the flags it implies only at start.
  if (tiers === 'no-turbofan') setFlagsFromString('--no-turbofan');
  env[JIT_TIERS_ENV] = tiers;
}

/** The setting the launcher made for this process; 'all' when none was made (V8's default). */
export function jitTiers(env: NodeJS.ProcessEnv = process.env): JitTiers {
  return env[JIT_TIERS_ENV] === 'no-turbofan' ? 'no-turbofan' : 'all';
}

// Types of builtin-cel.generated.js (written by scripts/generate-builtin-cel.ts).
import type { GeneratedFastPath } from './cel-codegen.ts';

/** The fast path code of each built-in rule expression, by its exact source text. */
export declare const generatedFastPaths: ReadonlyMap<string, GeneratedFastPath>;

// Types of the generated 1.30.validators.js (scripts/generate-kubernetes-validators.ts).
import type { ValidateFunction } from 'ajv';

/** ajv validators compiled ahead of time, keyed by definition name (e.g. `core.v1.Pod`). */
export declare const validatorsByDefinition: Record<string, ValidateFunction>;

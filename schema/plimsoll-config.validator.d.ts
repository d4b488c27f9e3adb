// Types of the generated plimsoll-config.validator.js (scripts/generate-config-schema.ts).
import type { ValidateFunction } from 'ajv';

/** The config-file validator (plimsoll-config.schema.json), built on first call from code compiled ahead of time. */
export declare function configValidator(): ValidateFunction;

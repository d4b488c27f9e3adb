// Types of the generated rule-file.validator.js (scripts/generate-rule-validator.ts).
import type { ValidateFunction } from 'ajv';

/** The rule-file validator (RULE_FILE_SCHEMA), compiled ahead of time. */
export declare const validate: ValidateFunction;

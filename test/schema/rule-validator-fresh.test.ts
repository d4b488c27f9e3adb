// schema/rule-file.validator.js is generated and committed (it saves compiling the rule schema on every
// start): it must be what the generator makes from RULE_FILE_SCHEMA now, and judge as ajv does.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULE_VALIDATOR_FILE, generateRuleValidator } from '../../scripts/generate-rule-validator.ts';
import { validate } from '../../schema/rule-file.validator.js';
import { RULE_FILE_SCHEMA } from '../../src/rules/rule-definition.ts';

describe('precompiled rule-file validator', () => {
  it('is what the generator produces now (run `npm run generate:rule-validator` when this fails)', () => {
    expect(readFileSync(RULE_VALIDATOR_FILE, 'utf8') === generateRuleValidator(), 'schema/rule-file.validator.js is stale').toBe(true);
  });

  it('accepts and rejects what a freshly compiled validator does, with the same errors', () => {
    // A real rule file's data, then broken copies of it.
    const valid = parse(readFileSync(new URL('../../rules/run-as-non-root.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
    const fresh = new Ajv({ allErrors: true, strict: false }).compile(RULE_FILE_SCHEMA);
    expect(validate(valid)).toBe(true);
    const cases: unknown[] = [valid, { ...valid, title: '' }, { ...valid, title: '\u{1F600}' }, { ...valid, severity: 'urgent' }, { id: 'x' }, { ...valid, unknown: 1 }, 'text', null];
    for (const data of cases) {
      expect(validate(data)).toBe(fresh(data));
      expect(validate.errors ?? null).toEqual(fresh.errors ?? null);
    }
  });
});

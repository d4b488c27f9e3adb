// schema/plimsoll-config.validator.js is generated and committed (it saves loading ajv and compiling
// the config schema on every start with a config file): it must be what the generator makes from the
// config schema now, and judge as a freshly compiled ajv validator does, errors and all.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CONFIG_VALIDATOR_FILE, generateConfigValidator } from '../../scripts/generate-config-schema.ts';
import { configValidator } from '../../schema/plimsoll-config.validator.js';
import { CONFIG_SCHEMA } from '../../src/config/validate-config.ts';

describe('precompiled config validator', () => {
  it('is what the generator produces now (run `npm run generate:schema` when this fails)', () => {
    expect(readFileSync(CONFIG_VALIDATOR_FILE, 'utf8') === generateConfigValidator(), 'schema/plimsoll-config.validator.js is stale').toBe(true);
  });

  it('accepts and rejects what a freshly compiled validator does, with the same errors', () => {
    const fresh = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(CONFIG_SCHEMA);
    const validate = configValidator();
    expect(configValidator()).toBe(validate);
    const valid = { failOn: 'high', rules: { 'run-as-non-root': 'medium', 'memory-limits': { severity: 'low' } }, exemptions: [{ rules: ['run-as-non-root'], path: 'legacy/**', reason: 'old' }] };
    const cases: unknown[] = [
      valid,
      {},
      { failOn: 'urgent' },
      { rules: { 'run-as-non-root': 'loud' } },
      { rules: { 'run-as-non-root': { severity: 'low', colour: 'red' } } },
      { unknownOption: true },
      { exemptions: [{ reason: 'no selector' }] },
      { kubernetesVersion: 1.31 },
      'text',
      null,
    ];
    expect(validate(valid)).toBe(true);
    for (const data of cases) {
      expect(validate(data)).toBe(fresh(data));
      expect(validate.errors ?? null).toEqual(fresh.errors ?? null);
    }
    expect(cases.filter((data) => !validate(data)).length).toBeGreaterThanOrEqual(7);
  });
});

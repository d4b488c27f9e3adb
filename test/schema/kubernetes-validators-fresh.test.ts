// schema/kubernetes/<version>.validators.js is generated and committed (it saves compiling ajv
// validators on every start): it must match the schema JSON and the options it is generated with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VALIDATORS_FILE, generateKubernetesValidators } from '../../scripts/generate-kubernetes-validators.ts';
import kubernetesSchema from '../../schema/kubernetes/1.30.json' with { type: 'json' };
import { validatorsByDefinition } from '../../schema/kubernetes/1.30.validators.js';

describe('precompiled Kubernetes validators', () => {
  it('are what the generator produces now (run `npm run generate:validators` when this fails)', () => {
    const committed = readFileSync(VALIDATORS_FILE, 'utf8');
    expect(committed === generateKubernetesValidators(), 'schema/kubernetes/1.30.validators.js is stale').toBe(true);
  });

  it('cover every kind of the schema', () => {
    const missing = Object.entries(kubernetesSchema.kinds).filter(([, definition]) => typeof validatorsByDefinition[definition] !== 'function');
    expect(missing).toEqual([]);
  });
});

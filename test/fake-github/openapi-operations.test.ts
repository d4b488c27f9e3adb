// The committed extract must be what scripts/extract-openapi.ts makes from the installed
// @octokit/openapi, so the fake validates against GitHub's current description, not a stale copy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractOpenApiOperations, OPENAPI_OPERATIONS_FILE } from '../../scripts/extract-openapi.ts';

describe('openapi-operations.json', () => {
  it('matches a fresh extraction (run `node scripts/extract-openapi.ts` when this fails)', () => {
    expect(readFileSync(OPENAPI_OPERATIONS_FILE, 'utf8') === extractOpenApiOperations()).toBe(true);
  });
});

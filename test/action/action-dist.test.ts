// action/dist is committed (the runner does not install dependencies): it must be exactly what
// scripts/build-action.ts builds from the current sources, or the Action runs stale code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_BUNDLE, buildActionBundle } from '../../scripts/build-action.ts';

describe('action/dist', () => {
  it('is what a fresh build produces (run `node scripts/build-action.ts` when this fails)', async () => {
    const committed = readFileSync(ACTION_BUNDLE, 'utf8');
    const fresh = await buildActionBundle();
    expect(committed === fresh, 'action/dist/index.js is stale').toBe(true);
  });

  it('is what action.yml runs, on node24, with the documented inputs and outputs', () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, { default?: string }>;
      outputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'action/dist/index.js' });
    expect(Object.keys(action.inputs).sort()).toEqual(['comment', 'config', 'fail-on', 'filter', 'kubernetes-version', 'new-only', 'paths', 'sarif-file', 'token'].sort());
    expect(action.inputs.token!.default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs).sort()).toEqual(['blocking', 'findings', 'sarif-file']);
  });
});

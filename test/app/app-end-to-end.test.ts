import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanSources } from '../../src/engine/scan.ts';
import { decideVerdict } from '../../src/policy/verdict.ts';
import { APP_BOT, pullRequestEvent, startHarness, type Harness } from './app-harness.ts';
import { FIXABLE, HARDENED } from './fixtures.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.fake.problems).toEqual([]);
  await h.close();
});

function coreScan(path: string, text: string) {
  const { findings } = scanSources([{ path, bytes: new TextEncoder().encode(text) }]);
  return { findings, verdict: decideVerdict(findings, { failOn: 'high' }) };
}

describe('pull request with findings', () => {
  it('fails the check, annotates, reviews with suggestions and offers Apply fixes', async () => {
    const pull = h.seedPull({ number: 7, files: [{ filename: 'deploy/web.yaml', before: HARDENED, after: FIXABLE }] });
    const response = await h.send('pull_request', pullRequestEvent('opened', pull));
    expect(response.status).toBe(200);
    const runs = [...h.fake.state.checkRuns.values()];
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    const expected = coreScan('deploy/web.yaml', FIXABLE);
    expect(expected.verdict.block).toBe(true);
    expect(run).toMatchObject({ name: 'Plimsoll', headSha: pull.headSha, status: 'completed', conclusion: 'failure' });
    expect(run.annotations).toHaveLength(expected.findings.length);
    expect(run.actions).toEqual([expect.objectContaining({ identifier: 'apply-fixes', label: 'Apply fixes' })]);
    const reviews = h.fake.state.reviews;
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.user).toBe(APP_BOT);
    const suggestions = h.fake.state.reviewComments.filter((c) => c.body.includes('```suggestion'));
    expect(suggestions.length).toBeGreaterThan(0);
  });
});

// End-to-end: the built action/dist/index.js in a child process, against the fake GitHub.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import parseDiff from 'parse-diff';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/fake-github-server.ts';
import { makeWorkspace, pullRequestScenario, readSarif, runAction, updatePullRequest, webhookPayload, HEAD_SHA, OWNER, REPO } from './action-harness.ts';
import { configMap, plainDeployment, privilegedDeployment } from './manifests.ts';

let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({ readOnlyTokens: ['fork-token'] });
});
afterEach(async () => {
  expect(fake.problems).toEqual([]);
  await fake.close();
});

const writes = (f: FakeGitHub) => f.calls.filter((c) => c.method !== 'GET');

function addedLines(patch: string): Set<number> {
  const lines = new Set<number>();
  for (const chunk of parseDiff(patch)[0]?.chunks ?? []) for (const change of chunk.changes) if (change.type === 'add') lines.add(change.ln);
  return lines;
}

/** A pull request that modifies one Deployment (adds `privileged: true`) and adds another. */
function findingsScenario() {
  return pullRequestScenario(
    fake,
    [
      { filename: 'k8s/api.yaml', before: plainDeployment('api'), after: privilegedDeployment('api') },
      { filename: 'k8s/new.yaml', after: privilegedDeployment('new') },
      { filename: 'README.md', before: '# app\n', after: '# app\n\nNow with more YAML.\n' },
    ],
    // In the repository but not in the diff: must not be reported.
    { unchanged: { 'k8s/old.yaml': privilegedDeployment('old') } },
  );
}

describe('pull_request: clean', () => {
  it('passes, reports nothing and posts no review', async () => {
    const scenario = pullRequestScenario(fake, [
      { filename: 'config/app.yaml', before: configMap('app'), after: configMap('app', '  FEATURE_X: "on"\n') },
      { filename: 'docs/notes.md', after: 'notes\n' },
    ]);
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ findings: '0', blocking: '0' });
    expect(run.annotations).toEqual([]);
    expect(run.summary).toContain('## Plimsoll: ✅ passing');
    expect(run.summary).toMatch(/Scanned 1 file, 1 object/);
    expect(fake.callsTo('pulls/list-files')).toHaveLength(1);
    expect(fake.callsTo('pulls/create-review')).toEqual([]);
    expect(readSarif(run).runs[0].results).toEqual([]);
  });
});

describe('pull_request: findings and fixes', () => {
  it('blocks, annotates most severe first, comments only on added lines, writes SARIF and the summary', async () => {
    const scenario = findingsScenario();
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    const blocking = Number(run.outputs.blocking);
    expect(blocking).toBeGreaterThanOrEqual(2);
    expect(Number(run.outputs.findings)).toBeGreaterThanOrEqual(blocking);

    // One review, every comment on an added line of a changed manifest, each with its fingerprint.
    expect(fake.callsTo('pulls/create-review')).toHaveLength(1);
    const comments = fake.state.reviewComments;
    expect(comments.length).toBeGreaterThan(0);
    const added = new Map(scenario.pull.files.filter((f) => f.patch).map((f) => [f.filename, addedLines(f.patch!)]));
    for (const c of comments) {
      expect(['k8s/api.yaml', 'k8s/new.yaml']).toContain(c.path);
      expect(added.get(c.path)!.has(c.line), `${c.path}:${c.line}`).toBe(true);
      expect(c.body).toMatch(/<!-- plimsoll:fingerprint=[0-9a-f]+ -->/);
    }
    const privileged = comments.find((c) => c.path === 'k8s/api.yaml' && c.body.includes('privileged-container'));
    expect(privileged?.line).toBe(18);
    // The fix (privileged: false) is a one-click suggestion on that line.
    expect(privileged!.body).toContain('```suggestion\n            privileged: false\n```');
    expect(comments.some((c) => c.body.includes('```suggestion'))).toBe(true);
    expect(new Set(comments.map((c) => /fingerprint=([0-9a-f]+)/.exec(c.body)![1])).size).toBe(comments.length);

    // Annotations: errors first, critical before high; the step's own failure keeps an error slot.
    const kinds = run.annotations.map((a) => a.kind);
    expect(kinds[0]).toBe('error');
    expect(run.annotations[0]!.properties.title).toMatch(/^critical: /);
    const order = { error: 0, warning: 1, notice: 2 } as Record<string, number>;
    const findingAnnotations = run.annotations.filter((a) => a.properties.file);
    expect(findingAnnotations.map((a) => order[a.kind])).toEqual(findingAnnotations.map((a) => order[a.kind]).sort());
    expect(findingAnnotations.filter((a) => a.kind === 'error').length).toBeLessThanOrEqual(9);
    expect(run.annotations.at(-1)).toMatchObject({ kind: 'error', properties: {} });
    expect(run.annotations.some((a) => a.properties.file === 'k8s/old.yaml')).toBe(false);

    // The summary links to the head commit's lines and says what the filter left out.
    expect(run.summary).toContain('## Plimsoll: ❌ blocking');
    expect(run.summary).toContain(`https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/k8s/api.yaml#L18`);
    expect(run.summary).not.toContain('old.yaml');
    expect(run.summary).toMatch(/Review: \d+ new review comments?/);

    // SARIF: every finding of the scanned files, with fingerprints for code scanning.
    const sarif = readSarif(run);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0].results as any[];
    expect(results.some((r) => r.ruleId === 'privileged-container')).toBe(true);
    expect(results.every((r) => r.partialFingerprints['plimsoll/v1'])).toBe(true);
    expect(results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'k8s/old.yaml')).toBe(false);
  });

  it('with filter nofilter reports context-line findings too, but still comments only inside the hunks', async () => {
    const scenario = findingsScenario();
    const added = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { comment: 'false' } });
    const all = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { filter: 'nofilter', comment: 'false' } });
    expect(Number(all.outputs.findings)).toBeGreaterThan(Number(added.outputs.findings));
    expect(added.summary).toMatch(/outside the diff \(filter: added\) \| \d+/);
    expect(fake.callsTo('pulls/create-review')).toEqual([]);
  });
});

describe('pull_request: re-run', () => {
  it('posts no duplicate, and marks its comment resolved when the finding is gone', async () => {
    const scenario = findingsScenario();
    await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    const first = fake.state.reviewComments.map((c) => c.body);
    expect(first.length).toBeGreaterThan(0);

    fake.resetCalls();
    const again = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(again.exitCode).toBe(1);
    expect(fake.callsTo('pulls/create-review')).toEqual([]);
    expect(fake.state.reviewComments.map((c) => c.body)).toEqual(first);
    expect(again.summary).toMatch(/0 new review comments, \d+ already commented/);

    // The author removes `privileged: true` from api.yaml; new.yaml is untouched.
    fake.resetCalls();
    const fixed = updatePullRequest(
      fake,
      scenario,
      [
        { filename: 'k8s/api.yaml', before: plainDeployment('api'), after: plainDeployment('api').replace('replicas: 2', 'replicas: 3') },
        { filename: 'k8s/new.yaml', after: privilegedDeployment('new') },
      ],
      'd'.repeat(40),
    );
    const third = await runAction({ fake, workspace: fixed.workspace, eventName: 'pull_request', payload: fixed.payload });
    expect(fake.callsTo('pulls/create-review')).toEqual([]);
    const updates = fake.callsTo('pulls/update-review-comment');
    expect(updates.length).toBeGreaterThan(0);
    // Only the privileged-container finding is gone; findings that moved lines keep their comments.
    const resolved = fake.state.reviewComments.filter((c) => c.body.includes('<!-- plimsoll:resolved -->'));
    expect(resolved.map((c) => c.path)).toEqual(['k8s/api.yaml']);
    expect(resolved[0]!.body).toMatch(/^✅ \*\*Resolved\*\*/);
    expect(resolved[0]!.body).toContain('privileged-container');
    expect(resolved[0]!.body).not.toContain('```suggestion');
    expect(updates).toHaveLength(1);
    expect(fake.state.reviewComments.filter((c) => c.path === 'k8s/new.yaml').every((c) => !c.body.includes('Resolved'))).toBe(true);
    // A further re-run does not resolve it twice.
    fake.resetCalls();
    await runAction({ fake, workspace: fixed.workspace, eventName: 'pull_request', payload: fixed.payload });
    expect(writes(fake)).toEqual([]);
    expect(third.summary).toMatch(/marked resolved/);
  });
});

describe('pull_request: suppression', () => {
  it('resolves its comment when the author suppresses the finding, and lists the suppression with its reason', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }]);
    await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(fake.state.reviewComments.some((c) => c.body.includes('privileged-container'))).toBe(true);
    const ignored = `# plimsoll-ignore privileged-container: node agent needs the host devices\n${privilegedDeployment('new')}`;
    const next = updatePullRequest(fake, scenario, [{ filename: 'k8s/new.yaml', after: ignored }], 'e'.repeat(40));
    fake.resetCalls();
    const run = await runAction({ fake, workspace: next.workspace, eventName: 'pull_request', payload: next.payload });
    const privileged = fake.state.reviewComments.filter((c) => c.body.includes('privileged-container'));
    expect(privileged).toHaveLength(1);
    expect(privileged[0]!.body).toContain('<!-- plimsoll:resolved -->');
    expect(run.summary).toContain('### Suppressed');
    expect(run.summary).toMatch(/\| `privileged-container` \| .* \| inline-comment \| node agent needs the host devices \|/);
    expect(run.annotations.some((a) => a.properties.title?.includes('privileged-container'))).toBe(false);
  });
});

describe('pull_request: fork', () => {
  it('degrades to annotations, summary and exit code with the read-only token', async () => {
    const fork = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }], { number: 9, fork: true });
    const run = await runAction({ fake, workspace: fork.workspace, eventName: 'pull_request', payload: fork.payload, token: 'fork-token' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    expect(writes(fake)).toEqual([]);
    expect(run.annotations.some((a) => a.kind === 'error' && a.properties.file === 'k8s/new.yaml')).toBe(true);
    expect(run.summary).toContain('Skipped review comments');
    expect(run.summary).toMatch(/fork/);
    expect(run.summary).toContain('## Plimsoll: ❌ blocking');
  });

  it('on pull_request_target (the base repository\'s token) reviews a fork\'s pull request', async () => {
    const fork = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }], { number: 9, fork: true });
    const run = await runAction({ fake, workspace: fork.workspace, eventName: 'pull_request_target', payload: fork.payload });
    expect(run.exitCode).toBe(1);
    expect(fake.state.reviews).toHaveLength(1);
    expect(run.summary).not.toContain('Skipped');
  });

  it('names the missing permission when a same-repository token cannot write', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }]);
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, token: 'fork-token' });
    expect(run.exitCode).toBe(1);
    expect(fake.callsTo('pulls/create-review').map((c) => c.status)).toEqual([403]);
    expect(run.summary).toContain('`permissions: pull-requests: write`');
    expect(run.stdout).toMatch(/::warning::Plimsoll could not finish the review/);
  });
});

describe('pull_request: files without a patch', () => {
  it('reports findings of a file GitHub sent no diff for, without commenting on it', async () => {
    const scenario = pullRequestScenario(fake, [
      { filename: 'k8s/huge.yaml', before: plainDeployment('huge'), after: privilegedDeployment('huge'), withoutPatch: true },
      { filename: 'k8s/new.yaml', after: privilegedDeployment('new') },
    ]);
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('GitHub sent no diff for 1 file(s)');
    expect(run.summary).toContain('k8s/huge.yaml');
    expect(fake.state.reviewComments.some((c) => c.path === 'k8s/huge.yaml')).toBe(false);
    expect(fake.state.reviewComments.some((c) => c.path === 'k8s/new.yaml')).toBe(true);
    expect(run.summary).toMatch(/\d+ on lines outside the diff/);
  });
});

describe('pull_request: large', () => {
  it('pages through 300 files, batches comments ≤ 30 a review, caps them and keeps the summary under 1 MiB', async () => {
    const files = Array.from({ length: 300 }, (_, i) => ({ filename: `apps/app-${String(i).padStart(3, '0')}.yaml`, after: privilegedDeployment(`app-${i}`) }));
    const scenario = pullRequestScenario(fake, files);
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(fake.callsTo('pulls/list-files')).toHaveLength(3);
    expect(run.summary).toMatch(/Scanned 300 files, 300 objects/);
    const reviews = fake.callsTo('pulls/create-review');
    expect(reviews.length).toBe(3);
    for (const review of reviews) expect((review.body as { comments: unknown[] }).comments.length).toBeLessThanOrEqual(30);
    expect(fake.state.reviewComments).toHaveLength(90);
    expect(run.summary).toMatch(/\d+ over the comment limit/);
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
    expect(run.summary).toMatch(/GitHub shows at most 10 error/);
    expect(run.annotations.filter((a) => a.kind === 'error').length).toBeLessThanOrEqual(10);

    // A re-run reads and posts nothing: the 90 open comments use up the pull request's budget.
    fake.resetCalls();
    const again = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(again.exitCode).toBe(1);
    expect(writes(fake)).toEqual([]);
    expect(fake.state.reviewComments).toHaveLength(90);
  }, 60_000);
});

describe('pull_request: API faults', () => {
  it('retries a 5xx and a secondary rate limit, then posts exactly one review', async () => {
    const scenario = findingsScenario();
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/list-files', status: 502 });
    fake.injectFault({ kind: 'secondary-rate-limit', operationId: 'pulls/create-review', retryAfter: 1 });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(fake.callsTo('pulls/list-files').map((c) => c.status)).toEqual([502, 200]);
    expect(fake.callsTo('pulls/create-review').map((c) => c.status)).toEqual([403, 200]);
    expect(fake.state.reviews).toHaveLength(1);
    expect(run.summary).not.toContain('Skipped');
  });

  it('does not duplicate a review whose answer was lost after GitHub created it', async () => {
    const scenario = findingsScenario();
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/create-review', status: 502, afterHandling: true });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(fake.callsTo('pulls/create-review').map((c) => c.status)).toEqual([502]);
    expect(fake.state.reviews).toHaveLength(1);
    const fingerprints = fake.state.reviewComments.map((c) => /fingerprint=(\w+)/.exec(c.body)![1]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(run.summary).toMatch(new RegExp(`Review: ${fingerprints.length} new review comments`));
    expect(run.summary).not.toContain('Skipped');
  });

  it('waits out a primary rate limit (x-ratelimit-remaining: 0) and carries on', async () => {
    const scenario = findingsScenario();
    fake.injectFault({ kind: 'primary-rate-limit', operationId: 'pulls/list-review-comments', retryAfter: 1 });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(fake.callsTo('pulls/list-review-comments').map((c) => c.status)).toEqual([403, 200]);
    expect(fake.state.reviews).toHaveLength(1);
    expect(run.stdout).toMatch(/::warning::GitHub rate limit on GET/);
  });

  it('keeps the verdict when GitHub keeps failing the review', async () => {
    const scenario = findingsScenario();
    fake.injectFault({ kind: 'server-error', operationId: 'pulls/create-review', status: 500, times: Infinity });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    // Not re-sent blindly: each retry re-reads the comments first (1 try + 2 retries).
    expect(fake.callsTo('pulls/create-review').length).toBe(3);
    expect(fake.callsTo('pulls/list-review-comments').length).toBe(3);
    expect(run.summary).toContain('Skipped review comments');
    expect(run.summary).toContain('## Plimsoll: ❌ blocking');
    expect(run.annotations.some((a) => a.kind === 'error' && a.properties.file === 'k8s/api.yaml')).toBe(true);
    expect(run.outputs.blocking).not.toBe('0');
  }, 60_000);

  it('scans the paths instead when the files list is refused', async () => {
    const scenario = findingsScenario();
    fake.injectFault({ kind: 'not-found', operationId: 'pulls/list-files', times: Infinity });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { paths: 'k8s' } });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('Skipped the pull request diff');
    // Whole paths: the unchanged file is scanned too.
    expect(run.summary).toContain('k8s/old.yaml');
    expect(fake.callsTo('pulls/create-review')).toEqual([]);
  });
});

describe('pull_request: the checkout as cross-object context', () => {
  it('finds a changed object that duplicates one in an unchanged file of its folder, and reports only the changed file', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/dup.yaml', after: configMap('app') }], { unchanged: { 'k8s/app.yaml': configMap('app') } });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    const sarif = readSarif(run).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    expect(sarif.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri])).toContainEqual(['duplicate-object', 'k8s/dup.yaml']);
    expect(sarif.every((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'k8s/dup.yaml')).toBe(true);
    expect(run.summary).toMatch(/Cross-object rules read 1 other file/);
    expect(fake.state.reviewComments.some((c) => c.path === 'k8s/dup.yaml' && c.body.includes('duplicate-object'))).toBe(true);
  });
});

describe('pull_request: policy', () => {
  it('new-only leaves out findings already on the base branch (read through the contents API)', async () => {
    const files = [{ filename: 'k8s/api.yaml', before: privilegedDeployment('api'), after: privilegedDeployment('api').replace('replicas: 2', 'replicas: 3') }];
    const scenario = pullRequestScenario(fake, files);
    const all = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { filter: 'file', comment: 'false' } });
    expect(all.exitCode).toBe(1);
    const fresh = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { filter: 'file', comment: 'false', 'new-only': 'true' } });
    expect(fresh.exitCode).toBe(0);
    expect(fresh.outputs).toMatchObject({ findings: '0', blocking: '0' });
    expect(fresh.summary).toMatch(new RegExp(`already on the base branch \\(new-only\\) \\| ${all.outputs.findings} \\|`));
    expect(fake.callsTo('repos/get-content').map((c) => c.query.ref)).toEqual(['b'.repeat(40)]);
  });

  it('new-only scans the base side with the same context, so a cross-object finding already there stays old', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/dup.yaml', before: configMap('app'), after: configMap('app', '  MORE: "1"\n') }], {
      unchanged: { 'k8s/app.yaml': configMap('app') },
    });
    const all = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { filter: 'file', comment: 'false' } });
    expect(all.summary).toContain('duplicate-object');
    const fresh = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { filter: 'file', comment: 'false', 'new-only': 'true' } });
    expect(fresh.exitCode).toBe(0);
    expect(fresh.summary).not.toMatch(/\| `duplicate-object` \|/);
  });

  it('reads .github/plimsoll.yml: rules turned off are not reported, inputs override failOn', async () => {
    const config = 'failOn: critical\nrules:\n  run-as-non-root: off\n';
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }], { unchanged: { '.github/plimsoll.yml': config } });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.stdout).toContain('Plimsoll: using .github/plimsoll.yml');
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('Fails on: `critical`');
    expect(run.summary).not.toContain('run-as-non-root');
    expect(fake.state.reviewComments.some((c) => c.body.includes('run-as-non-root'))).toBe(false);
    expect(readSarif(run).runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'run-as-non-root')).toBe(false);
    const overridden = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { 'fail-on': 'none', comment: 'false' } });
    expect(overridden.exitCode).toBe(0);
  });

  it('fails with the file and line of a config mistake', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }], { unchanged: { '.github/plimsoll.yml': 'rules:\n  run-as-nonroot: off\n' } });
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::Plimsoll failed: .*plimsoll\.yml:2:\d+.*run-as-nonroot.*run-as-non-root/);
    expect(writes(fake)).toEqual([]);
  });
});

describe('push and bad input', () => {
  it('on push scans the paths, with no GitHub calls', async () => {
    const workspace = makeWorkspace({ 'k8s/a.yaml': privilegedDeployment('a'), 'k8s/b.yaml': configMap('b'), 'other/c.yaml': privilegedDeployment('c') });
    const run = await runAction({ fake, workspace, eventName: 'push', payload: webhookPayload('push'), inputs: { paths: 'k8s/*.yaml', 'sarif-file': 'reports/out.sarif' } });
    expect(run.exitCode).toBe(1);
    expect(fake.calls).toEqual([]);
    expect(run.summary).toMatch(/Scanned 2 files/);
    expect(run.outputs['sarif-file']).toBe(`${workspace}/reports/out.sarif`);
    expect(run.annotations.some((a) => a.properties.file === 'k8s/a.yaml')).toBe(true);
    expect(run.annotations.some((a) => a.properties.file === 'other/c.yaml')).toBe(false);
  });

  it('passes kubernetes-version to the rules: an API removed in 1.25 is fine for a 1.24 cluster', async () => {
    const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n';
    const workspace = makeWorkspace({ 'k8s/pdb.yaml': pdb });
    const rules = async (version: string) => {
      const run = await runAction({ fake, workspace, eventName: 'push', payload: webhookPayload('push'), inputs: { 'kubernetes-version': version, 'fail-on': 'none' } });
      return (readSarif(run).runs[0].results as { ruleId: string }[]).map((r) => r.ruleId);
    };
    expect(await rules('1.24')).not.toContain('removed-api-version');
    expect(await rules('1.25')).toContain('removed-api-version');
  });

  it('on a pull request, a `paths` entry missing from the checkout only costs context', async () => {
    const scenario = pullRequestScenario(fake, [{ filename: 'k8s/new.yaml', after: privilegedDeployment('new') }]);
    const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload, inputs: { paths: 'k8s\nremoved-folder' } });
    expect(run.exitCode).toBe(1);
    expect(run.summary).toContain('No such file or folder: removed-folder');
    expect(fake.state.reviewComments.length).toBeGreaterThan(0);
  });

  it('fail-on none passes even with findings', async () => {
    const workspace = makeWorkspace({ 'k8s/a.yaml': privilegedDeployment('a') });
    const run = await runAction({ fake, workspace, eventName: 'push', payload: webhookPayload('push'), inputs: { 'fail-on': 'none' } });
    expect(run.exitCode).toBe(0);
    expect(Number(run.outputs.findings)).toBeGreaterThan(0);
  });

  it('fails clearly on a bad input', async () => {
    const workspace = makeWorkspace({});
    const run = await runAction({ fake, workspace, eventName: 'push', payload: webhookPayload('push'), inputs: { 'fail-on': 'urgent' } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('::error::Plimsoll failed: Input "fail-on" must be one of critical, high, medium, low, info, none; got "urgent".');
  });
});

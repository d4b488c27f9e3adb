// REST routes the GitHub App needs beyond the Action's, added to the shared fake GitHub: installation
// tokens, the pull request itself, check runs by commit, collaborator permission, blobs, and raw file
// contents for Probot's config reader. Responses are validated against GitHub's OpenAPI description.
import pullRequestExample from './pull-request-example.ts';
import { errorResponse, type FakeGitHub, type FakeRequest } from '../fake-github/fake-github-server.ts';
import { contentKey, pullKey, type FakeCheckRun } from '../fake-github/fake-github-state.ts';
import { appState, registerGraphqlRoutes } from '../fake-github/graphql-routes.ts';
import { checkRunJson, simpleUser } from '../fake-github/rest-routes.ts';

export const APP_SLUG = 'plimsoll-test';
export const APP_BOT = `${APP_SLUG}[bot]`;

export function registerAppRoutes(fake: FakeGitHub): void {
  registerGraphqlRoutes(fake);
  fake.route({
    operationId: 'apps/create-installation-access-token',
    handler: (req) => {
      const token = `ghs_installation_${req.params.installation_id}`;
      fake.state.tokenUsers.set(token, APP_BOT);
      return {
        status: 201,
        body: {
          token,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: { checks: 'write', pull_requests: 'write', contents: 'write', metadata: 'read' },
          repository_selection: 'all',
        },
      };
    },
  });
  fake.route({
    operationId: 'pulls/get',
    handler: (req) => {
      const pull = fake.state.pulls.get(pullKey(req.params.owner!, req.params.repo!, req.params.pull_number!));
      const meta = appState(fake).pullMeta.get(pullKey(req.params.owner!, req.params.repo!, req.params.pull_number!));
      if (!pull || !meta) return errorResponse(404, 'Not Found');
      return { status: 200, body: pullJson(req, pull.number, pull.headSha, pull.baseSha, meta) };
    },
  });
  fake.route({
    operationId: 'checks/list-for-ref',
    handler: (req) => {
      const name = req.query.get('check_name');
      const status = req.query.get('status');
      let runs = [...fake.state.checkRuns.values()].filter(
        (r) => r.owner === req.params.owner && r.repo === req.params.repo && r.headSha === req.params.ref && (!name || r.name === name) && (!status || r.status === status),
      );
      if ((req.query.get('filter') ?? 'latest') === 'latest') {
        const latest = new Map<string, FakeCheckRun>();
        for (const run of runs) if ((latest.get(run.name)?.id ?? -1) < run.id) latest.set(run.name, run);
        runs = [...latest.values()];
      }
      runs.sort((a, b) => b.id - a.id);
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => checkRunJson(req, r)) } };
    },
  });
  fake.route({
    operationId: 'checks/get',
    handler: (req) => {
      const run = fake.state.checkRuns.get(Number(req.params.check_run_id));
      if (!run || run.owner !== req.params.owner || run.repo !== req.params.repo) return errorResponse(404, 'Not Found');
      return { status: 200, body: checkRunJson(req, run) };
    },
  });
  fake.route({
    operationId: 'repos/get-collaborator-permission-level',
    handler: (req) => {
      const permission = appState(fake).permissions.get(req.params.username!) ?? 'read';
      const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
      return { status: 200, body: { permission: legacy, role_name: permission, user: { ...simpleUser(req.params.username!), name: null, email: null, role_name: permission } } };
    },
  });
  fake.route({
    operationId: 'git/get-blob',
    handler: (req) => {
      const text = appState(fake).blobs.get(req.params.file_sha!);
      if (text === undefined) return errorResponse(404, 'Not Found');
      const bytes = Buffer.from(text, 'utf8');
      return {
        status: 200,
        body: {
          content: bytes.toString('base64'),
          encoding: 'base64',
          url: `${req.baseUrl}/repos/${req.params.owner}/${req.params.repo}/git/blobs/${req.params.file_sha}`,
          sha: req.params.file_sha,
          size: bytes.length,
          node_id: `B_${req.params.file_sha}`,
        },
      };
    },
  });
  // Probot's config reader asks for the raw file (Accept: application/vnd.github.raw).
  fake.route({
    operationId: 'repos/get-content',
    handler: (req) => {
      const ref = req.query.get('ref') ?? 'HEAD';
      const text = fake.state.contents.get(contentKey(req.params.owner!, req.params.repo!, ref, req.params.path!));
      if (text === undefined) return errorResponse(404, 'Not Found');
      if (!/raw/.test(String(req.headers.accept ?? ''))) return errorResponse(415, 'The fake GitHub serves contents raw only for the App');
      return { status: 200, raw: text, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' } };
    },
  });
}

/** A REST pull request built on a real payload's pull request, with this fake's facts in it. */
function pullJson(req: FakeRequest, number: number, headSha: string, baseSha: string, meta: ReturnType<typeof appState>['pullMeta'] extends Map<string, infer M> ? M : never): unknown {
  const example = structuredClone(pullRequestExample) as Record<string, any>;
  const owner = req.params.owner!;
  const repo = req.params.repo!;
  const [headOwner, headRepo] = meta.headRepoFullName.split('/');
  example.number = number;
  example.state = meta.state;
  example.maintainer_can_modify = meta.maintainerCanModify;
  example.url = `${req.baseUrl}/repos/${owner}/${repo}/pulls/${number}`;
  example.head.sha = headSha;
  example.head.ref = meta.headRef;
  example.head.label = `${headOwner}:${meta.headRef}`;
  example.head.repo = { ...example.base.repo, name: headRepo, full_name: meta.headRepoFullName, owner: { ...example.base.repo.owner, login: headOwner }, fork: meta.headRepoFullName !== `${owner}/${repo}` };
  example.base.sha = baseSha;
  example.base.repo = { ...example.base.repo, name: repo, full_name: `${owner}/${repo}`, owner: { ...example.base.repo.owner, login: owner } };
  return example;
}

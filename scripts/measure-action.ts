// Measures the built Action on a 30-file pull request against the fake GitHub: wall time of the
// whole process (as the runner would see it) and the GitHub API calls it makes. A measurement,
// not a test: `node scripts/measure-action.ts [runs]`.
import { loadavg, cpus } from 'node:os';
import { startFakeGitHub } from '../test/fake-github/fake-github-server.ts';
import { pullRequestScenario, runAction } from '../test/action/action-harness.ts';
import { configMap, plainDeployment, privilegedDeployment } from '../test/action/manifests.ts';

const runs = Number(process.argv[2] ?? 5);
const results: { wallMs: number; firstCallMs: number; calls: number; byOperation: Record<string, number>; comments: number; exitCode: number; rerun: { wallMs: number; calls: number; newComments: number } }[] = [];

for (let i = 0; i < runs; i++) {
  const fakeStarted = performance.now();
  const fake = await startFakeGitHub();
  // 30 files: 10 new Deployments with findings, 10 Deployments made privileged, 10 ConfigMaps.
  const files = [
    ...Array.from({ length: 10 }, (_, n) => ({ filename: `apps/new-${n}.yaml`, after: privilegedDeployment(`new-${n}`) })),
    ...Array.from({ length: 10 }, (_, n) => ({ filename: `apps/changed-${n}.yaml`, before: plainDeployment(`changed-${n}`), after: privilegedDeployment(`changed-${n}`) })),
    ...Array.from({ length: 10 }, (_, n) => ({ filename: `config/cm-${n}.yaml`, before: configMap(`cm-${n}`), after: configMap(`cm-${n}`, '  EXTRA: "1"\n') })),
  ];
  const scenario = pullRequestScenario(fake, files);
  const started = performance.now();
  const run = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
  // From spawning the process to its first API call: start-up, config, nothing GitHub-bound.
  const firstCallMs = Math.round((fake.calls[0]?.at ?? 0) - (started - fakeStarted));
  const byOperation: Record<string, number> = {};
  for (const call of fake.calls) byOperation[call.operationId ?? `${call.method} ${call.path}`] = (byOperation[call.operationId ?? `${call.method} ${call.path}`] ?? 0) + 1;
  const first = { calls: fake.calls.length, comments: fake.state.reviewComments.length };
  // A re-run on the same head: reads only, posts nothing.
  fake.resetCalls();
  const again = await runAction({ fake, workspace: scenario.workspace, eventName: 'pull_request', payload: scenario.payload });
  const rerun = { wallMs: Math.round(again.wallMs), calls: fake.calls.length, newComments: fake.state.reviewComments.length - first.comments };
  results.push({ wallMs: Math.round(run.wallMs), firstCallMs, calls: first.calls, byOperation, comments: first.comments, exitCode: run.exitCode, rerun });
  if (fake.problems.length > 0) throw new Error(`fake GitHub problems: ${fake.problems.join('; ')}`);
  await fake.close();
}

const walls = results.map((r) => r.wallMs).sort((a, b) => a - b);
// The machine's load matters on shared runners: report it with the numbers.
console.log(JSON.stringify({ cpus: cpus().length, loadAverage1m: Number(loadavg()[0]!.toFixed(2)), runs: results, medianWallMs: walls[Math.floor(walls.length / 2)], minWallMs: walls[0], maxWallMs: walls.at(-1) }, null, 2));

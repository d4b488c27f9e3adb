// Measures the App against the fake GitHub (a script, not a test: timings are printed, never asserted).
//   node test/app/measure-latency.ts [events=7]
// For a pull request of 50 changed manifests with about 200 findings: webhook-to-check-completed
// latency (median, min, max) and GitHub API calls per event, with the throttling plugin as in
// production (GitHub's guidance: 1 s between writes, 3 s between notifying writes) and without waits.
import { scanSources } from '../../src/engine/scan.ts';
import { emptyConfig } from '../../src/config/load-config.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { applyPolicy } from '../../src/policy/apply-policy.ts';
import { pullRequestEvent, startHarness, type Harness } from './app-harness.ts';
import { fixableDeployment, HARDENED } from './fixtures.ts';

const EVENTS = Number(process.argv[2] ?? 7);
const FILES = 50;

function findingsIn(files: { filename: string; after?: string }[]): number {
  const config = resolveConfig(emptyConfig());
  const sources = files.map((f) => ({ path: f.filename, bytes: new TextEncoder().encode(f.after ?? '') }));
  return applyPolicy(scanSources(sources, config.scanOptions).findings, config).length;
}

/** 50 files; documents are added to the first files until the total reaches about 200 findings. */
function pullFiles(): { filename: string; before?: string; after?: string }[] {
  const perDoc = findingsIn([{ filename: 'x.yaml', after: fixableDeployment('probe') }]);
  const docs = Math.max(FILES, Math.round(200 / perDoc));
  return Array.from({ length: FILES }, (_, i) => {
    const count = Math.floor(docs / FILES) + (i < docs % FILES ? 1 : 0);
    const after = Array.from({ length: count }, (_, d) => fixableDeployment(`web-${i}-${d}`)).join('---\n');
    return { filename: `apps/app-${i}/deployment.yaml`, before: HARDENED, after };
  });
}

async function measure(h: Harness, label: string): Promise<void> {
  const files = pullFiles();
  const findings = findingsIn(files);
  const latencies: number[] = [];
  const calls: number[] = [];
  for (let n = 0; n < EVENTS; n += 1) {
    const pull = h.seedPull({ number: 1000 + n, files });
    const before = h.fake.calls.length;
    const started = performance.now();
    const sent = h.send('pull_request', pullRequestEvent('opened', pull));
    let completedAt: number | undefined;
    while (completedAt === undefined) {
      const run = [...h.fake.state.checkRuns.values()].find((r) => r.headSha === pull.headSha && r.status === 'completed');
      if (run) completedAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await sent;
    // Probot answers 202 after 9 s while the review is still being posted: let this event finish
    // (no GitHub call for longer than the 3 s pacing of notifying writes) before the next one.
    for (let seen = -1; seen !== h.fake.calls.length; ) {
      seen = h.fake.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 3500));
    }
    latencies.push(completedAt - started);
    // The installation token is cached for an hour: count it only when it was fetched.
    calls.push(h.fake.calls.slice(before).length);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const byOperation = new Map<string, number>();
  for (const call of h.fake.calls.slice(-calls.at(-1)!)) {
    const key = call.operationId ?? `${call.method} ${call.path}`;
    byOperation.set(key, (byOperation.get(key) ?? 0) + 1);
  }
  console.log(`\n${label}: ${FILES} files, ${findings} findings, ${EVENTS} pull_request.opened events`);
  console.log(`  webhook -> check completed: median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})`);
  console.log(`  API calls per event: ${calls.join(', ')} (first includes the installation token)`);
  console.log(`  last event by operation: ${[...byOperation].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

for (const realThrottling of [false, true]) {
  const h = await startHarness({ realThrottling });
  try {
    await measure(h, realThrottling ? 'With GitHub write pacing (throttling plugin defaults)' : 'Without write pacing (API and scan cost only)');
  } finally {
    await h.close();
  }
}

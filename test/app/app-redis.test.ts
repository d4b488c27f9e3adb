// Two App replicas with REDIS_URL share their rate limiters through Redis (Probot + Bottleneck's
// IORedisConnection). Runs where a `redis-server` binary exists (CI without one skips it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fake-github/fake-github-server.ts';
import { registerAppRoutes } from './fake-app-routes.ts';
import { pullRequestEvent, startHarness, type Harness } from './app-harness.ts';
import { FIXABLE, HARDENED } from './fixtures.ts';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasRedis)('replicas with REDIS_URL', () => {
  let redis: ChildProcess;
  let url: string;
  let fake: FakeGitHub;
  const replicas: Harness[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let attempt = 0; ; attempt++) {
      const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => undefined);
      const ready = await client.connect().then(() => client.ping()).then(() => true, () => false);
      client.disconnect();
      if (ready) break;
      if (attempt > 50) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    fake = await startFakeGitHub();
    registerAppRoutes(fake);
    for (let i = 0; i < 2; i++) replicas.push(await startHarness({ fake, redisUrl: url, realThrottling: true }));
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await fake?.close();
    redis?.kill();
  });

  it('both replicas complete checks and keep their limiter state in Redis', async () => {
    const pulls = replicas.map((replica, i) => replica.seedPull({ number: 90 + i, files: [{ filename: 'deploy/web.yaml', before: HARDENED, after: FIXABLE }] }));
    await Promise.all(replicas.map((replica, i) => replica.send('pull_request', pullRequestEvent('opened', pulls[i]!))));
    for (const pull of pulls) {
      const run = [...fake.state.checkRuns.values()].find((r) => r.headSha === pull.headSha);
      expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    }
    const client = new Redis(url);
    const keys = await client.keys('b_*');
    client.disconnect();
    // Bottleneck's clustered limiters (global, write, notifications) live in Redis, shared by both.
    expect(keys.some((k) => k.includes('octokit-write'))).toBe(true);
    expect(fake.problems).toEqual([]);
  }, 120_000);
});

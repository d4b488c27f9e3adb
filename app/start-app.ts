// Builds the HTTP server: Probot's webhook middleware (signature check: a bad X-Hub-Signature-256 is
// answered 401 before any handler runs) plus GET /healthz. Settings come from the environment the way
// Probot documents them (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, REDIS_URL, GHE_HOST, LOG_LEVEL, ...).
// createProbot + createNodeMiddleware on a plain node:http server rather than Probot's `Server`:
// the signature gate must run before the webhook middleware (Server puts added handlers after it),
// tests need port 0 (Server turns 0 into 3000), and shutdown must wait for running handlers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, type Options } from 'probot';
import { emptyConfig } from '../src/config/load-config.ts';
import { resolveConfig } from '../src/config/resolve-config.ts';
import { createPlimsollApp, type PlimsollAppOptions } from './plimsoll-app.ts';
import { createPlimsollOctokit, type OctokitTuning } from './plimsoll-octokit.ts';
import { InFlight } from './in-flight.ts';
import { createSignatureGate } from './signature-gate.ts';

export interface StartAppOptions {
  env?: NodeJS.ProcessEnv;
  /** Probot options that win over the environment (tests point baseUrl at a fake GitHub). */
  overrides?: Options;
  app?: PlimsollAppOptions;
  octokit?: OctokitTuning;
  port?: number;
  host?: string;
}

export interface RunningApp {
  server: Server;
  url: string;
  webhookUrl: string;
  /** Stops accepting requests and waits (at most `graceMs`, default 25 s) for running handlers. */
  close(graceMs?: number): Promise<void>;
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const env = options.env ?? process.env;
  // Load and compile the built-in rules now, not on the first webhook (GitHub waits 10 s at most).
  resolveConfig(emptyConfig());
  const probot = createProbot({
    env,
    // JSON logs unless told otherwise: one object a line, what log collectors expect.
    overrides: {
      logFormat: env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json',
      // Probot's default is warn; the App's outcomes (check completed, fix committed) are info.
      logLevel: (env.LOG_LEVEL as Options['logLevel']) ?? 'info',
      Octokit: createPlimsollOctokit(options.octokit),
      ...options.overrides,
    },
  });
  const appId = Number(env.APP_ID ?? options.overrides?.appId) || undefined;
  const inFlight = new InFlight();
  const appOptions: PlimsollAppOptions = { inFlight, ...(appId ? { appId } : {}), ...(env.APP_SLUG ? { appSlug: env.APP_SLUG } : {}), ...options.app };
  const webhooksPath = env.WEBHOOK_PATH ?? '/api/github/webhooks';
  const middleware = await createNodeMiddleware(createPlimsollApp(appOptions), { probot, webhooksPath });
  const gate = createSignatureGate(options.overrides?.secret || env.WEBHOOK_SECRET || 'development', webhooksPath);
  const server = createServer((request, response) => {
    gate(request, response)
      .then((handled) =>
        handled
          ? undefined
          : middleware(request, response, () => {
              response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Not Found' }));
            }),
      )
      .catch((error: unknown) => {
      probot.log.error({ err: String(error) }, 'request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const port = options.port ?? Number(env.PORT ?? 3000);
  const host = options.host ?? env.HOST ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  probot.log.info({ event: 'app.listening', url }, 'Plimsoll GitHub App listening');
  return {
    server,
    url,
    webhookUrl: `${url}${webhooksPath}`,
    close: async (graceMs = 25_000) => {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      const drained = await inFlight.drain(graceMs);
      if (!drained) probot.log.warn({ event: 'app.shutdown', running: inFlight.size }, 'stopping with handlers still running');
      await closed;
    },
  };
}

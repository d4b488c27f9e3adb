// A local stand-in for api.github.com, for end-to-end tests of the Action and the App.
// It validates every REST request body against GitHub's OpenAPI description, enforces the rules a
// schema cannot (see rest-routes.ts), injects faults (5xx, secondary rate limits, read-only tokens)
// and records every call for assertions. Other modules add routes with `route()` (the App adds
// GraphQL in graphql*.ts) and keep their data in `state` (any module may add its own keys).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiValidator, type OpenApiOperation } from './openapi-validator.ts';
import { createFakeGitHubState, type FakeGitHubState } from './fake-github-state.ts';
import { registerRestRoutes } from './rest-routes.ts';

export interface FakeRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  /** Path parameters, decoded (`owner`, `repo`, `pull_number`, ...). */
  params: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  /** The token from `Authorization: token X` / `Bearer X`. */
  token: string | undefined;
  headers: IncomingMessage['headers'];
  /** The server's base URL, for building `url` fields and Link headers. */
  baseUrl: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body sent as is (`Accept: application/vnd.github.raw`); set its content-type in headers. */
  raw?: string;
}

export type RouteHandler = (request: FakeRequest, fake: FakeGitHub) => FakeResponse | Promise<FakeResponse>;

export interface RouteDefinition {
  /** A REST operation from openapi-operations.json: method, path and validation come from it. */
  operationId?: string;
  /** For routes outside the REST description (POST /graphql): method and exact path or pattern. */
  method?: string;
  path?: string | RegExp;
  /** Writes count toward the secondary rate limit and are refused to read-only tokens. */
  write?: boolean;
  handler: RouteHandler;
}

export interface RecordedCall {
  method: string;
  path: string;
  operationId?: string;
  query: Record<string, string>;
  body: unknown;
  token: string | undefined;
  status: number;
  /** Milliseconds since the fake started, for pacing assertions (never wall-clock limits). */
  at: number;
}

export type FaultKind = 'server-error' | 'secondary-rate-limit' | 'primary-rate-limit' | 'not-found' | 'network-reset';

export interface FaultSpec {
  kind: FaultKind;
  /** Which requests: by operation id, method, or a path substring. All given must match. */
  operationId?: string;
  method?: string;
  pathIncludes?: string;
  /** How many matching requests fail before the fault heals; Infinity for always. */
  times?: number;
  /** For server-error: the status (default 502). */
  status?: number;
  /** Seconds put in `retry-after` for rate limits (default 1, to keep tests quick). */
  retryAfter?: number;
  /**
   * For server-error: GitHub did the work, then the answer was lost (a proxy 502 after the write).
   * Retrying such a POST blindly duplicates it.
   */
  afterHandling?: boolean;
}

export interface FakeGitHubOptions {
  /** Tokens whose writes GitHub refuses, like a fork PR's GITHUB_TOKEN. */
  readOnlyTokens?: Iterable<string>;
  /** Content-creating requests allowed a minute before a secondary rate limit (GitHub: 80). */
  writesPerMinute?: number;
  /** Add the built-in REST routes (default true). */
  restRoutes?: boolean;
}

export interface FakeGitHub {
  readonly url: string;
  readonly state: FakeGitHubState;
  readonly calls: RecordedCall[];
  /** Things the fake itself got wrong (responses not matching GitHub's schema): must stay empty. */
  readonly problems: string[];
  readonly validator: OpenApiValidator;
  readonly readOnlyTokens: Set<string>;
  route(definition: RouteDefinition): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Calls to one operation id (or `METHOD /path` for non-REST routes). */
  callsTo(operationId: string): RecordedCall[];
  resetCalls(): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body shape: `message` plus `documentation_url` and, for 422, `errors`. */
export function errorResponse(status: number, message: string, errors?: unknown[], headers?: Record<string, string>): FakeResponse {
  return {
    status,
    body: { message, documentation_url: DOCS, status: String(status), ...(errors ? { errors } : {}) },
    ...(headers ? { headers } : {}),
  };
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

interface InternalRoute extends RouteDefinition {
  operation?: OpenApiOperation;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const validator = new OpenApiValidator();
  const routes: InternalRoute[] = [];
  const faults: ActiveFault[] = [];
  const calls: RecordedCall[] = [];
  const problems: string[] = [];
  const readOnlyTokens = new Set(options.readOnlyTokens ?? []);
  const writeTimes: number[] = [];
  const writesPerMinute = options.writesPerMinute ?? 80;
  const started = performance.now();
  let baseUrl = '';

  const fake: FakeGitHub = {
    get url() {
      return baseUrl;
    },
    state: createFakeGitHubState(),
    calls,
    problems,
    validator,
    readOnlyTokens,
    route(definition) {
      const operation = definition.operationId ? validator.byId(definition.operationId) : undefined;
      if (!operation && !(definition.method && definition.path)) throw new Error('A route needs an operationId, or a method and a path');
      // Later registrations win, so a test can override one route.
      routes.unshift({ ...definition, ...(operation ? { operation } : {}) });
    },
    injectFault(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    callsTo(operationId) {
      return calls.filter((call) => call.operationId === operationId || `${call.method} ${call.path}` === operationId);
    },
    resetCalls() {
      calls.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  const findRoute = (method: string, pathname: string): { route: InternalRoute; params: Record<string, string> } | undefined => {
    const matched = validator.match(method, pathname);
    for (const route of routes) {
      if (route.operation) {
        if (matched && matched.operation.operationId === route.operation.operationId) return { route, params: matched.params };
      } else if (route.method === method) {
        if (typeof route.path === 'string' ? route.path === pathname : route.path!.test(pathname)) return { route, params: {} };
      }
    }
    return undefined;
  };

  const takeFault = (method: string, pathname: string, operationId: string | undefined): ActiveFault | undefined => {
    const fault = faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.operationId || f.operationId === operationId) &&
        (!f.method || f.method === method) &&
        (!f.pathIncludes || pathname.includes(f.pathIncludes)),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = await readBody(request);
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const found = findRoute(method, url.pathname);
    const operationId = found?.route.operation?.operationId;
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      token,
      status: 0,
      at: Math.round(performance.now() - started),
      ...(operationId ? { operationId } : {}),
    };
    calls.push(call);
    const send = (result: FakeResponse): void => {
      call.status = result.status;
      const text = result.raw ?? (result.body === undefined ? '' : JSON.stringify(result.body));
      response.writeHead(result.status, {
        ...(text && result.raw === undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'x-github-api-version-selected': '2022-11-28',
        ...result.headers,
      });
      response.end(text);
    };

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        send(errorResponse(400, 'Problems parsing JSON'));
        return;
      }
    }
    call.body = body;

    const fault = takeFault(method, url.pathname, operationId);
    const lostAnswer = fault?.kind === 'server-error' && fault.afterHandling ? fault : undefined;
    if (fault && !lostAnswer) {
      if (fault.kind === 'network-reset') {
        call.status = -1;
        request.socket.destroy();
        return;
      }
      send(faultResponse(fault));
      return;
    }
    if (!found) {
      send(errorResponse(404, `Not Found (the fake GitHub has no route for ${method} ${url.pathname})`));
      return;
    }
    if (!token) {
      send(errorResponse(401, 'Requires authentication'));
      return;
    }
    const isWrite = found.route.write ?? method !== 'GET';
    if (isWrite && readOnlyTokens.has(token)) {
      send(errorResponse(403, 'Resource not accessible by integration'));
      return;
    }
    if (isWrite) {
      const now = performance.now();
      while (writeTimes.length > 0 && now - writeTimes[0]! > 60_000) writeTimes.shift();
      if (writeTimes.length >= writesPerMinute) {
        send(secondaryRateLimit(1));
        return;
      }
      writeTimes.push(now);
    }
    if (found.route.operation) {
      const invalid = validator.validateRequest(found.route.operation, url.searchParams, body);
      if (invalid.length > 0) {
        send(errorResponse(422, 'Invalid request.', invalid));
        return;
      }
    }
    const fakeRequest: FakeRequest = { method, pathname: url.pathname, query: url.searchParams, params: found.params, body, token, headers: request.headers, baseUrl };
    let result: FakeResponse;
    try {
      result = await found.route.handler(fakeRequest, fake);
    } catch (error) {
      problems.push(`${method} ${url.pathname}: handler threw ${(error as Error).stack ?? String(error)}`);
      result = errorResponse(500, 'The fake GitHub handler failed');
    }
    if (found.route.operation && result.status < 300 && result.raw === undefined) {
      for (const problem of validator.validateResponse(found.route.operation, result.status, result.body)) {
        problems.push(`${found.route.operation.operationId}: ${problem}`);
      }
    }
    send(lostAnswer ? faultResponse(lostAnswer) : result);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      problems.push(`fake GitHub crashed: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.restRoutes !== false) registerRestRoutes(fake);
  return fake;
}

function faultResponse(fault: ActiveFault): FakeResponse {
  switch (fault.kind) {
    case 'server-error':
      return errorResponse(fault.status ?? 502, 'Server Error');
    case 'secondary-rate-limit':
      return secondaryRateLimit(fault.retryAfter ?? 1);
    case 'primary-rate-limit':
      return errorResponse(403, 'API rate limit exceeded for installation.', undefined, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + (fault.retryAfter ?? 1)),
        'retry-after': String(fault.retryAfter ?? 1),
      });
    case 'not-found':
      return errorResponse(404, 'Not Found');
    default:
      return errorResponse(500, 'Unknown fault');
  }
}

function secondaryRateLimit(retryAfter: number): FakeResponse {
  return errorResponse(
    403,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Slices a list the way GitHub pages it (per_page ≤ 100, default 30) and sets the Link header. */
export function paginate<T>(request: FakeRequest, items: readonly T[], options: { max?: number } = {}): FakeResponse {
  const perPage = Math.min(Number(request.query.get('per_page') ?? 30) || 30, 100);
  const page = Math.max(Number(request.query.get('page') ?? 1) || 1, 1);
  const capped = options.max === undefined ? items : items.slice(0, options.max);
  const lastPage = Math.max(Math.ceil(capped.length / perPage), 1);
  const slice = capped.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string): string => {
    const url = new URL(request.pathname, request.baseUrl);
    for (const [key, value] of request.query) url.searchParams.set(key, value);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  return { status: 200, body: slice, ...(links.length ? { headers: { link: links.join(', ') } } : {}) };
}

// Retries and pacing for every Octokit Plimsoll builds: @octokit/plugin-retry retries 5xx and network
// errors with growing back-off, @octokit/plugin-throttling queues writes (GitHub's secondary limit
// is about 80 content-creating requests a minute) and waits out rate limits when GitHub says how
// long. Both are the plugins GitHub's own Octokit bundles; Probot applies the same two.
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export const RESILIENCE_PLUGINS = [retry, throttling] as const;

export interface ResilienceLog {
  warning(message: string): void;
}

export interface ResilienceSettings {
  /** Retries for one request after a rate limit (default 3). */
  rateLimitRetries?: number;
  /** Longest wait accepted for a rate limit before giving up, in seconds (default 120). */
  maxWaitSeconds?: number;
  /** Retries for 5xx and network errors (default 3: after 1 s, 4 s and 9 s). */
  serverErrorRetries?: number;
}

interface ThrottledRequest {
  method: string;
  url: string;
}

/** Octokit constructor options for the two plugins above. */
export function resilienceOptions(log: ResilienceLog, settings: ResilienceSettings = {}): Record<string, unknown> {
  const retries = settings.rateLimitRetries ?? 3;
  const maxWait = settings.maxWaitSeconds ?? 120;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: ThrottledRequest, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < retries && retryAfter <= maxWait;
      log.warning(`GitHub ${kind} on ${request.method} ${request.url}; ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}.`);
      return retrying;
    };
  return {
    throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
    retry: { retries: settings.serverErrorRetries ?? 3 },
  };
}

// Probot's Octokit with the retry policy the App needs. Probot already wires the throttling and retry
// plugins (and Redis-backed clustering when REDIS_URL is set), but its default does not retry after a
// secondary rate limit; a check run must still complete, so Plimsoll waits as GitHub asks and retries.
import { ProbotOctokit } from 'probot';

export interface OctokitTuning {
  /** Merged into the throttling plugin's options (tests shorten the waits). */
  throttle?: Record<string, unknown>;
  /** Merged into the retry plugin's options (5xx: 3 retries by default). */
  retry?: Record<string, unknown>;
}

export const SECONDARY_LIMIT_RETRIES = 3;
export const PRIMARY_LIMIT_RETRIES = 2;

interface LimitOptions {
  method: string;
  url: string;
}
interface LoggingOctokit {
  log: { warn(message: string): void };
}

export function createPlimsollOctokit(tuning: OctokitTuning = {}): typeof ProbotOctokit {
  const throttle = {
    onSecondaryRateLimit: (retryAfter: number, options: LimitOptions, octokit: LoggingOctokit, retryCount: number) => {
      octokit.log.warn(`Secondary rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
      return retryCount < SECONDARY_LIMIT_RETRIES;
    },
    onRateLimit: (retryAfter: number, options: LimitOptions, octokit: LoggingOctokit, retryCount: number) => {
      octokit.log.warn(`Rate limit on ${options.method} ${options.url}; retry ${retryCount + 1} in ${retryAfter}s`);
      // Waiting longer than a few minutes would outlive the webhook; the check then fails with the error.
      return retryCount < PRIMARY_LIMIT_RETRIES && retryAfter <= 300;
    },
    ...tuning.throttle,
  };
  return ProbotOctokit.defaults((options: Record<string, any>) => ({
    ...options,
    // Probot's own throttle options (Redis connection included) stay; only these keys are replaced.
    throttle: { ...options.throttle, ...throttle },
    ...(tuning.retry ? { retry: { ...options.retry, ...tuning.retry } } : {}),
  })) as typeof ProbotOctokit;
}

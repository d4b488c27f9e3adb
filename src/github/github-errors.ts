// GitHub API failures as a typed hierarchy that keeps the HTTP status and the original error, so
// callers decide by kind (degrade on permissions, report on validation) instead of parsing text.

export interface GitHubErrorOptions {
  /** What Plimsoll was doing, e.g. "list pull request files". */
  operation: string;
  status?: number;
  cause?: unknown;
}

export class GitHubError extends Error {
  readonly operation: string;
  readonly status: number | undefined;
  constructor(message: string, options: GitHubErrorOptions) {
    super(`${options.operation}: ${message}`, { cause: options.cause });
    this.name = 'GitHubError';
    this.operation = options.operation;
    this.status = options.status;
  }
}

/** 401/403 that retrying cannot fix: a read-only token (fork PRs) or a missing workflow permission. */
export class GitHubPermissionError extends GitHubError {
  override name = 'GitHubPermissionError';
}

/** Primary or secondary rate limit still hit after the client's own retries. */
export class GitHubRateLimitError extends GitHubError {
  override name = 'GitHubRateLimitError';
}

/** 422: GitHub understood the request and refused it (a bad review comment anchor). */
export class GitHubValidationError extends GitHubError {
  override name = 'GitHubValidationError';
  readonly errors: readonly unknown[];
  constructor(message: string, options: GitHubErrorOptions & { errors?: readonly unknown[] }) {
    super(message, options);
    this.errors = options.errors ?? [];
  }
}

export class GitHubNotFoundError extends GitHubError {
  override name = 'GitHubNotFoundError';
}

/** 5xx or no response at all, after retries. */
export class GitHubUnavailableError extends GitHubError {
  override name = 'GitHubUnavailableError';
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | undefined> };
}

/** Maps whatever Octokit threw (a RequestError, a network error) to the hierarchy above. */
export function toGitHubError(error: unknown, operation: string): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const data = e.response?.data as { message?: string; errors?: unknown[] } | undefined;
  const message = data?.message ?? e.message ?? String(error);
  const options = { operation, cause: error, ...(status !== undefined ? { status } : {}) };
  if (status === 403 || status === 429) {
    const remaining = e.response?.headers?.['x-ratelimit-remaining'];
    if (status === 429 || remaining === '0' || /rate limit/i.test(message)) return new GitHubRateLimitError(message, options);
    return new GitHubPermissionError(message, options);
  }
  if (status === 401) return new GitHubPermissionError(message, options);
  if (status === 404) return new GitHubNotFoundError(message, options);
  if (status === 422) return new GitHubValidationError(message, { ...options, errors: data?.errors ?? [] });
  if (status === undefined || status >= 500) return new GitHubUnavailableError(message, options);
  return new GitHubError(message, options);
}

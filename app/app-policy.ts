// The repository's `.github/plimsoll.yml`, as the App reads it through Probot's `context.config`
// (which follows `_extends: other-repo` and falls back to the organisation's `.github` repository).
// The file is read from the default branch, never from the pull request, so a PR cannot weaken the
// policy that judges it.
import { SEVERITIES, type Severity } from '../src/types.ts';
import type { FailOn } from '../src/policy/verdict.ts';

export const CONFIG_FILE = 'plimsoll.yml';

export interface AppPolicy {
  failOn: FailOn;
  severityOverrides: Record<string, Severity>;
  disabledRules: Set<string>;
  /** Review comments with suggestions (on by default). */
  comment: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_POLICY: AppPolicy = { failOn: 'high', severityOverrides: {}, disabledRules: new Set(), comment: true };

/** Validates the raw YAML object; unknown keys are left to the shared config loader once it exists. */
export function toAppPolicy(raw: unknown): AppPolicy {
  if (raw == null) return { ...DEFAULT_POLICY, disabledRules: new Set() };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${CONFIG_FILE} must be a mapping.`);
  const config = raw as Record<string, unknown>;
  const policy: AppPolicy = { ...DEFAULT_POLICY, severityOverrides: {}, disabledRules: new Set() };
  if (config.failOn !== undefined) {
    if (config.failOn !== 'none' && !SEVERITIES.includes(config.failOn as Severity)) {
      throw new ConfigError(`failOn must be one of ${[...SEVERITIES, 'none'].join(', ')}; got ${JSON.stringify(config.failOn)}.`);
    }
    policy.failOn = config.failOn as FailOn;
  }
  if (config.comment !== undefined) {
    if (typeof config.comment !== 'boolean') throw new ConfigError('comment must be true or false.');
    policy.comment = config.comment;
  }
  if (config.rules !== undefined) {
    if (typeof config.rules !== 'object' || config.rules === null || Array.isArray(config.rules)) {
      throw new ConfigError('rules must map rule ids to a severity or "off".');
    }
    for (const [id, value] of Object.entries(config.rules)) {
      const setting = typeof value === 'object' && value !== null ? (value as { severity?: unknown }).severity : value;
      if (setting === 'off') policy.disabledRules.add(id);
      else if (SEVERITIES.includes(setting as Severity)) policy.severityOverrides[id] = setting as Severity;
      else throw new ConfigError(`rules.${id} must be a severity (${SEVERITIES.join(', ')}) or "off".`);
    }
  }
  return policy;
}

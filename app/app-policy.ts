// The repository's policy, read the way the App reads config: Probot's `context.config` fetches
// `.github/plimsoll.yml` from the default branch (never from the pull request, so a PR cannot weaken
// the policy that judges it), follows `_extends: repo` / `_extends: org/repo:path`, and falls back to
// the organisation's `.github` repository. The value then goes through the shared config schema and
// resolver, exactly as the CLI's and the Action's files do.
import { configFromValue, emptyConfig } from '../src/config/load-config.ts';
import { resolveConfig, type ResolvedConfig } from '../src/config/resolve-config.ts';

export const CONFIG_FILE = 'plimsoll.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export interface AppPolicy {
  config: ResolvedConfig;
  /** Things the summary should say about the config (settings the App ignores, and why). */
  notes: string[];
}

/** Settings that name files on disk: the App never reads its own disk on a repository's behalf. */
const DISK_SETTINGS = ['customRules', 'admissionPolicies'] as const;

export function toAppPolicy(raw: unknown): AppPolicy {
  const notes: string[] = [];
  if (raw == null) return { config: resolveConfig(emptyConfig()), notes };
  let value = raw;
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const copy = { ...(raw as Record<string, unknown>) };
    for (const key of DISK_SETTINGS) {
      if (copy[key] === undefined) continue;
      delete copy[key];
      notes.push(`\`${key}\` in ${CONFIG_PATH} is not applied by the GitHub App (it reads no files from disk); the CLI and the Action apply it.`);
    }
    value = copy;
  }
  return { config: resolveConfig(configFromValue(value, CONFIG_PATH)), notes };
}

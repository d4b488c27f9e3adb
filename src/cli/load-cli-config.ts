// The CLI's policy: `--config FILE`, else `.plimsoll.yml` / `.github/plimsoll.yml` found in the working
// folder, else the defaults (recommended profile, failOn high).
import { resolve } from 'node:path';
import { emptyConfig, findConfigFile, loadConfigFile } from '../config/load-config.ts';
import { resolveConfig, type ResolvedConfig } from '../config/resolve-config.ts';

/** The configuration file the CLI uses, or null for the defaults. */
export function cliConfigFile(cwd: string, explicit: string | undefined, useConfig: boolean): string | null {
  if (!useConfig) return null;
  return (explicit ? resolve(cwd, explicit) : findConfigFile(cwd)) ?? null;
}

export function loadCliConfig(cwd: string, explicit: string | undefined, useConfig: boolean): ResolvedConfig {
  const file = cliConfigFile(cwd, explicit, useConfig);
  return resolveConfig(file ? loadConfigFile(file) : emptyConfig());
}

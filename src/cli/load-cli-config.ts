// The CLI's policy: `--config FILE`, else `.plimsoll.yml` / `.github/plimsoll.yml` found in the working
// folder, else the defaults (recommended profile, failOn high).
import { resolve } from 'node:path';
import { emptyConfig, findConfigFile, loadConfigFile } from '../config/load-config.ts';
import { resolveConfig, type ResolvedConfig } from '../config/resolve-config.ts';

export function loadCliConfig(cwd: string, explicit: string | undefined, useConfig: boolean): ResolvedConfig {
  if (!useConfig) return resolveConfig(emptyConfig());
  const file = explicit ? resolve(cwd, explicit) : findConfigFile(cwd);
  return resolveConfig(file ? loadConfigFile(file) : emptyConfig());
}

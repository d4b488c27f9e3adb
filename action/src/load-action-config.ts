// The Action's policy: the `config` input, else .github/plimsoll.yml (or .plimsoll.yml) in the
// workspace, else the defaults. Inputs the workflow sets win over the file; unset inputs fall back
// to the file, then to the Action's defaults (fail on high, report added lines, all findings).
import { resolve } from 'node:path';
import { emptyConfig, findConfigFile, loadConfigFile } from '../../src/config/load-config.ts';
import { resolveConfig, type ResolvedConfig } from '../../src/config/resolve-config.ts';
import type { FailOn } from '../../src/policy/verdict.ts';
import type { FilterMode } from '../../src/policy/diff-filter.ts';
import type { ActionInputs } from './action-inputs.ts';

export interface ActionPolicy {
  config: ResolvedConfig;
  failOn: FailOn;
  filter: FilterMode;
  newOnly: boolean;
  /** The config file used, relative to the workspace, or undefined for the defaults. */
  configFile?: string;
}

export function loadActionConfig(inputs: ActionInputs, workspace: string): ActionPolicy {
  const file = inputs.config ? resolve(workspace, inputs.config) : findConfigFile(workspace);
  const merged = file ? loadConfigFile(file) : emptyConfig();
  if (inputs.kubernetesVersion) merged.kubernetesVersion = inputs.kubernetesVersion;
  const config = resolveConfig(merged);
  return {
    config,
    failOn: inputs.failOn ?? merged.failOn ?? 'high',
    filter: inputs.filter ?? merged.filter ?? 'added',
    newOnly: inputs.newOnly ?? merged.newOnly ?? false,
    ...(file ? { configFile: file.startsWith(`${workspace}/`) ? file.slice(workspace.length + 1) : file } : {}),
  };
}

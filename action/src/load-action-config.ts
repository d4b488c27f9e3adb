// The Action's policy: the `config` input, else .github/plimsoll.yml (or .plimsoll.yml) in the
// workspace, else the defaults. Inputs the workflow sets win over the file; unset inputs fall back
// to the file, then to the Action's defaults (fail on high, report added lines, all findings).
import { resolve } from 'node:path';
import { emptyConfig, findConfigFile, loadConfigFile } from '../../src/config/load-config.ts';
import { resolveConfig, type ResolvedConfig } from '../../src/config/resolve-config.ts';
import { linkBoundary, reallyWithin } from '../../src/files/link-boundary.ts';
import { readBoundedText } from '../../src/files/read-manifest-file.ts';
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
  // A pull request can change a config in the checkout: every file such a config names (extended
  // configs, custom rules, admission policies) must lie inside the checkout, links resolved. A config
  // the workflow names outside the checkout is the workflow's own, and names what it likes.
  const checkout = linkBoundary(workspace);
  const filesWithin = file === undefined || reallyWithin(file, checkout) ? checkout : undefined;
  const readFile = (path: string) => {
    if (filesWithin !== undefined && !reallyWithin(path, filesWithin)) throw new Error('it lies outside the checkout; only files inside it are read');
    return readBoundedText(path, filesWithin === undefined ? {} : { linksWithin: filesWithin });
  };
  const merged = file ? loadConfigFile(file, { readFile }) : emptyConfig();
  if (inputs.kubernetesVersion) merged.kubernetesVersion = inputs.kubernetesVersion;
  const config = resolveConfig(merged, filesWithin === undefined ? {} : { filesWithin });
  return {
    config,
    failOn: inputs.failOn ?? merged.failOn ?? 'high',
    filter: inputs.filter ?? merged.filter ?? 'added',
    newOnly: inputs.newOnly ?? merged.newOnly ?? false,
    ...(file ? { configFile: file.startsWith(`${workspace}/`) ? file.slice(workspace.length + 1) : file } : {}),
  };
}

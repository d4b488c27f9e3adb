// The Action's inputs, parsed and checked without @actions/core (main.ts passes core.getInput in),
// so bad input is a clear error naming the input and the accepted values.
import { SEVERITIES } from '../../src/types.ts';
import type { FailOn } from '../../src/policy/verdict.ts';
import { FILTER_MODES, type FilterMode } from '../../src/policy/diff-filter.ts';

export interface ActionInputs {
  /** Files, folders or globs, relative to the workspace. */
  paths: string[];
  /** Config file; undefined means the default location if it exists. */
  config?: string;
  /** Unset: the config file's, else high. */
  failOn?: FailOn;
  /** Unset: the config file's, else added. */
  filter?: FilterMode;
  /** Unset: the config file's, else false. */
  newOnly?: boolean;
  comment: boolean;
  sarifFile: string;
  kubernetesVersion?: string;
  token: string;
}

export class InputError extends Error {
  override name = 'InputError';
}

export function parseActionInputs(get: (name: string) => string): ActionInputs {
  const failOn = get('fail-on').trim() ? oneOf('fail-on', get('fail-on'), [...SEVERITIES, 'none'] as const) : undefined;
  const filter = get('filter').trim() ? oneOf('filter', get('filter'), FILTER_MODES) : undefined;
  const newOnly = get('new-only').trim() ? bool('new-only', get('new-only'), false) : undefined;
  const paths = get('paths')
    .split(/\r?\n|,/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const kubernetesVersion = get('kubernetes-version').trim();
  if (kubernetesVersion && !/^v?1\.\d{1,2}$/.test(kubernetesVersion)) {
    throw new InputError(`Input "kubernetes-version" must look like 1.31, not "${kubernetesVersion}".`);
  }
  const config = get('config').trim();
  return {
    paths: paths.length > 0 ? paths : ['.'],
    ...(config ? { config } : {}),
    ...(failOn ? { failOn } : {}),
    ...(filter ? { filter } : {}),
    ...(newOnly !== undefined ? { newOnly } : {}),
    comment: bool('comment', get('comment'), true),
    sarifFile: get('sarif-file').trim() || 'plimsoll.sarif',
    ...(kubernetesVersion ? { kubernetesVersion: kubernetesVersion.replace(/^v/, '') } : {}),
    token: get('token'),
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.trim();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError(`Input "${name}" must be one of ${allowed.join(', ')}; got "${v}".`);
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts them. */
function bool(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim();
  if (v === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new InputError(`Input "${name}" must be true or false; got "${v}".`);
}

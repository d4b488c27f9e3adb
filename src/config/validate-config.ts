// Validates a config value against schema/plimsoll-config.schema.json (the published schema is the
// validator's schema: one source) and turns ajv's errors into located, human messages.
import type { ErrorObject } from 'ajv';
import configSchema from '../../schema/plimsoll-config.schema.json' with { type: 'json' };
// The schema's ajv validator compiled ahead of time (scripts/generate-config-schema.ts says why).
import { configValidator } from '../../schema/plimsoll-config.validator.js';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { suggest } from './did-you-mean.ts';
import type { PlimsollConfig } from './plimsoll-config.ts';
import type { FieldPath } from '../types.ts';

export const CONFIG_SCHEMA: Record<string, unknown> = configSchema;

/** Line and column of a path in the config's source, when the caller has the source. */
export type Locate = (path: FieldPath, at?: 'key' | 'value') => { line: number; column: number } | undefined;

export function validateConfig(value: unknown, file: string, locate?: Locate): PlimsollConfig {
  if (value === null || value === undefined) return {};
  const validate = configValidator();
  if (validate(value)) return value as PlimsollConfig;
  const problems = describeErrors(validate.errors ?? []).map(({ path, message, at }): ConfigProblem => {
    const position = locate?.(path, at);
    const where = path.length ? `${pathText(path)}: ` : '';
    return { message: `${where}${message}`, ...(position ?? {}) };
  });
  throw new ConfigError(file, problems);
}

interface Described {
  path: FieldPath;
  message: string;
  /** Point at the key (an unknown option) rather than its value. */
  at?: 'key';
}

function describeErrors(errors: readonly ErrorObject[]): Described[] {
  const out: Described[] = [];
  const consumed = new Set<ErrorObject>();
  const within = (inner: ErrorObject, outer: ErrorObject): boolean =>
    inner.instancePath === outer.instancePath || inner.instancePath.startsWith(`${outer.instancePath}/`);
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const inner = errors.filter((e) => e !== anyOf && e.schemaPath.startsWith(`${anyOf.schemaPath}/`) && within(e, anyOf));
    consumed.add(anyOf);
    for (const e of inner) consumed.add(e);
    // When the value took one branch's shape (an object with a bad key), report inside it.
    const deeper = inner.filter((e) => e.instancePath.length > anyOf.instancePath.length);
    if (deeper.length) out.push(...deeper.map(describeOne));
    else out.push({ path: pointerPath(anyOf.instancePath), message: anyOfMessage(anyOf) });
  }
  for (const error of errors) if (!consumed.has(error)) out.push(describeOne(error));
  const seen = new Set<string>();
  return out.filter((d) => {
    const key = `${pathText(d.path)}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeOne(error: ErrorObject): Described {
  const path = pointerPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { path: [...path, name], message: `unknown option "${name}".${suggest(name, known)}`, at: 'key' };
    }
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'required':
      return { path, message: `"${String(params.missingProperty)}" is required` };
    case 'type':
      return { path, message: `must be ${article(String(params.type))}` };
    case 'pattern':
      if (path.at(-1) === 'expires') return { path, message: 'must be a date written YYYY-MM-DD' };
      if (path.at(-1) === 'kubernetesVersion') return { path, message: 'must be a version such as "1.31" (quote it in YAML)' };
      return { path, message: `must match ${String(params.pattern)}` };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function anyOfMessage(error: ErrorObject): string {
  const path = pointerPath(error.instancePath);
  if (path[0] === 'rules') return 'must be a severity (critical, high, medium, low, info), "off", or {severity, params}';
  if (path[0] === 'exemptions') return 'needs at least one of rules, path, namespace, kind, name or container (besides its reason)';
  return 'must be a string or a list of strings';
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function pointerPath(pointer: string): FieldPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function pathText(path: FieldPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

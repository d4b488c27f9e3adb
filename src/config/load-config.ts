// Finds, reads and merges `.plimsoll.yml` files. `extends` names profiles and/or other config files;
// everything is merged (rules key by key, lists appended), never silently replaced.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { locatePath, walkPath } from '../parse/locate-path.ts';
import { ConfigError } from './config-error.ts';
import { suggest } from './did-you-mean.ts';
import { validateConfig, type Locate } from './validate-config.ts';
import { PROFILES, type Profile } from './build-config-schema.ts';
import type { Exemption, PlimsollConfig, RuleSetting, SourceLocation } from './plimsoll-config.ts';
import type { FieldPath } from '../types.ts';
import { readBoundedText } from '../files/read-manifest-file.ts';

/** Aliases a config may expand to, as for manifests: more is a YAML bomb. */
const MAX_ALIAS_COUNT = 100;

/** Looked for in this order: the CLI's file, then the one the Action and App read. */
export const CONFIG_FILE_NAMES = ['.plimsoll.yml', '.plimsoll.yaml', '.github/plimsoll.yml', '.github/plimsoll.yaml'];

export interface MergedConfig {
  /** Config files read, base files first. */
  files: string[];
  /** Profiles named by `extends` anywhere in the chain (empty: the default, recommended). */
  profiles: Profile[];
  failOn?: PlimsollConfig['failOn'];
  filter?: PlimsollConfig['filter'];
  newOnly?: boolean;
  kubernetesVersion?: string;
  allowAnnotationExemptions?: boolean;
  context?: PlimsollConfig['context'];
  include: string[];
  exclude: string[];
  rules: Record<string, RuleSetting>;
  /** Where each rule id was written, for "unknown rule" errors. */
  rulePositions: Record<string, SourceLocation>;
  workloadKinds: NonNullable<PlimsollConfig['workloadKinds']>;
  /** Absolute folders. */
  customRules: string[];
  /** Absolute files or folders. */
  admissionPolicies: string[];
  exemptions: Exemption[];
}

export function emptyConfig(): MergedConfig {
  return { files: [], profiles: [], include: [], exclude: [], rules: {}, rulePositions: {}, workloadKinds: [], customRules: [], admissionPolicies: [], exemptions: [] };
}

export function findConfigFile(directory: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(directory, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export interface ParsedConfig {
  file: string;
  config: PlimsollConfig;
  locate: Locate;
}

/** Parses and validates one config file's text; errors carry file:line:col. */
export function parseConfigText(text: string, file: string): ParsedConfig {
  const lineCounter = new LineCounter();
  // YAML 1.2 here (unlike manifests): `expires: 2026-01-31` stays a string, `on` stays a string.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return { message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, line, column: col };
      }),
    );
  }
  const parsedDocument = document as Parameters<typeof locatePath>[0];
  const locate: Locate = (path: FieldPath, at = 'value') => {
    if (!document.contents) return undefined;
    let offset = locatePath(parsedDocument, path).startOffset;
    if (at === 'key') {
      const steps = walkPath(parsedDocument, path);
      const key = steps.length === path.length + 1 ? (steps.at(-1)!.pair?.key as Node | undefined) : undefined;
      if (key?.range) offset = key.range[0];
    }
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    // The yaml package throws when aliases would expand past the count: a YAML bomb.
    throw new ConfigError(file, { message: `not valid YAML: more than ${MAX_ALIAS_COUNT} aliases to expand, refused (possible YAML bomb)` });
  }
  const config = validateConfig(value, file, locate);
  return { file, config, locate };
}

export interface LoadConfigOptions {
  readFile?: (path: string) => string;
}

/** Reads a config file and every file it extends, merged in order (extended first, this file last). */
export function loadConfigFile(path: string, options: LoadConfigOptions = {}): MergedConfig {
  // Like a manifest, never read past the size limit (`--config /dev/zero`).
  const read = options.readFile ?? readBoundedText;
  return loadChain(resolve(path), read, []);
}

function loadChain(path: string, read: (p: string) => string, chain: string[]): MergedConfig {
  if (chain.includes(path)) throw new ConfigError(path, { message: `extends itself through ${[...chain, path].join(' -> ')}` });
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new ConfigError(path, { message: `cannot read the config file: ${(error as Error).message}` });
  }
  const parsed = parseConfigText(text, path);
  let merged = emptyConfig();
  const entries = toList(parsed.config.extends);
  entries.forEach((entry, index) => {
    if ((PROFILES as readonly string[]).includes(entry)) {
      if (!merged.profiles.includes(entry as Profile)) merged.profiles.push(entry as Profile);
    } else if (/^\.{0,2}\/|\.ya?ml$/.test(entry)) {
      merged = mergeConfigs(merged, loadChain(resolve(dirname(path), entry), read, [...chain, path]));
    } else {
      const at = parsed.locate(typeof parsed.config.extends === 'string' ? ['extends'] : ['extends', index]);
      throw new ConfigError(path, {
        message: `extends: unknown profile "${entry}" (profiles: ${PROFILES.join(', ')}; files start with ./).${suggest(entry, PROFILES)}`,
        ...(at ?? {}),
      });
    }
  });
  return mergeConfigs(merged, fromParsed(parsed));
}

/** A config value that did not come from a file (the App's `context.config`, tests). */
export function configFromValue(value: unknown, file = '.github/plimsoll.yml'): MergedConfig {
  const config = validateConfig(value, file);
  const parsed: ParsedConfig = { file, config, locate: () => undefined };
  const merged = emptyConfig();
  for (const entry of toList(config.extends)) {
    if (!(PROFILES as readonly string[]).includes(entry)) {
      throw new ConfigError(file, { message: `extends: unknown profile "${entry}".${suggest(entry, PROFILES)}` });
    }
    if (!merged.profiles.includes(entry as Profile)) merged.profiles.push(entry as Profile);
  }
  return mergeConfigs(merged, fromParsed(parsed, false));
}

function fromParsed(parsed: ParsedConfig, resolvePaths = true): MergedConfig {
  const { config, file, locate } = parsed;
  const directory = dirname(file);
  const absolute = (p: string): string => (resolvePaths && !isAbsolute(p) ? resolve(directory, p) : p);
  const at = (path: FieldPath, where: 'key' | 'value' = 'value'): SourceLocation => ({ file, ...(locate(path, where) ?? { line: 1, column: 1 }) });
  const merged = emptyConfig();
  merged.files = [file];
  if (config.failOn !== undefined) merged.failOn = config.failOn;
  if (config.filter !== undefined) merged.filter = config.filter;
  if (config.newOnly !== undefined) merged.newOnly = config.newOnly;
  if (config.kubernetesVersion !== undefined) merged.kubernetesVersion = config.kubernetesVersion.replace(/^v/, '');
  if (config.allowAnnotationExemptions !== undefined) merged.allowAnnotationExemptions = config.allowAnnotationExemptions;
  if (config.context !== undefined) merged.context = config.context;
  merged.include = toList(config.include);
  merged.exclude = toList(config.exclude);
  merged.rules = { ...(config.rules ?? {}) };
  for (const id of Object.keys(merged.rules)) merged.rulePositions[id] = at(['rules', id], 'key');
  merged.workloadKinds = [...(config.workloadKinds ?? [])];
  merged.customRules = (config.customRules ?? []).map(absolute);
  merged.admissionPolicies = (config.admissionPolicies ?? []).map(absolute);
  merged.exemptions = (config.exemptions ?? []).map((e, i) => ({ ...e, source: at(['exemptions', i]) }));
  return merged;
}

/** `override` (the extending file) over `base`: scalars replaced, rules merged per id, lists appended. */
export function mergeConfigs(base: MergedConfig, override: MergedConfig): MergedConfig {
  const out: MergedConfig = {
    files: [...base.files, ...override.files],
    profiles: [...base.profiles, ...override.profiles.filter((p) => !base.profiles.includes(p))],
    include: [...base.include, ...override.include],
    exclude: [...base.exclude, ...override.exclude],
    rules: { ...base.rules },
    rulePositions: { ...base.rulePositions, ...override.rulePositions },
    workloadKinds: [...base.workloadKinds, ...override.workloadKinds],
    customRules: [...base.customRules, ...override.customRules],
    admissionPolicies: [...base.admissionPolicies, ...override.admissionPolicies],
    exemptions: [...base.exemptions, ...override.exemptions],
  };
  for (const [id, setting] of Object.entries(override.rules)) out.rules[id] = mergeRuleSetting(base.rules[id], setting);
  for (const key of ['failOn', 'filter', 'newOnly', 'kubernetesVersion', 'allowAnnotationExemptions', 'context'] as const) {
    const value = override[key] ?? base[key];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

function mergeRuleSetting(base: RuleSetting | undefined, override: RuleSetting): RuleSetting {
  if (typeof override === 'string' || base === undefined) return override;
  const baseObject = typeof base === 'string' ? { severity: base } : base;
  const severity = override.severity ?? baseObject.severity;
  const params = baseObject.params || override.params ? { ...baseObject.params, ...override.params } : undefined;
  return { ...(severity ? { severity } : {}), ...(params ? { params } : {}) };
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

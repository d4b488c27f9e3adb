// From a merged config to what a scan and a verdict need: the enabled rules (profiles, custom rules,
// admission policies, per-rule off/severity/params), workload kinds, exemptions and blocking policy.
// Unknown rule ids are errors with a "did you mean" hint, at the line they were written.
import { loadBuiltinRules, loadRulesFromDirectory, RuleLoadError } from '../rules/load-rules.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { INPUT_PROBLEM_RULE_LIST } from '../engine/input-problems.ts';
import { reallyWithin } from '../files/link-boundary.ts';
import type { ScanOptions } from '../engine/scan.ts';
import { parseFieldPath, type WorkloadKind } from '../model/workload-kinds.ts';
import { rulesInProfiles } from '../policy/profiles.ts';
import { EXPIRED_EXEMPTION_RULE } from '../policy/config-exemptions.ts';
import type { FailOn } from '../policy/verdict.ts';
import type { FilterMode } from '../policy/diff-filter.ts';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { suggest } from './did-you-mean.ts';
import { loadAdmissionPolicyRules } from './admission-policy-rules.ts';
import type { MergedConfig } from './load-config.ts';
import type { Exemption } from './plimsoll-config.ts';
import type { Severity } from '../types.ts';

export const DEFAULT_FAIL_ON: FailOn = 'high';

export interface ResolvedConfig {
  /** Rules the scan runs. */
  rules: CompiledRule[];
  /** Every rule known (built-in, custom, admission policies), enabled or not: for listings and SARIF. */
  knownRules: CompiledRule[];
  scanOptions: ScanOptions;
  /** Rule ids turned off (input problems included): their findings are dropped. */
  offRules: Set<string>;
  failOn: FailOn;
  filter: FilterMode;
  newOnly: boolean;
  include: string[];
  exclude: string[];
  exemptions: Exemption[];
  /** Config files read, for messages ("using .plimsoll.yml"). */
  files: string[];
}

export interface ResolveOptions {
  builtinRules?: readonly CompiledRule[];
  /** Rules loaded by the caller (the App reads custom rules through the API, not the disk). */
  extraRules?: readonly CompiledRule[];
  /**
   * The folder (a real path, linkBoundary) that the files the config names must lie in, links
   * resolved: the Action's checkout, whose config a pull request may change.
   */
  filesWithin?: string;
}

export function resolveConfig(config: MergedConfig, options: ResolveOptions = {}): ResolvedConfig {
  const configFile = config.files.at(-1) ?? '.plimsoll.yml';
  const builtin = options.builtinRules ?? loadBuiltinRules();
  const custom: CompiledRule[] = [...(options.extraRules ?? [])];
  const within = options.filesWithin;
  const outside = (what: string, path: string) =>
    new ConfigError(configFile, { message: `${what}: ${path} lies outside the checkout; only files inside it are read` });
  for (const folder of config.customRules) {
    if (within !== undefined && !reallyWithin(folder, within)) throw outside('customRules', folder);
    try {
      custom.push(...loadRulesFromDirectory(folder, within === undefined ? {} : { linksWithin: within }));
    } catch (error) {
      if (error instanceof RuleLoadError) throw new ConfigError(configFile, { message: `customRules: ${error.message}` });
      throw new ConfigError(configFile, { message: `customRules: cannot read ${folder}: ${(error as Error).message}` });
    }
  }
  for (const path of config.admissionPolicies) if (within !== undefined && !reallyWithin(path, within)) throw outside('admissionPolicies', path);
  custom.push(...loadAdmissionPolicyRules(config.admissionPolicies, within === undefined ? {} : { linksWithin: within }));
  const knownRules = [...builtin, ...custom];
  const duplicates = knownRules.filter((r, i) => knownRules.findIndex((o) => o.definition.id === r.definition.id) !== i);
  if (duplicates.length) {
    throw new ConfigError(configFile, { message: `rule id ${duplicates[0]!.definition.id} is defined twice (custom rules and admission policies must not reuse ids)` });
  }
  const knownIds = [...knownRules.map((r) => r.definition.id), ...INPUT_PROBLEM_RULE_LIST.map((r) => r.id), EXPIRED_EXEMPTION_RULE.id];
  checkRuleIds(config, knownIds, configFile);

  const severityOverrides: Record<string, Severity> = {};
  const params: Record<string, Record<string, unknown>> = {};
  const offRules = new Set<string>();
  const configured = new Set<string>();
  for (const [id, setting] of Object.entries(config.rules)) {
    const severity = typeof setting === 'string' ? setting : setting.severity;
    if (severity === 'off') offRules.add(id);
    else {
      configured.add(id);
      if (severity) severityOverrides[id] = severity;
    }
    if (typeof setting === 'object' && setting.params) params[id] = { ...setting.params };
  }
  if (config.kubernetesVersion) {
    for (const rule of knownRules) params[rule.definition.id] = { kubernetesVersion: config.kubernetesVersion, ...params[rule.definition.id] };
  }
  // Profiles pick among the built-ins; a team's own rules and policies are on because they were added;
  // a rule named in `rules:` (not off) is on whatever the profiles say.
  const inProfiles = new Set(rulesInProfiles(builtin, config.profiles));
  const rules = knownRules.filter(
    (r) => !offRules.has(r.definition.id) && (inProfiles.has(r) || custom.includes(r) || configured.has(r.definition.id)),
  );
  const workloadKinds: WorkloadKind[] = config.workloadKinds.map((w) => ({
    kind: w.kind,
    ...(w.group !== undefined ? { group: w.group } : {}),
    podSpecPath: parseFieldPath(w.podSpecPath),
  }));
  const sourceExemptions = config.allowAnnotationExemptions ?? true;
  return {
    rules,
    knownRules,
    scanOptions: {
      rules,
      workloadKinds,
      params,
      severityOverrides,
      sourceExemptions,
      ...(config.context?.completeNamespaces ? { completeNamespaces: config.context.completeNamespaces } : {}),
      ...(config.context?.defaultNamespace ? { defaultNamespace: config.context.defaultNamespace } : {}),
    },
    offRules,
    failOn: config.failOn ?? DEFAULT_FAIL_ON,
    filter: config.filter ?? 'nofilter',
    newOnly: config.newOnly ?? false,
    include: config.include,
    exclude: config.exclude,
    exemptions: config.exemptions,
    files: config.files,
  };
}

function checkRuleIds(config: MergedConfig, knownIds: readonly string[], configFile: string): void {
  const known = new Set(knownIds);
  const problems: ConfigProblem[] = [];
  for (const id of Object.keys(config.rules)) {
    if (known.has(id)) continue;
    const at = config.rulePositions[id];
    problems.push({ message: `rules: unknown rule "${id}".${suggest(id, knownIds)}`, ...(at ? { line: at.line, column: at.column } : {}) });
  }
  for (const exemption of config.exemptions) {
    for (const id of exemption.rules ?? []) {
      if (known.has(id)) continue;
      const at = exemption.source;
      problems.push({ message: `exemptions: unknown rule "${id}".${suggest(id, knownIds)}`, ...(at ? { line: at.line, column: at.column } : {}) });
    }
  }
  if (problems.length) {
    const file = config.rulePositions[Object.keys(config.rules).find((id) => !known.has(id)) ?? '']?.file ?? configFile;
    throw new ConfigError(file, problems);
  }
}

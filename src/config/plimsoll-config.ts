// The shape of `.plimsoll.yml` as validated by schema/plimsoll-config.schema.json.
import type { Severity } from '../types.ts';
import type { FailOn } from '../policy/verdict.ts';
import type { FilterMode } from '../policy/diff-filter.ts';

export type RuleSetting = Severity | 'off' | { severity?: Severity | 'off'; params?: Record<string, unknown> };

export interface ExemptionConfig {
  reason: string;
  rules?: string[];
  path?: string | string[];
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  /** YYYY-MM-DD, the last day the exemption applies. */
  expires?: string;
}

export interface PlimsollConfig {
  extends?: string | string[];
  failOn?: FailOn;
  filter?: FilterMode;
  newOnly?: boolean;
  kubernetesVersion?: string;
  include?: string | string[];
  exclude?: string | string[];
  rules?: Record<string, RuleSetting>;
  workloadKinds?: { kind: string; group?: string; podSpecPath: string }[];
  customRules?: string[];
  admissionPolicies?: string[];
  exemptions?: ExemptionConfig[];
  allowAnnotationExemptions?: boolean;
  /** Cross-object scan context (docs/cross-object-rules.md). */
  context?: ContextConfig;
}

export interface ContextConfig {
  /** Namespaces the repository defines in full ('*' for all): missing references there are findings. */
  completeNamespaces?: string[];
  /** Namespace of objects that set none (default `default`). */
  defaultNamespace?: string;
}

/** Where a config value was written, for errors and for findings about the config (expired exemptions). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Exemption extends ExemptionConfig {
  source?: SourceLocation;
}

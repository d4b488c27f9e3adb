// The rule format (design.md, "Rules are data"). One YAML file a rule in rules/; users write the same.
import type { Category, Severity } from '../types.ts';
import type { ContainerType } from '../model/subjects.ts';

export type RuleSubject = 'container' | 'pod' | 'object';

/** A patch operation, relative to the subject (or to `item` in a forEach rule). */
export type FixOperation =
  | { op: 'set'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'add-to-list'; path: string; value: unknown }
  | { op: 'remove-from-list'; path: string; value: unknown };

export interface RuleExampleFailing {
  manifest: string;
  /**
   * Cross-object rules: the manifest is the complete context of its namespaces, so a reference missing
   * from it is a failure rather than unknown (see docs/cross-object-rules.md).
   */
  completeContext?: boolean;
  /** Exact number of findings of this rule the manifest must produce (default: at least one). */
  findings?: number;
  /** The manifest after all fixes of this rule are applied, when the rule is fixable. */
  fixed?: string;
  /** Parameters this example runs with, over the rule's defaults (e.g. an older `kubernetesVersion`). */
  params?: Record<string, unknown>;
}

export interface RuleDocs {
  description: string;
  remediation?: string;
  references?: string[];
}

export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  category: Category;
  standards?: string[];
  /** Opinionated rules (digest pinning, allowed registries) only the `strict` profile turns on. */
  optional?: boolean;
  /** The same check's id in other tools, so users can migrate. */
  equivalents?: Partial<Record<'polaris' | 'kube-linter' | 'kube-score' | 'checkov' | 'trivy' | 'kubescape' | 'datree', string | string[]>>;
  subject: RuleSubject;
  /** Kinds the rule applies to (all when omitted; object rules usually name them). */
  kinds?: string[];
  /** For container rules: which container lists to check (all three by default). */
  containerTypes?: ContainerType[];
  /** A list or map (relative to the subject) whose every element is checked on its own as `item`. */
  forEach?: string;
  /** Named CEL expressions that `assert`, `message` and `fix` read by name, each worked out when first read (lazy-variables.ts). */
  variables?: Record<string, string>;
  /** CEL, true when the subject is fine. Absent exactly when `implementation` is set. */
  assert?: string;
  /**
   * `typescript`: the check is code registered under the rule's id (src/rules/code-rules/registry.ts)
   * for what CEL cannot express (cross-object matching, schema validation). The file still carries
   * the rule's metadata, docs and examples; `subject`, `kinds` and `params` keep their meaning.
   */
  implementation?: 'typescript';
  /**
   * Field path the finding points at, relative to the subject or item; `@object.`, `@podSpec.`,
   * `@podMetadata.` anchor elsewhere. A list names candidates: the first that exists in the manifest
   * wins (a container's own field, else the pod-level field it inherits), else the first.
   */
  at?: string | string[];
  /** Text with `{{ cel }}` placeholders (code rules write their own). Never put secret values in a message. */
  message?: string;
  fix?: FixOperation[];
  /** Values the rule reads as `params`, overridable in config. */
  params?: Record<string, unknown>;
  docs: RuleDocs;
  examples: { pass: string[]; fail: RuleExampleFailing[] };
}

/** JSON schema of a rule file; validated on load so a broken rule fails loudly and early. */
export const RULE_FILE_SCHEMA = {
  $id: 'https://plimsoll.dev/schemas/rule.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'severity', 'category', 'subject', 'docs', 'examples'],
  // A rule is either CEL (`assert` + `message`) or code (`implementation`), never both.
  oneOf: [
    { required: ['assert', 'message'], not: { required: ['implementation'] } },
    {
      required: ['implementation'],
      not: { anyOf: ['assert', 'variables', 'message', 'forEach', 'at', 'fix'].map((key) => ({ required: [key] })) },
    },
  ],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    title: { type: 'string', minLength: 1 },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    category: { enum: ['security', 'reliability', 'efficiency', 'hygiene', 'deprecation', 'validity'] },
    standards: { type: 'array', items: { type: 'string' } },
    optional: { type: 'boolean' },
    equivalents: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        '^(polaris|kube-linter|kube-score|checkov|trivy|kubescape|datree)$': {
          anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        },
      },
    },
    subject: { enum: ['container', 'pod', 'object'] },
    kinds: { type: 'array', items: { type: 'string' }, minItems: 1 },
    containerTypes: {
      type: 'array',
      items: { enum: ['container', 'initContainer', 'ephemeralContainer'] },
      minItems: 1,
    },
    forEach: { type: 'string', minLength: 1 },
    variables: { type: 'object', additionalProperties: { type: 'string' } },
    assert: { type: 'string', minLength: 1 },
    implementation: { enum: ['typescript'] },
    at: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
    message: { type: 'string', minLength: 1 },
    fix: {
      type: 'array',
      items: {
        type: 'object',
        required: ['op', 'path'],
        additionalProperties: false,
        properties: {
          op: { enum: ['set', 'remove', 'add-to-list', 'remove-from-list'] },
          path: { type: 'string' },
          value: {},
        },
      },
    },
    params: { type: 'object' },
    docs: {
      type: 'object',
      required: ['description'],
      additionalProperties: false,
      properties: {
        description: { type: 'string' },
        remediation: { type: 'string' },
        references: { type: 'array', items: { type: 'string' } },
      },
    },
    examples: {
      type: 'object',
      required: ['pass', 'fail'],
      additionalProperties: false,
      properties: {
        pass: { type: 'array', items: { type: 'string' }, minItems: 1 },
        fail: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['manifest'],
            additionalProperties: false,
            properties: {
              manifest: { type: 'string' },
              findings: { type: 'integer', minimum: 1 },
              completeContext: { type: 'boolean' },
              fixed: { type: 'string' },
              params: { type: 'object' },
            },
          },
        },
      },
    },
  },
} as const;

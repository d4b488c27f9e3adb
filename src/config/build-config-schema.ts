// The JSON schema of `.plimsoll.yml`, generated from the rule catalogue (one source: the rule files)
// into schema/plimsoll-config.schema.json, which editors autocomplete and the config validator uses.
// Regenerate with `npm run generate:schema` after adding a rule.
import type { RuleInfo } from '../rules/rule-catalog.ts';
import { SEVERITIES } from '../types.ts';

export const PROFILES = ['recommended', 'pss-baseline', 'pss-restricted', 'strict'] as const;
export type Profile = (typeof PROFILES)[number];

export const CONFIG_SCHEMA_ID = 'https://plimsoll.dev/schemas/plimsoll-config.schema.json';

const globList = {
  anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }],
};

export function buildConfigSchema(catalog: readonly RuleInfo[]): Record<string, unknown> {
  const severityOrOff = { enum: [...SEVERITIES, 'off'] };
  const ruleSetting = {
    description: 'Severity for this rule, "off", or {severity, params}.',
    anyOf: [
      severityOrOff,
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: severityOrOff,
          params: { type: 'object', description: 'Values the rule reads as `params`, over its defaults.' },
        },
      },
    ],
  };
  const ruleProperties = Object.fromEntries(
    catalog.map((rule) => [rule.id, { allOf: [{ $ref: '#/definitions/ruleSetting' }], description: `${rule.title} (default ${rule.severity}).` }]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'Plimsoll configuration (.plimsoll.yml, .github/plimsoll.yml)',
    definitions: { ruleSetting },
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      extends: {
        description: 'Profiles (recommended, pss-baseline, pss-restricted, strict) and/or relative paths of other config files. All are merged; this file wins where it says something.',
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', items: { type: 'string', minLength: 1 } },
        ],
        examples: [...PROFILES],
      },
      failOn: { description: 'Lowest severity that blocks (default high); none never blocks.', enum: [...SEVERITIES, 'none'] },
      filter: {
        description: 'Which findings of a pull request can block: added lines, lines in diff hunks, changed files, or all.',
        enum: ['added', 'diff_context', 'file', 'nofilter'],
      },
      newOnly: { type: 'boolean', description: 'Only findings absent from the base branch block.' },
      kubernetesVersion: {
        type: 'string',
        pattern: '^v?\\d+\\.\\d+$',
        description: 'Target Kubernetes version ("1.31"), passed to rules as params.kubernetesVersion.',
      },
      context: {
        type: 'object',
        additionalProperties: false,
        description: 'Cross-object rules: what the scan context holds (docs/cross-object-rules.md).',
        properties: {
          completeNamespaces: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description: 'Namespaces this repository defines in full ("*" for all): a missing Service, Role or ServiceAccount there is a finding, not unknown.',
          },
          defaultNamespace: { type: 'string', minLength: 1, description: 'Namespace of objects that set none (default: default).' },
        },
      },
      include: { ...globList, description: 'Globs of files to scan (default: every YAML/JSON file).' },
      exclude: { ...globList, description: 'Globs of files never scanned.' },
      rules: {
        type: 'object',
        description: 'Per-rule severity, "off", or params. Ids of custom rules and admission policies are allowed too.',
        properties: ruleProperties,
        additionalProperties: { $ref: '#/definitions/ruleSetting' },
      },
      workloadKinds: {
        type: 'array',
        description: 'Extra workload kinds (CRDs) and where their pod spec sits.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'podSpecPath'],
          properties: {
            kind: { type: 'string', minLength: 1 },
            group: { type: 'string', description: 'API group, e.g. argoproj.io (any group when omitted).' },
            podSpecPath: { type: 'string', minLength: 1, examples: ['spec.template.spec'] },
          },
        },
      },
      customRules: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Folders of rule files in the same format as the built-in rules/.',
      },
      admissionPolicies: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Files or folders of Kubernetes ValidatingAdmissionPolicy manifests, checked as rules.',
      },
      exemptions: {
        type: 'array',
        description: 'Findings that must not block, each with a reason and an optional expiry date.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          anyOf: [
            { required: ['rules'] },
            { required: ['path'] },
            { required: ['namespace'] },
            { required: ['kind'] },
            { required: ['name'] },
            { required: ['container'] },
          ],
          properties: {
            reason: { type: 'string', minLength: 1, description: 'Why the finding is acceptable (shown in reports).' },
            rules: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Rule ids (all rules when omitted).' },
            path: { ...globList, description: 'File globs.' },
            namespace: { type: 'string', minLength: 1 },
            kind: { type: 'string', minLength: 1 },
            name: { type: 'string', minLength: 1, description: 'Object name (glob).' },
            container: { type: 'string', minLength: 1 },
            expires: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description: 'Last day (YYYY-MM-DD) the exemption applies; afterwards it is reported.',
            },
          },
        },
      },
      allowAnnotationExemptions: {
        type: 'boolean',
        description: 'Honour plimsoll.dev/ignore annotations and # plimsoll-ignore comments (default true).',
      },
    },
  };
}

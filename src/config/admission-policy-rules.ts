// Kubernetes ValidatingAdmissionPolicy manifests as rules: each `validations[].expression` becomes an
// object rule, so the cluster's admission policy is checked in the pull request before it rejects a
// deploy. Scoped by `matchConstraints.resourceRules` (groups, resources, CREATE/UPDATE operations),
// `excludeResourceRules`, `objectSelector` and `matchConditions`; CEL sees `object`, `oldObject`
// (null: a manifest is a create), `params` (from the rule's config) and `variables` (each worked out
// when first read).
// Not modelled: namespaceSelector (namespace labels are not in the manifests) and authorizer checks.
import { readdirSync, statSync } from 'node:fs';
import { readBoundedText } from '../files/read-manifest-file.ts';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileExpression, type CompiledExpression } from '../rules/cel-environment.ts';
import { compileRule, type CompiledRule } from '../rules/compile-rule.ts';
import { lazyVariableMap } from '../rules/lazy-variables.ts';
import type { RuleDefinition } from '../rules/rule-definition.ts';
import { apiGroupOf } from '../model/workload-kinds.ts';
import { isJsonObject, type JsonObject } from '../model/kube-object.ts';
import { ConfigError } from './config-error.ts';
import type { Severity } from '../types.ts';

const POLICY_KIND = 'ValidatingAdmissionPolicy';
const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';
const SEVERITY_OF_ACTION: Record<string, Severity> = { Deny: 'high', Warn: 'medium', Audit: 'low' };

interface ResourceRule {
  groups: string[];
  resources: string[];
  operations: string[];
}

/** Reads every ValidatingAdmissionPolicy in the given files or folders. */
export function loadAdmissionPolicyRules(paths: readonly string[], options: { linksWithin?: string } = {}): CompiledRule[] {
  const documents: { file: string; value: unknown }[] = [];
  for (const file of paths.flatMap(expandPath)) {
    let text: string;
    try {
      text = readBoundedText(file, options);
    } catch (error) {
      throw new ConfigError(file, { message: `cannot read the admission policy file: ${(error as Error).message}` });
    }
    for (const document of parseAllDocuments(text, { prettyErrors: false })) {
      if (document.errors.length) throw new ConfigError(file, { message: `admission policy file is not valid YAML: ${document.errors[0]!.message.split('\n')[0]}` });
      let value: unknown;
      try {
        value = document.toJS({ maxAliasCount: 100 });
      } catch {
        throw new ConfigError(file, { message: 'admission policy file is not valid YAML: more than 100 aliases to expand, refused (possible YAML bomb)' });
      }
      documents.push({ file, value });
    }
  }
  return admissionPolicyRules(documents);
}

function expandPath(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new ConfigError(path, { message: 'admission policy file or folder not found' });
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /\.(ya?ml|json)$/i.test(name))
    .sort()
    .map((name) => join(path, name));
}

/** Rules from already-parsed documents (policies and, optionally, their bindings). */
export function admissionPolicyRules(documents: readonly { file: string; value: unknown }[]): CompiledRule[] {
  const actions = new Map<string, string[]>();
  for (const { value } of documents) {
    if (!isJsonObject(value) || value.kind !== BINDING_KIND || !isJsonObject(value.spec)) continue;
    const policyName = value.spec.policyName;
    const validationActions = value.spec.validationActions;
    if (typeof policyName === 'string' && Array.isArray(validationActions)) actions.set(policyName, validationActions.map(String));
  }
  const rules: CompiledRule[] = [];
  for (const { file, value } of documents) {
    if (!isJsonObject(value) || value.kind !== POLICY_KIND) continue;
    rules.push(...policyRules(value, file, actions));
  }
  return rules;
}

function policyRules(policy: JsonObject, file: string, actions: Map<string, string[]>): CompiledRule[] {
  const metadata = isJsonObject(policy.metadata) ? policy.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!name) throw new ConfigError(file, { message: 'a ValidatingAdmissionPolicy has no metadata.name' });
  const spec = isJsonObject(policy.spec) ? policy.spec : {};
  const validations = Array.isArray(spec.validations) ? spec.validations.filter(isJsonObject) : [];
  const constraints = isJsonObject(spec.matchConstraints) ? spec.matchConstraints : {};
  const include = resourceRules(constraints.resourceRules);
  const exclude = resourceRules(constraints.excludeResourceRules);
  // A policy that only guards DELETE or CONNECT never sees a manifest being applied.
  if (!include.some((r) => r.operations.some((op) => op === '*' || op === 'CREATE' || op === 'UPDATE'))) return [];
  const selector = isJsonObject(constraints.objectSelector) ? constraints.objectSelector : undefined;
  const compile = (what: string, source: unknown): CompiledExpression => {
    if (typeof source !== 'string') throw new ConfigError(file, { message: `policy ${name}: ${what} is not a string` });
    try {
      return compileExpression(source);
    } catch (error) {
      throw new ConfigError(file, { message: `policy ${name}: ${what} is not valid CEL: ${(error as Error).message.split('\n')[0]}` });
    }
  };
  const conditions = (Array.isArray(spec.matchConditions) ? spec.matchConditions.filter(isJsonObject) : []).map((c) =>
    compile(`matchCondition ${String(c.name)}`, c.expression),
  );
  const variables = (Array.isArray(spec.variables) ? spec.variables.filter(isJsonObject) : []).map(
    (v) => [String(v.name), compile(`variable ${String(v.name)}`, v.expression)] as const,
  );
  const actionList = actions.get(name) ?? ['Deny'];
  const severity = SEVERITY_OF_ACTION[actionList.find((a) => a in SEVERITY_OF_ACTION) ?? 'Deny'] ?? 'high';
  const baseId = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return validations.map((validation, index) => {
    const id = validations.length === 1 ? baseId : `${baseId}-${index + 1}`;
    const expression = validation.expression;
    const definition: RuleDefinition = {
      id,
      title: `Admission policy ${name}${validations.length === 1 ? '' : ` (validation ${index + 1})`}`,
      severity,
      category: 'validity',
      subject: 'object',
      assert: typeof expression === 'string' ? expression : 'true',
      message: 'placeholder',
      docs: {
        description: `ValidatingAdmissionPolicy ${name} from ${file}: \`${String(expression)}\`. The cluster would reject this object.`,
      },
      examples: { pass: [], fail: [] },
    };
    const assert = compile(`validations[${index}].expression`, expression);
    const messageExpression = typeof validation.messageExpression === 'string' ? compile(`validations[${index}].messageExpression`, validation.messageExpression) : undefined;
    const staticMessage = typeof validation.message === 'string' ? validation.message : `failed expression: ${String(expression)}`;
    const rule = compileRule(definition);
    rule.assert = (context) => {
      const object = context.object as JsonObject;
      if (!matchesResources(object, include, exclude) || !matchesSelector(object, selector)) return true;
      if (!conditions.every((condition) => condition(context) === true)) return true;
      return assert(context);
    };
    // `variables.<name>` is worked out when first read, as the API server does: one the validation
    // never reaches is never evaluated, so its error does not count.
    rule.variables = [
      ['oldObject', () => null],
      ['variables', (context) => lazyVariableMap(variables, context)],
    ];
    rule.message = messageExpression
      ? [{ text: `${name}: ` }, { expression: messageExpression }]
      : [{ text: `${name}: ${staticMessage}` }];
    return rule;
  });
}

function resourceRules(value: unknown): ResourceRule[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isJsonObject).map((r) => ({
    groups: Array.isArray(r.apiGroups) ? r.apiGroups.map(String) : ['*'],
    resources: Array.isArray(r.resources) ? r.resources.map(String).filter((s) => !s.includes('/')) : ['*'],
    operations: Array.isArray(r.operations) ? r.operations.map(String) : ['*'],
  }));
}

function matchesResources(object: JsonObject, include: ResourceRule[], exclude: ResourceRule[]): boolean {
  const group = apiGroupOf(String(object.apiVersion ?? ''));
  const resource = pluralOf(String(object.kind ?? ''));
  const hit = (r: ResourceRule): boolean =>
    (r.groups.includes('*') || r.groups.includes(group)) && (r.resources.includes('*') || r.resources.includes(resource));
  return include.some(hit) && !exclude.some(hit);
}

const IRREGULAR_PLURALS: Record<string, string> = { endpoints: 'endpoints' };

/** The lowercase plural resource name of a kind, as the API server names it. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (IRREGULAR_PLURALS[lower]) return IRREGULAR_PLURALS[lower];
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

function matchesSelector(object: JsonObject, selector: JsonObject | undefined): boolean {
  if (!selector) return true;
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const labels = isJsonObject(metadata.labels) ? metadata.labels : {};
  const matchLabels = isJsonObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isJsonObject) : [];
  return expressions.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = key in labels;
    switch (e.operator) {
      case 'In':
        return has && values.includes(String(labels[key]));
      case 'NotIn':
        return !has || !values.includes(String(labels[key]));
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return true;
    }
  });
}

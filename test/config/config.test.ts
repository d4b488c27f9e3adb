// Config files: the published schema is the validator's, errors are located and helpful, extends
// merges, profiles select the right rules, custom rules and admission policies load as rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import schemaFile from '../../schema/plimsoll-config.schema.json' with { type: 'json' };
import { CONFIG_SCHEMA, validateConfig } from '../../src/config/validate-config.ts';
import { configSchemaText } from '../../src/config/config-schema-text.ts';
import { configFromValue, emptyConfig, loadConfigFile, parseConfigText } from '../../src/config/load-config.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { rulesInProfiles } from '../../src/policy/profiles.ts';
import { scanSources } from '../../src/engine/scan.ts';
import { yaml } from '../helpers/scan-helpers.ts';
import { tempFolder } from '../helpers/temp-files.ts';

const folder = (files: Record<string, string>) => tempFolder(files, 'plimsoll-config-');

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function scan(text: string, resolved: ReturnType<typeof resolveConfig>) {
  return scanSources([{ path: 'm.yaml', bytes: new TextEncoder().encode(text) }], resolved.scanOptions).findings;
}

describe('published schema', () => {
  it('is the schema the validator uses', () => {
    expect(CONFIG_SCHEMA).toEqual(schemaFile);
    // A constraint only the schema file states is enforced: filter modes come from its enum.
    const modes = (schemaFile as { properties: { filter: { enum: string[] } } }).properties.filter.enum;
    for (const mode of modes) expect(() => validateConfig({ filter: mode }, 'c.yml')).not.toThrow();
    expect(() => validateConfig({ filter: 'changed' }, 'c.yml')).toThrow(/filter: must be one of "added", "diff_context", "file", "nofilter"/);
  });

  it('is up to date with the rule files (run `npm run generate:schema` after adding a rule)', () => {
    expect(readFileSync(new URL('../../schema/plimsoll-config.schema.json', import.meta.url), 'utf8')).toBe(configSchemaText());
  });

  it('lists every built-in rule for autocompletion', () => {
    const ruleIds = Object.keys((schemaFile as { properties: { rules: { properties: object } } }).properties.rules.properties);
    expect(ruleIds).toContain('run-as-non-root');
    expect(ruleIds.length).toBeGreaterThan(3);
  });
});

describe('validation errors', () => {
  it('names the file, line and column, and suggests the option meant', () => {
    const error = errorOf(() => parseConfigText('extends: recommended\nfailon: high\n', '.plimsoll.yml'));
    expect(error.message).toBe('.plimsoll.yml:2:1: failon: unknown option "failon". Did you mean "failOn"?');
  });

  it('reports every problem, each at its line', () => {
    const text = yaml`
      failOn: severe
      rules:
        run-as-non-root: hgh
      exemptions:
        - rules: [run-as-non-root]
          expires: 31/12/2026
    `;
    const error = errorOf(() => parseConfigText(text, 'c.yml'));
    expect(error.message).toContain('c.yml:1:9: failOn: must be one of "critical", "high", "medium", "low", "info", "none"');
    expect(error.message).toContain('c.yml:3:20: rules.run-as-non-root: must be a severity');
    expect(error.message).toContain('c.yml:5:5: exemptions[0]: "reason" is required');
    expect(error.message).toContain('c.yml:6:14: exemptions[0].expires: must be a date written YYYY-MM-DD');
  });

  it('says when the YAML itself is broken', () => {
    expect(errorOf(() => parseConfigText('rules: [a\n', 'c.yml')).message).toMatch(/^c\.yml:\d+:\d+: not valid YAML/);
  });

  it('refuses an alias bomb with a config error, not a crash', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const error = errorOf(() => parseConfigText(`${levels.join('\n')}\nfailOn: *a9\n`, 'c.yml'));
    expect(error.message).toBe('c.yml: not valid YAML: more than 100 aliases to expand, refused (possible YAML bomb)');
  });

  it.runIf(process.platform === 'linux')('reads a config file no further than the size limit, and says what it is not', () => {
    expect(errorOf(() => loadConfigFile('/dev/zero')).message).toBe('/dev/zero: cannot read the config file: File is over 8 MiB; files over 8 MiB are not scanned.');
    const dir = folder({});
    expect(errorOf(() => loadConfigFile(dir)).message).toBe(`${dir}: cannot read the config file: Not a file but a folder; it was not scanned.`);
  });

  it('rejects unknown rule ids with a hint, at their line', () => {
    const dir = folder({ '.plimsoll.yml': 'rules:\n  run-as-nonroot: off\nexemptions:\n  - {rules: [host-netwrk], reason: legacy}\n' });
    const error = errorOf(() => resolveConfig(loadConfigFile(join(dir, '.plimsoll.yml'))));
    expect(error.message).toContain(':2:3: rules: unknown rule "run-as-nonroot". Did you mean "run-as-non-root"?');
    expect(error.message).toContain(':4:6: exemptions: unknown rule "host-netwrk". Did you mean "host-network"?');
  });

  it('rejects an unknown profile with a hint', () => {
    expect(() => configFromValue({ extends: 'recomended' })).toThrow(/unknown profile "recomended"\. Did you mean "recommended"\?/);
  });
});

describe('profiles and rule settings', () => {
  const builtin = loadBuiltinRules();
  const ids = (profiles: Parameters<typeof rulesInProfiles>[1]) => new Set(rulesInProfiles(builtin, profiles).map((r) => r.definition.id));

  it('recommended is every rule not marked optional; strict is all', () => {
    expect(ids(['recommended']).size).toBe(builtin.filter((r) => !r.definition.optional).length);
    expect(ids(['strict']).size).toBe(builtin.length);
    expect(ids([])).toEqual(ids(['recommended']));
  });

  it('pss-restricted includes pss-baseline; both only hold tagged rules', () => {
    const baseline = ids(['pss-baseline']);
    const restricted = ids(['pss-restricted']);
    expect(baseline.size).toBeGreaterThan(0);
    for (const id of baseline) expect(restricted.has(id)).toBe(true);
    expect(restricted.has('run-as-non-root')).toBe(true);
    expect(baseline.has('run-as-non-root')).toBe(false);
    for (const rule of builtin.filter((r) => restricted.has(r.definition.id))) {
      expect(rule.definition.standards?.some((s) => s === 'pss-baseline' || s === 'pss-restricted')).toBe(true);
    }
  });

  it('merges profiles and extended files instead of replacing them', () => {
    const dir = folder({
      'base.yml': 'extends: pss-baseline\nfailOn: medium\nrules:\n  run-as-non-root: {severity: low, params: {a: 1}}\nexemptions:\n  - {path: legacy/**, reason: old}\n',
      '.plimsoll.yml': 'extends: [./base.yml, pss-restricted]\nrules:\n  run-as-non-root: {params: {b: 2}}\n  host-network: off\nexemptions:\n  - {kind: Job, reason: batch}\n',
    });
    const merged = loadConfigFile(join(dir, '.plimsoll.yml'));
    expect(merged.profiles).toEqual(['pss-baseline', 'pss-restricted']);
    expect(merged.failOn).toBe('medium');
    expect(merged.rules['run-as-non-root']).toEqual({ severity: 'low', params: { a: 1, b: 2 } });
    expect(merged.exemptions.map((e) => e.reason)).toEqual(['old', 'batch']);
    expect(merged.exemptions[0]!.source).toEqual({ file: join(dir, 'base.yml'), line: 6, column: 6 });
    const resolved = resolveConfig(merged);
    const enabled = resolved.rules.map((r) => r.definition.id);
    expect(enabled).toContain('run-as-non-root');
    expect(enabled).not.toContain('host-network');
    expect(resolved.offRules.has('host-network')).toBe(true);
    expect(resolved.scanOptions.severityOverrides).toMatchObject({ 'run-as-non-root': 'low' });
  });

  it('detects extends cycles', () => {
    const dir = folder({ 'a.yml': 'extends: ./b.yml\n', 'b.yml': 'extends: ./a.yml\n' });
    expect(() => loadConfigFile(join(dir, 'a.yml'))).toThrow(/extends itself/);
  });

  it('turns an optional rule on when it is given a severity', () => {
    const optional = loadBuiltinRules().find((r) => r.definition.optional)!;
    const resolved = resolveConfig(configFromValue({ rules: { [optional.definition.id]: 'medium' } }));
    expect(resolved.rules).toContain(optional);
    expect(resolveConfig(emptyConfig()).rules).not.toContain(optional);
  });

  it('passes kubernetesVersion and per-rule params to rules', () => {
    const dir = folder({
      'rules/replicas-param.yaml': yaml`
        id: replicas-param
        title: t
        severity: low
        category: reliability
        subject: object
        kinds: [Deployment]
        params: {min: 2}
        assert: "object.spec.?replicas.orValue(1) >= params.min && params.kubernetesVersion == '1.31'"
        message: "replicas below {{params.min}} on {{params.kubernetesVersion}}"
        docs: {description: d}
        examples: {pass: ["x"], fail: [{manifest: "x"}]}
      `,
    });
    const resolved = resolveConfig(
      configFromValue({ kubernetesVersion: 'v1.31', customRules: [join(dir, 'rules')], rules: { 'replicas-param': { params: { min: 3 } } } }),
    );
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 2}\n';
    const findings = scan(deployment, resolved).filter((f) => f.ruleId === 'replicas-param');
    expect(findings.map((f) => f.message)).toEqual(['replicas below 3 on 1.31']);
  });

  it('scans extra workload kinds declared in config', () => {
    const rollout = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata: {name: r}
      spec:
        template:
          spec:
            containers: [{name: app, image: nginx:1.27}]
    `;
    expect(scan(rollout, resolveConfig(emptyConfig())).some((f) => f.ruleId === 'run-as-non-root')).toBe(false);
    const resolved = resolveConfig(configFromValue({ workloadKinds: [{ kind: 'Rollout', group: 'argoproj.io', podSpecPath: 'spec.template.spec' }] }));
    const found = scan(rollout, resolved).find((f) => f.ruleId === 'run-as-non-root');
    expect(found?.fieldPath).toBe('spec.template.spec.containers[0].securityContext.runAsNonRoot');
  });
});

describe('ValidatingAdmissionPolicy manifests as rules', () => {
  const policy = yaml`
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingAdmissionPolicy
    metadata: {name: replica-limit.example.com}
    spec:
      failurePolicy: Fail
      matchConstraints:
        resourceRules:
          - apiGroups: [apps]
            apiVersions: [v1]
            operations: [CREATE, UPDATE]
            resources: [deployments]
      variables:
        - name: replicas
          expression: "object.spec.?replicas.orValue(1)"
      validations:
        - expression: "variables.replicas <= 5 && oldObject == null"
          messageExpression: "'replicas must be at most 5, got ' + string(variables.replicas)"
    ---
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingAdmissionPolicyBinding
    metadata: {name: replica-limit-binding}
    spec:
      policyName: replica-limit.example.com
      validationActions: [Warn]
  `;
  const dir = folder({ 'policies/replica-limit.yaml': policy });
  const resolved = resolveConfig(configFromValue({ admissionPolicies: [join(dir, 'policies')] }));

  it('checks the kinds the policy matches, with its message and the binding\u2019s action as severity', () => {
    const manifests = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: big}
      spec: {replicas: 9}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: small}
      spec: {replicas: 2}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: other}
      spec: {replicas: 9}
    `;
    const findings = scan(manifests, resolved).filter((f) => f.ruleId === 'replica-limit-example-com');
    expect(findings.map((f) => [f.object?.name, f.message, f.severity])).toEqual([
      ['big', 'replica-limit.example.com: replicas must be at most 5, got 9', 'medium'],
    ]);
  });

  it('can be turned off by its id like any rule', () => {
    const off = resolveConfig(configFromValue({ admissionPolicies: [join(dir, 'policies')], rules: { 'replica-limit-example-com': 'off' } }));
    expect(off.rules.map((r) => r.definition.id)).not.toContain('replica-limit-example-com');
  });

  it('honours matchConditions, objectSelector, excludeResourceRules and params from config', () => {
    const scoped = folder({
      'p.yaml': yaml`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: max-replicas}
        spec:
          paramKind: {apiVersion: v1, kind: ConfigMap}
          matchConstraints:
            resourceRules:
              - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
            excludeResourceRules:
              - {apiGroups: [apps], apiVersions: [v1], operations: ["*"], resources: [statefulsets]}
            objectSelector:
              matchExpressions: [{key: tier, operator: In, values: [web]}]
          matchConditions:
            - name: has-replicas
              expression: "has(object.spec) && has(object.spec.replicas)"
          validations:
            - expression: "object.spec.replicas <= params.max"
              message: too many replicas
      `,
    });
    const config = resolveConfig(configFromValue({ admissionPolicies: [join(scoped, 'p.yaml')], rules: { 'max-replicas': { params: { max: 3 } } } }));
    const object = (kind: string, name: string, tier: string, spec: string) =>
      `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}, labels: {tier: ${tier}}}\nspec: ${spec}\n`;
    const text = [
      object('Deployment', 'hit', 'web', '{replicas: 5}'),
      object('Deployment', 'fine', 'web', '{replicas: 2}'),
      object('Deployment', 'other-tier', 'db', '{replicas: 5}'),
      object('StatefulSet', 'excluded', 'web', '{replicas: 5}'),
      object('Deployment', 'no-replicas', 'web', '{paused: true}'),
    ].join('---\n');
    const findings = scan(text, config).filter((f) => f.ruleId === 'max-replicas');
    expect(findings.map((f) => [f.object?.name, f.message, f.severity])).toEqual([['hit', 'max-replicas: too many replicas', 'high']]);
  });

  it('works out a variable only when a validation reads it, as the API server does', () => {
    const lazy = folder({
      'p.yaml': yaml`
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: cpu-cap}
        spec:
          matchConstraints:
            resourceRules:
              - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
          variables:
            - name: set
              expression: "object.metadata.?annotations.?cpu.hasValue()"
            - name: cpu
              expression: "quantity(object.metadata.annotations.cpu)"
            - name: capped
              expression: "variables.cpu.isLessThan(quantity('2'))"
          validations:
            - expression: "!variables.set || variables.capped"
              message: cpu over the cap
      `,
    });
    const config = resolveConfig(configFromValue({ admissionPolicies: [join(lazy, 'p.yaml')] }));
    const pod = (name: string, annotations: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, annotations: {${annotations}}}\nspec: {containers: [{name: a, image: a:1}]}\n`;
    const text = [pod('none', ''), pod('low', 'cpu: 500m'), pod('high', 'cpu: "4"'), pod('broken', 'cpu: lots')].join('---\n');
    const findings = scan(text, config).filter((f) => f.ruleId === 'cpu-cap' || f.ruleId === 'rule-error');
    // `none` never evaluates `cpu` (whose quantity() would fail without the annotation); `broken` does.
    expect(findings.map((f) => [f.ruleId, f.object?.name])).toEqual([
      ['cpu-cap', 'high'],
      ['rule-error', 'broken'],
    ]);
    expect(findings[1]!.message).toContain('not a Kubernetes quantity');
  });

  it('refuses an alias bomb in a policy file, and a custom rule file past the size limit, as config errors', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const bomb = folder({ 'p.yaml': `${levels.join('\n')}\nkind: *a9\n` });
    const error = errorOf(() => resolveConfig(configFromValue({ admissionPolicies: [join(bomb, 'p.yaml')] })));
    expect(error.message).toBe(`${join(bomb, 'p.yaml')}: admission policy file is not valid YAML: more than 100 aliases to expand, refused (possible YAML bomb)`);
    const big = folder({ 'rules/huge.yaml': `# ${'x'.repeat(8 * 1024 * 1024)}\n` });
    expect(errorOf(() => resolveConfig(configFromValue({ customRules: [join(big, 'rules')] }))).message).toMatch(/cannot read .*rules: File is 8\.0 MiB; files over 8 MiB are not scanned\.$/);
  });

  it('reports an invalid expression as a config error naming the policy', () => {
    const bad = folder({ 'p.yaml': policy.replace('variables.replicas <= 5', 'variables.replicas <=') });
    expect(() => resolveConfig(configFromValue({ admissionPolicies: [join(bad, 'p.yaml')] }))).toThrow(/policy replica-limit\.example\.com: validations\[0\]\.expression is not valid CEL/);
  });
});

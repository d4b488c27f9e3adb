// Fix operations as text edits: exact expected output for each YAML shape a fix meets.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileRule } from '../../src/rules/compile-rule.ts';
import type { FixOperation, RuleDefinition } from '../../src/rules/rule-definition.ts';
import { fixText } from '../../src/fix/fix-file-text.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { scanYaml, yaml } from '../helpers/scan-helpers.ts';

function rule(id: string, subject: RuleDefinition['subject'], assert: string, fix: FixOperation[], extra: Partial<RuleDefinition> = {}) {
  return compileRule({
    id,
    title: id,
    severity: 'high',
    category: 'security',
    subject,
    assert,
    message: `${id} fails`,
    fix,
    docs: { description: id },
    examples: { pass: [], fail: [] },
    ...extra,
  });
}

const nonRoot = rule('non-root', 'container', 'container.?securityContext.?runAsNonRoot.orValue(false) == true', [
  { op: 'set', path: 'securityContext.runAsNonRoot', value: true },
]);
const noEscalation = rule('no-escalation', 'container', 'container.?securityContext.?allowPrivilegeEscalation.orValue(true) == false', [
  { op: 'set', path: 'securityContext.allowPrivilegeEscalation', value: false },
]);
const dropAll = rule('drop-all', 'container', "container.?securityContext.?capabilities.?drop.orValue([]).exists(c, c == 'ALL')", [
  { op: 'add-to-list', path: 'securityContext.capabilities.drop', value: 'ALL' },
]);
const noSysAdmin = rule('no-sys-admin', 'container', "!container.?securityContext.?capabilities.?add.orValue([]).exists(c, c == 'SYS_ADMIN')", [
  { op: 'remove-from-list', path: 'securityContext.capabilities.add', value: 'SYS_ADMIN' },
]);
const notPrivileged = rule('not-privileged', 'container', 'container.?securityContext.?privileged.orValue(false) == false', [
  { op: 'remove', path: 'securityContext.privileged' },
]);
const noHostNetwork = rule('no-host-network', 'pod', 'podSpec.?hostNetwork.orValue(false) == false', [
  { op: 'remove', path: 'hostNetwork' },
]);
const seccompPod = rule('seccomp', 'container', "podSpec.?securityContext.?seccompProfile.?type.orValue('') == 'RuntimeDefault'", [
  { op: 'set', path: '@podSpec.securityContext.seccompProfile', value: { type: 'RuntimeDefault' } },
]);
const team = rule('team-label', 'object', "object.metadata.?labels.?team.hasValue()", [
  { op: 'set', path: '@object.metadata.labels.team', value: 'yes' },
]);

function fix(text: string, rules: ReturnType<typeof rule>[]) {
  const options = resolveScanTextOptions({ rules });
  const result = fixText('f.yaml', text, options);
  const after = scanYaml(result.text, { rules });
  expect(after.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  return result;
}

describe('set', () => {
  it('adds a key to an existing block map with its siblings\u2019 indentation, keeping comments', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
            - name: app   # the app
              image: nginx # pinned later
              securityContext:
                  runAsUser: 1000  # uid
    `;
    expect(fix(text, [nonRoot]).text).toBe(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
            - name: app   # the app
              image: nginx # pinned later
              securityContext:
                  runAsUser: 1000  # uid
                  runAsNonRoot: true
    `);
  });

  it('creates missing parent maps using the file\u2019s indentation step', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n    -   name: app\n        image: nginx\n';
    const out = fix(text, [nonRoot]).text;
    expect(out).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n    -   name: app\n        image: nginx\n        securityContext:\n            runAsNonRoot: true\n',
    );
  });

  it('adds to a flow map, and to an empty flow map', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - {name: a, image: x, securityContext: {runAsUser: 1}}
          - {name: b, image: y, securityContext: {}}
    `;
    expect(fix(text, [nonRoot]).text).toBe(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - {name: a, image: x, securityContext: {runAsUser: 1, runAsNonRoot: true}}
          - {name: b, image: y, securityContext: {runAsNonRoot: true}}
    `);
  });

  it('replaces an existing scalar in place, whatever its quoting', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx
            securityContext:
              runAsNonRoot: "false" # was a string
    `;
    expect(fix(text, [nonRoot]).text).toContain('runAsNonRoot: true # was a string\n');
  });

  it('fills a key that has no value', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    securityContext:\n';
    expect(fix(text, [nonRoot]).text).toBe(`${text}      runAsNonRoot: true\n`);
  });

  it('gives a value to a leaf key written without one (`allowPrivilegeEscalation:`)', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    securityContext:\n      allowPrivilegeEscalation: # unset\n';
    expect(fix(text, [noEscalation]).text).toBe(text.replace('allowPrivilegeEscalation: # unset', 'allowPrivilegeEscalation: false # unset'));
  });

  it('keeps Windows line endings in the lines it adds', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: nginx\r\n';
    expect(fix(text, [nonRoot]).text).toBe(`${text}    securityContext:\r\n      runAsNonRoot: true\r\n`);
  });

  it('keeps a file without a final newline without one', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx';
    expect(fix(text, [nonRoot]).text).toBe(`${text}\n    securityContext:\n      runAsNonRoot: true`);
  });

  it('anchors at the pod spec and object; merges two fixes into one new map over passes', () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
              - name: app
                image: nginx
              - name: sidecar
                image: envoy
    `;
    const result = fix(text, [seccompPod, team, nonRoot, noEscalation]);
    const value = parse(result.text);
    expect(value.metadata.labels).toEqual({ team: 'yes' });
    expect(value.spec.template.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of value.spec.template.spec.containers) {
      expect(c.securityContext).toEqual({ runAsNonRoot: true, allowPrivilegeEscalation: false });
    }
    expect(result.introduced).toEqual([]);
    expect(result.unfixed).toEqual([]);
    expect(result.passes).toBeGreaterThan(1);
  });

  it('quotes strings YAML 1.1 would read as something else', () => {
    const yes = rule('label-yes', 'object', "object.metadata.?labels.?flag.orValue('') == 'on'", [
      { op: 'set', path: 'metadata.labels.flag', value: 'on' },
    ]);
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    const out = fix(text, [yes]).text;
    expect(out).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    flag: "on"\n');
  });
});

describe('remove', () => {
  it('removes whole lines of a block pair, and the pair of a flow map', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        hostNetwork: true   # needed?
        containers:
          - name: app
            image: nginx
            securityContext:
              privileged: true
              runAsUser: 1
          - {name: b, image: y, securityContext: {privileged: true, runAsUser: 2}}
    `;
    expect(fix(text, [notPrivileged, noHostNetwork]).text).toBe(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx
            securityContext:
              runAsUser: 1
          - {name: b, image: y, securityContext: {runAsUser: 2}}
    `);
  });

  it('leaves an empty map rather than a null when the last key goes', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx
            securityContext:
              privileged: true
    `;
    const out = fix(text, [notPrivileged]).text;
    expect(out).toContain('    securityContext: {}\n');
    expect(parse(out).spec.containers[0].securityContext).toEqual({});
  });

  it('moves the next key up when the first key of a list item goes', () => {
    const byName = rule('no-name', 'container', '!has(container.name)', [{ op: 'remove', path: 'name' }]);
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
    expect(fix(text, [byName]).text).toBe('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - image: nginx\n');
  });
});

describe('forEach items', () => {
  it('removes the failing item itself with an empty path, and only that one', () => {
    const noDebug = rule('no-debug-env', 'container', "item.name != 'DEBUG'", [{ op: 'remove', path: '' }], { forEach: 'env' });
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: app
            image: nginx
            env:
              - name: MODE   # keep
                value: prod
              - name: DEBUG
                value: "1"
              - {name: LEVEL, value: "3"}
    `;
    const expected = text.replace(/ +- name: DEBUG\n +value: "1"\n/, '');
    expect(expected).not.toBe(text);
    expect(fix(text, [noDebug]).text).toBe(expected);
  });
});

describe('lists', () => {
  it('appends to block and flow lists, and creates a missing list', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: a
            image: x
            securityContext:
              capabilities:
                drop:
                - NET_RAW   # first
          - name: b
            image: y
            securityContext: {capabilities: {drop: [NET_RAW]}}
          - name: c
            image: z
    `;
    const out = fix(text, [dropAll]).text;
    expect(out).toBe(yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: a
            image: x
            securityContext:
              capabilities:
                drop:
                - NET_RAW   # first
                - ALL
          - name: b
            image: y
            securityContext: {capabilities: {drop: [NET_RAW, ALL]}}
          - name: c
            image: z
            securityContext:
              capabilities:
                drop:
                  - ALL
    `);
  });

  it('removes every equal element, and leaves [] when none is left', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: a
            image: x
            securityContext:
              capabilities:
                add:
                  - SYS_ADMIN
                  - NET_ADMIN # keep
                  - SYS_ADMIN
          - name: b
            image: y
            securityContext:
              capabilities:
                add: [SYS_ADMIN]
    `;
    const out = fix(text, [noSysAdmin]).text;
    expect(out).toContain('          add:\n            - NET_ADMIN # keep\n    - name: b');
    expect(out).toContain('add: []');
  });
});

describe('safety', () => {
  it('does not fix through a YAML anchor that other places share', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
          - name: a
            image: x
            securityContext: &sc
              runAsUser: 1
          - name: b
            image: y
            securityContext: *sc
    `;
    const scan = scanYaml(text, { rules: [nonRoot] });
    expect(scan.findings).toHaveLength(2);
    expect(scan.findings.every((f) => f.fix === undefined)).toBe(true);
  });

  it('only fixes failing subjects, and never reorders documents', () => {
    const text = yaml`
      # first
      apiVersion: v1
      kind: Pod
      metadata: {name: b}
      spec:
        containers: [{name: ok, image: x, securityContext: {runAsNonRoot: true}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: a}
      spec:
        containers: [{name: bad, image: x}]
    `;
    const scan = scanYaml(text, { rules: [nonRoot] });
    expect(scan.findings.map((f) => f.container)).toEqual(['bad']);
    const out = fix(text, [nonRoot]).text;
    const [head, tail] = out.split('---\n');
    expect(head).toBe(text.split('---\n')[0]);
    expect(tail).toContain('containers: [{name: bad, image: x, securityContext: {runAsNonRoot: true}}]');
  });

  it('--rule style filtering fixes only the named rules', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: nginx\n';
    const result = fixText('f.yaml', text, resolveScanTextOptions({ rules: [nonRoot, noEscalation] }), { ruleIds: new Set(['no-escalation']) });
    expect(result.text).toContain('allowPrivilegeEscalation: false');
    expect(result.text).not.toContain('runAsNonRoot');
    expect(result.fixed.map((f) => f.ruleId)).toEqual(['no-escalation']);
  });
});

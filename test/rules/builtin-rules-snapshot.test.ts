// The built-in rules snapshot the bundles carry (src/rules/builtin-rules-snapshot.ts): the rules it
// gives must be the rules the files give, and it must step aside when the files are not the ones it
// was made from.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { builtinRulesDirectory, builtinRulesSnapshotText, loadRuleFiles, parseRuleDefinition, readRuleFiles, RuleLoadError } from '../../src/rules/load-rules.ts';
import { embeddedBuiltinRulesSnapshot, fingerprintRuleFiles, snapshotText, type BuiltinRulesSnapshot } from '../../src/rules/builtin-rules-snapshot.ts';
import { celFastPathCounts } from '../../src/rules/cel-environment.ts';
import { scanSources } from '../../src/engine/scan.ts';
import { builtinRule } from '../helpers/scan-helpers.ts';

const builtinDirectory = builtinRulesDirectory();
const builtinFiles = readRuleFiles(builtinDirectory);
const snapshot = JSON.parse(builtinRulesSnapshotText()) as BuiltinRulesSnapshot;

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-snapshot-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every example manifest of every built-in rule, as one corpus. */
const exampleSources = snapshot.definitions.flatMap((definition) =>
  [...definition.examples.pass, ...definition.examples.fail.map((example) => example.manifest)].map((text, i) => ({
    path: `${definition.id}/example-${i}.yaml`,
    bytes: new TextEncoder().encode(text),
  })),
);

describe('built-in rules snapshot', () => {
  it('holds the definitions the rule files parse to, fingerprinted by their bytes', () => {
    expect(snapshot.fingerprint).toBe(fingerprintRuleFiles(builtinFiles));
    const parsed = loadRuleFiles(builtinDirectory, builtinFiles).map((rule) => rule.definition);
    expect(snapshot.definitions).toEqual(parsed);
    expect(snapshot.definitions.length).toBeGreaterThan(100);
  });

  it('gives rules that find exactly what the parsed rules find on every rule example', () => {
    const fromFiles = loadRuleFiles(builtinDirectory, builtinFiles);
    const fromSnapshot = loadRuleFiles(builtinDirectory, builtinFiles, snapshot);
    const scan = (rules: typeof fromFiles) => scanSources(exampleSources, { rules }).findings;
    const expected = scan(fromFiles);
    expect(expected.length).toBeGreaterThan(500);
    expect(scan(fromSnapshot)).toEqual(expected);
  });

  it('compiles CEL on first use only, and only from a snapshot', () => {
    const assert = 'object.metadata.name != "snapshot-lazy-test"';
    const definition = { ...builtinRule('run-as-non-root').definition, id: 'lazy-rule', subject: 'object', kinds: ['ConfigMap'], assert, at: 'metadata.name', variables: undefined, containerTypes: undefined, forEach: undefined, fix: undefined, message: 'named {{ object.metadata.name }}' };
    const dir = ruleDir({ 'lazy.yaml': stringify(definition) });
    const files = readRuleFiles(dir);
    // Made by hand: builtinRulesSnapshotText would compile the rule, as the build does.
    const lazySnapshot = JSON.parse(snapshotText(files, [parseRuleDefinition(files[0]!.text, 'lazy.yaml')])) as BuiltinRulesSnapshot;
    const compiled = () => celFastPathCounts().some((count) => count.source === assert);
    const rules = loadRuleFiles(dir, files, lazySnapshot);
    expect(compiled()).toBe(false);
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: snapshot-lazy-test, namespace: a}\n';
    expect(scanSources([{ path: 'cm.yaml', bytes: new TextEncoder().encode(text) }], { rules }).findings.map((f) => f.message)).toEqual(['named snapshot-lazy-test']);
    expect(compiled()).toBe(true);
  });

  it('is ignored when a rule file changed after the build, so the edit takes effect', () => {
    const edited = builtinFiles.map((file) => (file.name === 'run-as-non-root.yaml' ? { ...file, text: file.text.replace(/^title: .*$/m, 'title: Edited after the build') } : file));
    const rules = loadRuleFiles(builtinDirectory, edited, snapshot);
    expect(rules.find((rule) => rule.definition.id === 'run-as-non-root')!.definition.title).toBe('Edited after the build');
  });

  it('is ignored when a rule file was added or removed', () => {
    const fewer = builtinFiles.slice(1);
    expect(loadRuleFiles(builtinDirectory, fewer, snapshot).map((rule) => rule.definition.id)).toEqual(snapshot.definitions.slice(1).map((d) => d.id));
    const broken = [...builtinFiles, { name: 'zz-broken.yaml', text: 'id: [' }];
    expect(() => loadRuleFiles(builtinDirectory, broken, snapshot)).toThrow(/zz-broken\.yaml.*not valid YAML/);
  });

  it('is not made from rules that do not compile, or that JSON cannot hold', () => {
    const valid = builtinRule('run-as-non-root').definition;
    expect(() => builtinRulesSnapshotText(ruleDir({ 'cel.yaml': stringify({ ...valid, id: 'broken-cel', assert: 'container.name ==' }) }))).toThrow(RuleLoadError);
    const infinite = ruleDir({ 'inf.yaml': `${stringify({ ...valid, id: 'infinite' })}params:\n  limit: .inf\n` });
    expect(() => builtinRulesSnapshotText(infinite)).toThrow(/JSON round trip/);
  });

  it('is not embedded when running from source', () => {
    expect(embeddedBuiltinRulesSnapshot()).toBeUndefined();
  });
});

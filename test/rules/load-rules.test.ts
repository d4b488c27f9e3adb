import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { builtinRulesDirectory, loadRulesFromDirectory, RuleLoadError } from '../../src/rules/load-rules.ts';
import { fastLoadValue, plainScalarResolver } from '../../src/parse/fast-parse.ts';
import { builtinRule } from '../helpers/scan-helpers.ts';

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const valid = builtinRule('run-as-non-root').definition;

describe('loadRulesFromDirectory', () => {
  it('loads valid rule files', () => {
    const dir = ruleDir({ 'a.yaml': stringify({ ...valid, id: 'team-rule' }) });
    expect(loadRulesFromDirectory(dir).map((r) => r.definition.id)).toEqual(['team-rule']);
  });

  it('names the file and the schema problem', () => {
    const dir = ruleDir({ 'bad.yaml': stringify({ ...valid, severity: 'urgent' }) });
    expect(() => loadRulesFromDirectory(dir)).toThrow(RuleLoadError);
    expect(() => loadRulesFromDirectory(dir)).toThrow(/bad\.yaml.*severity/);
  });

  it('names the rule when its CEL does not compile', () => {
    const dir = ruleDir({ 'cel.yaml': stringify({ ...valid, id: 'broken-cel', assert: 'container.name ==' }) });
    expect(() => loadRulesFromDirectory(dir)).toThrow(/broken-cel: assert is not valid CEL/);
  });

  it('reports YAML syntax errors with a position', () => {
    const dir = ruleDir({ 'syntax.yaml': 'id: x\n  bad: : indent\n' });
    expect(() => loadRulesFromDirectory(dir)).toThrow(/syntax\.yaml: \d+:\d+: not valid YAML/);
  });

  it('refuses two rules with one id', () => {
    const dir = ruleDir({ 'a.yaml': stringify(valid), 'b.yaml': stringify(valid) });
    expect(() => loadRulesFromDirectory(dir)).toThrow(/also defined in a\.yaml/);
  });
});

describe('reading rule files quickly', () => {
  const resolvePlain = plainScalarResolver((tags) => tags, 'core');
  const files = readdirSync(builtinRulesDirectory()).filter((name) => name.endsWith('.yaml'));

  it.each(files)('%s reads the same with js-yaml as with the yaml package', (name) => {
    const text = readFileSync(join(builtinRulesDirectory(), name), 'utf8');
    const fast = fastLoadValue(text, resolvePlain);
    expect(fast, 'the fast reader declined a built-in rule').toBeDefined();
    expect(fast!.value).toEqual(parse(text));
  });

  it('reads core-schema scalars as the yaml package does, and leaves what differs to it', () => {
    const text = 'a: yes\nb: 0o17\nc: 017\nd: .inf\ne: ~\nf: 1_000\ng: "x"\nh: 2024-01-01\n';
    expect(fastLoadValue(text, resolvePlain)!.value).toEqual(parse(text));
    expect(fastLoadValue('a: "x"#y\n', resolvePlain)).toBeUndefined();
    expect(fastLoadValue('a: 1\na: 2\n', resolvePlain)).toBeUndefined();
    // An anchor run into a flow collection is an error to the yaml package, which js-yaml reads.
    expect(fastLoadValue('a: &x[1]\n', resolvePlain)).toBeUndefined();
  });
});

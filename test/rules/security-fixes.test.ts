// The fixable security rules' `fixed` examples: applying every fix of the rule to the failing
// manifest gives the fixed manifest (compared as parsed YAML) and leaves no finding of the rule.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { builtinRule } from '../helpers/scan-helpers.ts';
import { resolveScanTextOptions } from '../../src/engine/scan.ts';
import { fixText } from '../../src/fix/fix-file-text.ts';

const FIXABLE = ['read-only-root-filesystem', 'automount-service-account-token', 'writable-host-path'];
const parsed = (text: string) => parseAllDocuments(text).map((d) => d.toJS());

describe.each(FIXABLE)('%s', (id) => {
  const rule = builtinRule(id);
  const examples = rule.definition.examples.fail.filter((e) => e.fixed !== undefined);

  it('has a fix and fixed examples', () => {
    expect(rule.definition.fix?.length).toBeGreaterThan(0);
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e, i) => [i, e] as const))('fixed example %i matches', (_i, example) => {
    const result = fixText('test.yaml', example.manifest, resolveScanTextOptions({ rules: [rule] }));
    expect(parsed(result.text)).toEqual(parsed(example.fixed!));
    expect(result.fixed).toHaveLength(example.findings ?? result.fixed.length);
    expect(result.unfixed).toEqual([]);
    expect(result.introduced).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import Ajv4Module from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { buildSarifLog, FINGERPRINT_KEY, formatSarifChunks } from '../../src/report/format-sarif.ts';
import { ruleCatalog } from '../../src/rules/rule-catalog.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { scanYaml, yaml } from '../helpers/scan-helpers.ts';

// The official SARIF 2.1.0 schema, as shipped by Microsoft's @microsoft/jest-sarif package.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
// The schema has one pattern that is only valid outside unicode mode.
const ajv = new Ajv4Module.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

const manifest = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec:
    template:
      spec:
        containers:
          - name: app
            image: nginx
  ---
  broken: [
`;

describe('SARIF report', () => {
  const scan = scanYaml(manifest, {}, 'deploy/web.yaml');
  const findings = [...scan.findings, { ...scan.findings[0]!, fingerprint: 'f'.repeat(32), suppressed: { kind: 'annotation' as const, reason: 'accepted risk' } }];
  const log = buildSarifLog(findings, ruleCatalog(loadBuiltinRules()), '0.1.0');

  it('is written in chunks that add up to exactly the whole log', () => {
    const catalog = ruleCatalog(loadBuiltinRules());
    for (const subset of [findings, findings.slice(0, 1), []]) {
      const chunks = [...formatSarifChunks(subset, catalog, '0.1.0')];
      expect(chunks.length).toBe(subset.length === 0 ? 1 : subset.length + 2);
      expect(chunks.join('')).toBe(`${JSON.stringify(buildSarifLog(subset, catalog, '0.1.0'), null, 2)}\n`);
    }
  });

  it('is valid against the official SARIF 2.1.0 schema', () => {
    const valid = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes every rule and points results at them', () => {
    const run = log.runs[0]!;
    const ids = run.tool.driver.rules!.map((r) => r.id);
    expect(ids).toContain('run-as-non-root');
    expect(ids).toContain('parse-error');
    for (const result of run.results!) expect(ids[result.ruleIndex!]).toBe(result.ruleId);
  });

  it('carries regions, partial fingerprints and suppressions', () => {
    const results = log.runs[0]!.results!;
    const finding = findings[0]!;
    expect(results[0]!.locations![0]!.physicalLocation!.region).toMatchObject({
      startLine: finding.range.start.line,
      startColumn: finding.range.start.column,
    });
    expect(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('deploy/web.yaml');
    expect(results[0]!.partialFingerprints).toEqual({ [FINGERPRINT_KEY]: finding.fingerprint });
    expect(results.at(-1)!.suppressions).toEqual([{ kind: 'inSource', justification: 'accepted risk' }]);
    expect(results.some((r) => r.ruleId === 'parse-error')).toBe(true);
  });

  it('gives security rules a security-severity for code scanning', () => {
    const rule = log.runs[0]!.tool.driver.rules!.find((r) => r.id === 'run-as-non-root')!;
    expect(rule.properties?.['security-severity']).toBe('8.0');
  });
});

// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { describeObject, type Finding, type Severity } from '../types.ts';
import type { RuleInfo } from '../rules/rule-catalog.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security alerts by this CVSS-like score (a string, 0.0-10.0). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export const FINGERPRINT_KEY = 'plimsoll/v1';

export function formatSarif(findings: readonly Finding[], catalog: readonly RuleInfo[], toolVersion: string): string {
  return [...formatSarifChunks(findings, catalog, toolVersion)].join('');
}

/** Where `JSON.stringify(log, null, 2)` puts each result: inside runs[0].results, four levels deep. */
const RESULT_INDENT = ' '.repeat(8);
const RESULTS_PLACEHOLDER = '__plimsoll_results__';

/**
 * The same text as formatSarif, a result at a time, so a scan with many thousands of findings is
 * written without holding the whole log (objects and one huge string) in memory.
 */
export function* formatSarifChunks(findings: readonly Finding[], catalog: readonly RuleInfo[], toolVersion: string): Generator<string> {
  const log = buildSarifLog([], catalog, toolVersion);
  if (findings.length === 0) {
    yield `${JSON.stringify(log, null, 2)}\n`;
    return;
  }
  (log.runs[0] as unknown as { results: string }).results = RESULTS_PLACEHOLDER;
  const [head, tail] = JSON.stringify(log, null, 2).split(`"${RESULTS_PLACEHOLDER}"`) as [string, string];
  yield `${head}[\n`;
  const ruleIndex = new Map(catalog.map((rule, index) => [rule.id, index]));
  for (const [i, finding] of findings.entries()) {
    const text = JSON.stringify(toResult(finding, ruleIndex.get(finding.ruleId)), null, 2).replaceAll('\n', `\n${RESULT_INDENT}`);
    yield `${RESULT_INDENT}${text}${i === findings.length - 1 ? '\n' : ',\n'}`;
  }
  yield `${RESULT_INDENT.slice(2)}]${tail}\n`;
}

export function buildSarifLog(findings: readonly Finding[], catalog: readonly RuleInfo[], toolVersion: string): Log {
  const ruleIndex = new Map(catalog.map((rule, index) => [rule.id, index]));
  const rules: ReportingDescriptor[] = catalog.map(toDescriptor);
  const results: Result[] = findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId)));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Plimsoll',
            semanticVersion: toolVersion,
            informationUri: 'https://github.com/plimsoll-dev/plimsoll',
            rules,
          },
        },
        results,
      },
    ],
  };
}

function toDescriptor(rule: RuleInfo): ReportingDescriptor {
  const help = [rule.description, rule.remediation ? `\n\n**Fix:** ${rule.remediation}` : '', ...rule.references.map((r, i) => `${i === 0 ? '\n\n' : '\n'}- ${r}`)].join('');
  const descriptor: ReportingDescriptor = {
    id: rule.id,
    name: toPascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: help, markdown: help },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: [rule.category, ...rule.standards],
      precision: 'high',
      'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
      ...(rule.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
    },
  };
  if (rule.references[0]) descriptor.helpUri = rule.references[0];
  return descriptor;
}

function toResult(finding: Finding, ruleIndex: number | undefined): Result {
  const result: Result = {
    ruleId: finding.ruleId,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.range.start.line,
            startColumn: finding.range.start.column,
            endLine: finding.range.end.line,
            endColumn: Math.max(finding.range.end.column, finding.range.start.column + (finding.range.end.line === finding.range.start.line ? 1 : 0)),
          },
        },
        ...(finding.object
          ? {
              logicalLocations: [
                {
                  fullyQualifiedName: `${describeObject(finding.object)}${finding.fieldPath ? `:${finding.fieldPath}` : ''}`,
                  kind: 'object',
                },
              ],
            }
          : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      severity: finding.severity,
      fieldPath: finding.fieldPath,
      ...(finding.object ? { object: finding.object } : {}),
      ...(finding.container ? { container: finding.container } : {}),
    },
  };
  if (ruleIndex !== undefined) result.ruleIndex = ruleIndex;
  if (finding.suppressed) {
    result.suppressions = [
      {
        kind: finding.suppressed.kind === 'config' ? 'external' : 'inSource',
        justification: finding.suppressed.reason,
      },
    ];
  }
  return result;
}

function toPascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

// Scans one hostile input the way the CLI does and lists every broken promise as a readable line,
// so a fuzz test can check hundreds of inputs and report all failures at once (with the input's label).
import { scanSources, type ScanResult } from '../../src/engine/scan.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { ruleCatalog } from '../../src/rules/rule-catalog.ts';
import { formatJson } from '../../src/report/format-json.ts';
import { formatSarif } from '../../src/report/format-sarif.ts';
import { SEVERITIES, type Finding } from '../../src/types.ts';

const rules = loadBuiltinRules();
const catalog = ruleCatalog(rules);
const knownRuleIds = new Set(catalog.map((rule) => rule.id));

export interface HostileScan {
  /** Undefined when the scan threw (the throw is in `violations`). */
  result?: ScanResult;
  /** The text the scanner read (what scanBytes decodes), when the bytes are valid UTF-8. */
  text?: string;
  json: string;
  sarif: string;
  violations: string[];
}

export function scanHostile(label: string, file: string, bytes: Uint8Array): HostileScan {
  const violations: string[] = [];
  const out: HostileScan = { json: '', sarif: '', violations };
  try {
    // scanSources is scanBytes per file plus the cross-object phase: the path every front end takes.
    out.result = scanSources([{ path: file, bytes }], { rules });
  } catch (error) {
    violations.push(`${label}: scan threw ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return out;
  }
  try {
    out.text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not text: the scanner must have said so with a finding at 1:1, which the checks below cover.
  }
  const lines = out.text?.split('\n');
  for (const finding of out.result.findings) {
    for (const problem of findingProblems(finding, file, out.text, lines)) violations.push(`${label}: ${finding.ruleId} ${problem}`);
  }
  try {
    out.json = formatJson(out.result.findings, { files: out.result.files, objects: out.result.objects }, 'fuzz');
    JSON.parse(out.json);
  } catch (error) {
    violations.push(`${label}: JSON report failed: ${String(error)}`);
  }
  try {
    out.sarif = formatSarif(out.result.findings, catalog, 'fuzz');
    const results = (JSON.parse(out.sarif) as { runs: { results: unknown[] }[] }).runs[0]?.results ?? [];
    if (results.length !== out.result.findings.length) violations.push(`${label}: SARIF has ${results.length} results for ${out.result.findings.length} findings`);
  } catch (error) {
    violations.push(`${label}: SARIF report failed: ${String(error)}`);
  }
  return out;
}

/** What is wrong with one finding: a position editors cannot show, an empty field, an unknown rule. */
function findingProblems(finding: Finding, file: string, text: string | undefined, lines: string[] | undefined): string[] {
  const problems: string[] = [];
  const { start, end, startOffset, endOffset } = finding.range;
  if (!knownRuleIds.has(finding.ruleId)) problems.push('has a rule id missing from the rule catalog');
  if (!SEVERITIES.includes(finding.severity)) problems.push(`has severity ${String(finding.severity)}`);
  if (typeof finding.message !== 'string' || finding.message.trim() === '') problems.push('has an empty message');
  if (typeof finding.fingerprint !== 'string' || finding.fingerprint === '') problems.push('has an empty fingerprint');
  if (finding.file !== file) problems.push(`names file ${finding.file}`);
  if (!Number.isInteger(start.line) || start.line < 1) problems.push(`starts at line ${start.line}`);
  if (!Number.isInteger(start.column) || start.column < 1) problems.push(`starts at column ${start.column}`);
  if (end.line < start.line || (end.line === start.line && end.column < start.column)) problems.push(`ends (${end.line}:${end.column}) before it starts (${start.line}:${start.column})`);
  if (!(startOffset >= 0 && startOffset <= endOffset)) problems.push(`has offsets ${startOffset}-${endOffset}`);
  if (text !== undefined && lines !== undefined) {
    if (endOffset > text.length) problems.push(`ends at offset ${endOffset} past the text (${text.length})`);
    if (start.line > lines.length) problems.push(`starts at line ${start.line} of a ${lines.length}-line file`);
    else if (start.column > lines[start.line - 1]!.length + 1) problems.push(`starts at column ${start.column} of a ${lines[start.line - 1]!.length}-character line ${start.line}`);
  }
  return problems;
}

// Scans the text of one file: parse, find objects, run rules, turn violations into located findings.
import { parseManifestText, offsetToPosition, type ParsedFile } from '../parse/parse-manifest-text.ts';
import { objectsInDocument, type KubeObject } from '../model/kube-object.ts';
import { evaluateObject, type EvaluateOptions, type Violation } from './evaluate-object.ts';
import { fingerprintOf } from './fingerprint.ts';
import { INPUT_PROBLEM_RULES, type InputProblemRule } from './input-problems.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { fixForViolation } from '../fix/fix-for-violation.ts';
import { sourceSuppression } from '../policy/source-exemptions.ts';
import { formatFieldPath, type Finding, type Range, type Severity } from '../types.ts';
import { MAX_FILE_BYTES, tooLargeProblem } from '../files/file-limits.ts';

export interface ScanTextOptions extends EvaluateOptions {
  rules: readonly CompiledRule[];
  /** Effective severity for a rule id (config overrides); default is the rule's own. */
  severityOf?: (ruleId: string, defaultSeverity: Severity) => Severity;
  /** Attach text edits (`finding.fix`) to fixable findings. Default true. */
  fixes?: boolean;
  /** Honour `plimsoll.dev/ignore` annotations and `# plimsoll-ignore` comments. Default true. */
  sourceExemptions?: boolean;
  /** Kustomize patches among the files: report path → the kustomization naming it. */
  kustomizePatches?: ReadonlyMap<string, string>;
}

export interface FileScan {
  file: string;
  findings: Finding[];
  objects: KubeObject[];
  parsed?: ParsedFile;
}

/** Scans raw bytes: rejects binary, non-UTF-8 and oversized input with a finding instead of a crash. */
export function scanBytes(file: string, bytes: Uint8Array, options: ScanTextOptions): FileScan {
  const decoded = decodeManifest(bytes);
  if ('problem' in decoded) return unreadableFileScan(file, decoded.problem, options);
  return scanText(file, decoded.text, options);
}

/** The scan of a file that is not scanned: one `unreadable-file` finding saying why. */
export function unreadableFileScan(file: string, problem: string, options: ScanTextOptions): FileScan {
  return { file, findings: [inputFinding(INPUT_PROBLEM_RULES.unreadableFile, file, problem, wholeFileStart(), options)], objects: [] };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text, or why it is not scanned (too big, binary, not UTF-8). */
function decodeManifest(bytes: Uint8Array): { text: string } | { problem: string } {
  if (bytes.length > MAX_FILE_BYTES) return { problem: tooLargeProblem(bytes.length) };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { problem: 'File looks binary (it contains NUL bytes); it was not scanned.' };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { problem: 'File is not valid UTF-8 text; it was not scanned.' };
  }
}

/** Helm keeps a chart's templates in its `templates/` folder. */
const TEMPLATES_FOLDER = /(?:^|\/)templates\//;

export function scanText(file: string, text: string, options: ScanTextOptions): FileScan {
  const action = TEMPLATES_FOLDER.test(file) ? text.indexOf('{{') : -1;
  if (action !== -1) return helmTemplateScan(file, text, action, options);
  const kustomization = options.kustomizePatches?.get(file);
  if (kustomization !== undefined) return kustomizePatchScan(file, kustomization, options);
  const parsed = parseManifestText(text);
  const findings: Finding[] = [];
  const rangeOf = (rawStart: number, rawEnd: number): Range => {
    // The `yaml` package reports an error at the end of the file as [length, length + 1]: keep it inside.
    const start = Math.min(rawStart, text.length);
    const end = Math.min(Math.max(start, rawEnd), text.length);
    return {
      start: offsetToPosition(parsed.lineCounter, start),
      end: offsetToPosition(parsed.lineCounter, end),
      startOffset: start,
      endOffset: end,
    };
  };
  for (const problem of parsed.problems) {
    findings.push(inputFinding(INPUT_PROBLEM_RULES.parseError, file, problem.message, rangeOf(problem.startOffset, problem.endOffset), options));
  }
  const objects: KubeObject[] = [];
  parsed.documents.forEach((document, documentIndex) => {
    for (const problem of document.problems) {
      findings.push(inputFinding(INPUT_PROBLEM_RULES.parseError, file, problem.message, rangeOf(problem.startOffset, problem.endOffset), options));
    }
    for (const object of objectsInDocument(document, documentIndex)) {
      objects.push(object);
      for (const violation of evaluateObject(object, options.rules, options)) {
        const located = document.locate(violation.path, { key: violation.pointAtKey === true });
        const finding = toFinding(violation, object, file, rangeOf(located.startOffset, located.endOffset), options);
        if (options.fixes !== false) {
          const fix = fixForViolation(text, violation, object, options.workloadKinds);
          if (fix) finding.fix = fix;
        }
        if (options.sourceExemptions !== false) {
          const suppressed = sourceSuppression(finding, object, text);
          if (suppressed) finding.suppressed = suppressed;
        }
        findings.push(finding);
      }
    }
  });
  return { file, findings, objects, parsed };
}

function toFinding(violation: Violation, object: KubeObject, file: string, range: Range, options: ScanTextOptions): Finding {
  const definition = violation.rule.definition;
  const isError = violation.evaluationError !== undefined;
  const meta: InputProblemRule | undefined = isError ? INPUT_PROBLEM_RULES.ruleError : undefined;
  const ruleId = meta?.id ?? definition.id;
  const defaultSeverity = meta?.severity ?? definition.severity;
  const finding: Finding = {
    ruleId,
    severity: options.severityOf?.(ruleId, defaultSeverity) ?? defaultSeverity,
    category: meta?.category ?? definition.category,
    title: meta?.title ?? definition.title,
    message: violation.message,
    file,
    range,
    object: object.ref,
    fieldPath: formatFieldPath(violation.path),
    fingerprint: fingerprintOf({
      // An evaluation error is tied to the rule that failed, so two broken rules stay two findings.
      ruleId: isError ? `${ruleId}:${definition.id}` : ruleId,
      file,
      object: object.ref,
      container: violation.container,
      fieldPath: formatFieldPath(violation.identityPath),
    }),
  };
  if (violation.container !== undefined) finding.container = violation.container;
  return finding;
}

function wholeFileStart(): Range {
  return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 };
}

/** A chart template is reported once, at its first template action, and not parsed. */
function helmTemplateScan(file: string, text: string, action: number, options: ScanTextOptions): FileScan {
  const lineStart = text.lastIndexOf('\n', action - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < action; i = text.indexOf('\n', i + 1)) line += 1;
  const column = action - lineStart + 1;
  const range: Range = { start: { line, column }, end: { line, column: column + 2 }, startOffset: action, endOffset: action + 2 };
  const message =
    'Helm chart template: Go template actions such as {{ … }} make it manifests only once the chart is rendered, so it was not scanned. Scan the rendered chart: helm template CHART | plimsoll scan -';
  return { file, findings: [inputFinding(INPUT_PROBLEM_RULES.helmTemplate, file, message, range, options)], objects: [] };
}

/** A Kustomize patch is reported once, as a patch of the kustomization naming it, and not checked. */
function kustomizePatchScan(file: string, kustomization: string, options: ScanTextOptions): FileScan {
  const folder = kustomization.includes('/') ? kustomization.slice(0, kustomization.lastIndexOf('/')) : '.';
  const message = `Kustomize patch (named in ${kustomization}): a partial object, merged into its base when built, so it was not checked on its own. Scan the built output: kustomize build ${folder} | plimsoll scan -`;
  return { file, findings: [inputFinding(INPUT_PROBLEM_RULES.kustomizePatch, file, message, wholeFileStart(), options)], objects: [] };
}

function inputFinding(rule: InputProblemRule, file: string, message: string, range: Range, options: ScanTextOptions): Finding {
  return {
    ruleId: rule.id,
    severity: options.severityOf?.(rule.id, rule.severity) ?? rule.severity,
    category: rule.category,
    title: rule.title,
    message,
    file,
    range,
    fieldPath: '',
    // Line-free identity: the same problem in the same file is the same finding, wherever it moves.
    fingerprint: fingerprintOf({ ruleId: rule.id, file, fieldPath: message.replace(/\d+/g, '#') }),
  };
}

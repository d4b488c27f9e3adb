// The context phase of a scan: after every file has been scanned on its own, cross-object (context)
// code rules run over an index of all objects in the scan context. Their findings on reported files
// are located from what was found while each file was scanned (pre-locate.ts), or else by parsing
// the file again.
import { parseManifestText, offsetToPosition } from '../parse/parse-manifest-text.ts';
import { objectsInDocument, type KubeObject } from '../model/kube-object.ts';
import type { FileScan, ScanTextOptions } from '../engine/scan-text.ts';
import { MAX_FILE_BYTES } from '../files/file-limits.ts';
import { fingerprintOf } from '../engine/fingerprint.ts';
import { INPUT_PROBLEM_RULES } from '../engine/input-problems.ts';
import { annotationSuppressionIn, inlineCommentSuppressionIn, sourceSuppression } from '../policy/source-exemptions.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import type { ContextCodeRule, ContextViolation } from '../rules/code-rules/code-rule.ts';
import { ContextIndex, summarizeObject, type IndexedObject, type IndexOptions } from './context-index.ts';
import { StringPool } from '../engine/compact-copy.ts';
import { pathKey, preLocate, rangeOf, type PreLocated } from './pre-locate.ts';
import { formatFieldPath, type Finding, type ObjectRef, type Range } from '../types.ts';

export interface ContextPhaseOptions {
  /** Namespace of namespaced objects that set none (default `default`). */
  defaultNamespace?: string;
  /** Namespaces the context holds in full; `*` for all (and for cluster-scoped objects). */
  completeNamespaces?: readonly string[];
  /**
   * Reads a reported file's text again when one of its objects has a cross-object finding. Given it,
   * the phase keeps no text in memory (the CLI re-reads from disk: a 50k-object scan holds ~70 MB less).
   */
  rereadReported?: (file: string) => string | undefined;
  /**
   * Find, while each reported file is parsed, where its objects' cross-object findings can point, so
   * those findings need no second parse (pre-locate.ts). Default true; false re-parses (tests compare).
   */
  preLocate?: boolean;
}

export interface ContextSummary {
  /** Files read only as context (not reported). */
  files: number;
  objects: number;
  /** Context files that could not be read (binary, too large, not UTF-8): their objects are unknown. */
  unreadable: string[];
}

interface ContextRule {
  rule: CompiledRule;
  code: ContextCodeRule;
}

export class ContextPhase {
  readonly #rules: ContextRule[];
  readonly #textOptions: ScanTextOptions;
  readonly #indexOptions: IndexOptions;
  readonly #index: ContextIndex;
  /** Text of reported files that hold objects: what a finding's line is found in, without keeping ASTs. */
  readonly #reportedText = new Map<string, string | null>();
  readonly #reread: ((file: string) => string | undefined) | undefined;
  readonly #summary: ContextSummary = { files: 0, objects: 0, unreadable: [] };
  /** Shared by every summary of the index: a repository repeats its kinds, namespaces and labels. */
  readonly #strings = new StringPool();
  readonly #preLocate: boolean;

  constructor(textOptions: ScanTextOptions, options: ContextPhaseOptions = {}) {
    this.#textOptions = textOptions;
    this.#reread = options.rereadReported;
    this.#preLocate = options.preLocate ?? true;
    this.#rules = textOptions.rules.flatMap((rule) => (rule.code?.phase === 'context' ? [{ rule, code: rule.code }] : []));
    this.#indexOptions = { workloadKinds: textOptions.workloadKinds, defaultNamespace: options.defaultNamespace ?? 'default' };
    this.#index = new ContextIndex(options.completeNamespaces ? { completeNamespaces: options.completeNamespaces } : {});
  }

  /** False when no context rule is enabled: then nothing is indexed or kept. */
  get active(): boolean {
    return this.#rules.length > 0;
  }

  get summary(): ContextSummary {
    return this.#summary;
  }

  /** A reported file, already scanned: index its objects and keep its text for locating findings. */
  addReported(scan: FileScan): void {
    if (!this.active || scan.objects.length === 0 || !scan.parsed) return;
    this.#reportedText.set(scan.file, scan.parsed.text);
    for (const summary of this.summariesOf(scan)) this.#index.add(summary);
  }

  /** A reported file scanned elsewhere (a worker): its objects' summaries, and its text unless re-read. */
  addReportedSummaries(file: string, text: string | undefined, summaries: readonly IndexedObject[]): void {
    if (!this.active || summaries.length === 0) return;
    this.#reportedText.set(file, this.#reread || text === undefined ? null : text);
    for (const summary of summaries) this.#index.add(summary);
  }

  /** Summaries made elsewhere (a worker's, cloned over IPC) as this index keeps them: sharing its strings. */
  pooled(summaries: readonly IndexedObject[]): IndexedObject[] {
    return summaries.map((summary) => this.#strings.copy(summary));
  }

  /** Summaries of a scanned file's objects, as addReported would index them. */
  summariesOf(scan: FileScan): IndexedObject[] {
    const parsed = scan.parsed;
    return scan.objects.map((object) => {
      const summary = summarizeObject(object, scan.file, true, this.#indexOptions, this.#strings);
      if (parsed && this.#preLocate) summary.located = this.#strings.copy(preLocate(object, summary, parsed));
      return summary;
    });
  }

  /** A context-only file: parsed, summarised and dropped. Reported files are skipped (already in). */
  addContextSource(path: string, bytes: Uint8Array): void {
    if (!this.active || this.#reportedText.has(path)) return;
    this.#summary.files += 1;
    const text = decodeText(bytes);
    if (text === undefined) {
      this.#summary.unreadable.push(path);
      return;
    }
    parseManifestText(text).documents.forEach((document, index) => {
      for (const object of objectsInDocument(document, index)) {
        this.#summary.objects += 1;
        this.#index.add(summarizeObject(object, path, false, this.#indexOptions, this.#strings));
      }
    });
  }

  /** Reported on the first reported file: the scan has no better place for a rule that broke. */
  #ruleErrorFinding(rule: CompiledRule, error: unknown): Finding | undefined {
    const file = this.#reportedText.keys().next().value;
    return file === undefined ? undefined : ruleErrorFindingFor(rule, error, file, this.#textOptions.severityOf);
  }

  /** A cross-object finding, however it was located (the object's ref is the same either way). */
  #contextFinding(rule: CompiledRule, violation: ContextViolation, ref: ObjectRef, range: Range): Finding {
    const definition = rule.definition;
    const file = violation.object.file;
    return {
      ruleId: definition.id,
      severity: this.#textOptions.severityOf?.(definition.id, definition.severity) ?? definition.severity,
      category: definition.category,
      title: definition.title,
      message: violation.message,
      file,
      range,
      object: ref,
      fieldPath: formatFieldPath([...violation.object.basePath, ...violation.path]),
      fingerprint: fingerprintOf({
        ruleId: definition.id,
        file,
        object: ref,
        fieldPath: formatFieldPath(violation.identityPath ?? violation.path),
      }),
    };
  }

  /** A cross-object finding from where its path was found while the file was scanned: no second parse. */
  #preLocatedFinding(rule: CompiledRule, violation: ContextViolation, located: PreLocated, range: number[]): Finding {
    const finding = this.#contextFinding(rule, violation, violation.object.ref, rangeOf(range));
    if (this.#textOptions.sourceExemptions !== false) {
      // As sourceSuppression: annotations, then the finding's line, then the object's own lines
      // (only lines with an exemption comment were kept).
      const line = located.rangeLines?.[pathKey(violation.path)];
      const suppressed =
        annotationSuppressionIn(located.annotations ?? {}, finding) ??
        inlineCommentSuppressionIn([...(line === undefined ? [] : [line]), ...(located.objectLines ?? [])], finding.ruleId);
      if (suppressed) finding.suppressed = suppressed;
    }
    return finding;
  }

  findings(): Finding[] {
    if (!this.active) return [];
    const byFile = new Map<string, { rule: CompiledRule; violation: ContextViolation }[]>();
    const findingsOfBrokenRules: Finding[] = [];
    const preLocatedFindings: Finding[] = [];
    for (const { rule, code } of this.#rules) {
      const params = this.#textOptions.params(rule);
      const kinds = rule.kinds;
      let violations: ContextViolation[];
      try {
        violations = code.check(this.#index, params);
      } catch (error) {
        // A broken rule must not sink the scan, nor vanish: one rule-error finding says so.
        const error_ = this.#ruleErrorFinding(rule, error);
        if (error_) findingsOfBrokenRules.push(error_);
        continue;
      }
      for (const violation of violations) {
        if (!violation.object.reported) continue;
        if (kinds && !kinds.has(violation.object.ref.kind)) continue;
        const located = violation.pointAtKey ? undefined : violation.object.located;
        const range = located?.ranges[pathKey(violation.path)];
        if (located && range) {
          preLocatedFindings.push(this.#preLocatedFinding(rule, violation, located, range));
          continue;
        }
        const list = byFile.get(violation.object.file) ?? [];
        list.push({ rule, violation });
        byFile.set(violation.object.file, list);
      }
    }
    const findings: Finding[] = [...findingsOfBrokenRules, ...preLocatedFindings];
    // The rest: read and parse the file again to find the lines.
    for (const [file, violations] of byFile) {
      const kept = this.#reportedText.get(file);
      const text = kept === null ? this.#reread?.(file) : kept;
      if (text === undefined) continue;
      const parsed = parseManifestText(text);
      const objectsByDocument = new Map<number, KubeObject[]>();
      for (const { rule, violation } of violations) {
        const { documentIndex, basePath } = violation.object;
        const document = parsed.documents[documentIndex];
        if (!document) continue;
        let objects = objectsByDocument.get(documentIndex);
        if (!objects) {
          objects = objectsInDocument(document, documentIndex);
          objectsByDocument.set(documentIndex, objects);
        }
        const object = objects.find((o) => o.basePath.join('\u0000') === basePath.join('\u0000'));
        if (!object) continue;
        const located = document.locate([...basePath, ...violation.path], { key: violation.pointAtKey === true });
        const start = located.startOffset;
        const end = Math.max(start, located.endOffset);
        const finding = this.#contextFinding(rule, violation, object.ref, {
          start: offsetToPosition(parsed.lineCounter, start),
          end: offsetToPosition(parsed.lineCounter, end),
          startOffset: start,
          endOffset: end,
        });
        if (this.#textOptions.sourceExemptions !== false) {
          const suppressed = sourceSuppression(finding, object, text);
          if (suppressed) finding.suppressed = suppressed;
        }
        findings.push(finding);
      }
    }
    return findings;
  }
}

function ruleErrorFindingFor(rule: CompiledRule, error: unknown, file: string, severityOf: ScanTextOptions['severityOf']): Finding {
  const meta = INPUT_PROBLEM_RULES.ruleError;
  const detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return {
    ruleId: meta.id,
    severity: severityOf?.(meta.id, meta.severity) ?? meta.severity,
    category: meta.category,
    title: meta.title,
    message: `Cross-object rule ${rule.definition.id} could not be evaluated: ${detail}`,
    file,
    range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 },
    fieldPath: '',
    fingerprint: fingerprintOf({ ruleId: `${meta.id}:${rule.definition.id}`, file, fieldPath: '' }),
  };
}

/** Context files get the same guards as reported ones, but no finding: they are not being reviewed. */
function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES || bytes.subarray(0, 8192).includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

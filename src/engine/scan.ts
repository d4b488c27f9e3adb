// The whole-scan entry point shared by CLI, Action and App: files in, sorted findings out.
import { resolve } from 'node:path';
import { scanBytes, unreadableFileScan, type FileScan, type ScanTextOptions } from './scan-text.ts';
import { readManifestFile } from '../files/read-manifest-file.ts';
import { linkBoundary } from '../files/link-boundary.ts';
import { loadBuiltinRules } from '../rules/load-rules.ts';
import { BUILTIN_WORKLOAD_KINDS, type WorkloadKind } from '../model/workload-kinds.ts';
import type { CompiledRule } from '../rules/compile-rule.ts';
import { ContextPhase, type ContextSummary } from '../context/context-phase.ts';
import { severityRank, type Finding, type Severity } from '../types.ts';
import { compareCodeUnits } from '../util/compare-code-units.ts';

export interface SourceFile {
  /** Path as reported (relative, forward slashes). */
  path: string;
  bytes: Uint8Array;
  /** Why the file was not read (a device, a named pipe, over the size limit): reported as unreadable-file. */
  problem?: string;
}

export interface ScanOptions {
  rules?: readonly CompiledRule[];
  /** Extra workload kinds (from config), added after the built-ins. */
  workloadKinds?: readonly WorkloadKind[];
  params?: Record<string, Record<string, unknown>>;
  severityOverrides?: Record<string, Severity>;
  /** Attach fix edits to findings (default true). */
  fixes?: boolean;
  /** Honour annotation and inline-comment exemptions (config `allowAnnotationExemptions`, default true). */
  sourceExemptions?: boolean;
  /**
   * Files that are part of the cross-object context but not reported (e.g. the whole repository while
   * only a pull request's changed files are reviewed). Read lazily, summarised, never rule-checked.
   */
  contextSources?: Iterable<SourceFile>;
  /** Namespace of namespaced objects that set none (default `default`, as kubectl without `-n`). */
  defaultNamespace?: string;
  /**
   * Namespaces whose objects the context holds in full (`*` for all, cluster scope included): only
   * there is a reference missing from the context reported instead of treated as unknown.
   */
  completeNamespaces?: readonly string[];
  /** Files that are Kustomize patches (report path → its kustomization's), reported as such (kustomize-patches.ts). */
  kustomizePatches?: ReadonlyMap<string, string>;
}

export interface ScanResult {
  findings: Finding[];
  files: number;
  objects: number;
  rules: readonly CompiledRule[];
  /** Context-only files read for cross-object rules (absent when no cross-object rule ran). */
  context?: ContextSummary;
}

export function resolveScanTextOptions(options: ScanOptions = {}): ScanTextOptions {
  const params = options.params ?? {};
  const overrides = options.severityOverrides ?? {};
  return {
    rules: options.rules ?? loadBuiltinRules(),
    workloadKinds: [...BUILTIN_WORKLOAD_KINDS, ...(options.workloadKinds ?? [])],
    // Merged once per rule, not once per object: this runs for every rule on every object.
    params: memoizeByRule((rule) => ({ ...(rule.definition.params ?? {}), ...(params[rule.definition.id] ?? {}) })),
    severityOf: (ruleId, severity) => overrides[ruleId] ?? severity,
    ...(options.fixes === undefined ? {} : { fixes: options.fixes }),
    ...(options.sourceExemptions === undefined ? {} : { sourceExemptions: options.sourceExemptions }),
    ...(options.kustomizePatches === undefined ? {} : { kustomizePatches: options.kustomizePatches }),
  };
}

function memoizeByRule<T>(compute: (rule: CompiledRule) => T): (rule: CompiledRule) => T {
  const cache = new WeakMap<CompiledRule, T>();
  return (rule) => {
    let value = cache.get(rule);
    if (value === undefined) {
      value = compute(rule);
      cache.set(rule, value);
    }
    return value;
  };
}

export function scanSources(sources: Iterable<SourceFile>, options: ScanOptions = {}): ScanResult {
  const textOptions = resolveScanTextOptions(options);
  const findings: Finding[] = [];
  let files = 0;
  let objects = 0;
  const context = new ContextPhase(textOptions, {
    ...(options.defaultNamespace === undefined ? {} : { defaultNamespace: options.defaultNamespace }),
    ...(options.completeNamespaces === undefined ? {} : { completeNamespaces: options.completeNamespaces }),
  });
  for (const source of sources) {
    const scan: FileScan =
      source.problem === undefined ? scanBytes(source.path, source.bytes, textOptions) : unreadableFileScan(source.path, source.problem, textOptions);
    files += 1;
    objects += scan.objects.length;
    findings.push(...scan.findings);
    context.addReported(scan);
  }
  if (!context.active) return { findings: sortFindings(findings), files, objects, rules: textOptions.rules };
  for (const source of options.contextSources ?? []) context.addContextSource(source.path, source.bytes);
  findings.push(...context.findings());
  return { findings: sortFindings(findings), files, objects, rules: textOptions.rules, context: context.summary };
}

/** Reads files lazily so a large repository is never held in memory at once. */
export function* readSources(paths: readonly string[], cwd: string = process.cwd()): Generator<SourceFile> {
  const linksWithin = linkBoundary(cwd);
  for (const path of paths) {
    const read = readManifestFile(resolve(cwd, path), { linksWithin });
    yield 'problem' in read ? { path, bytes: new Uint8Array(0), problem: read.problem } : { path, bytes: read.bytes };
  }
}

/** Stable order: file, line, column, then most severe first, then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compareCodeUnits(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.column - b.range.start.column ||
      severityRank(b.severity) - severityRank(a.severity) ||
      compareCodeUnits(a.ruleId, b.ruleId),
  );
}

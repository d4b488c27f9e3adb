// The built-in rules as parsed and schema-checked at build time. scripts/build.ts embeds this snapshot
// in the CLI bundles, so a start skips reading 105 YAML files and validating each against the rule
// schema (~40 ms of a ~200 ms start). The snapshot is only trusted while the rule files beside the
// bundle are the ones it was made from: same names, same bytes (a SHA-256 fingerprint). Anything else,
// such as a rule edited after the build or a run from source, parses the files as before.
import { createHash } from 'node:crypto';
import type { RuleDefinition } from './rule-definition.ts';

/** One rule file as read from disk. */
export interface RuleFileText {
  /** File name inside the rules folder. */
  name: string;
  text: string;
}

export interface BuiltinRulesSnapshot {
  /** fingerprintRuleFiles() of the files the definitions were read from. */
  fingerprint: string;
  /** The definitions, in the order of the files. */
  definitions: RuleDefinition[];
}

/** Set by the bundler (esbuild `define`) to the JSON text of a BuiltinRulesSnapshot; absent in source runs. */
declare const PLIMSOLL_BUILTIN_RULES_SNAPSHOT: string | undefined;

export function fingerprintRuleFiles(files: readonly RuleFileText[]): string {
  const hash = createHash('sha256');
  // Lengths first, so that no two different file lists hash the same text.
  for (const file of files) hash.update(`${file.name.length}:${file.name}${file.text.length}:`).update(file.text);
  return hash.digest('hex');
}

export function snapshotText(files: readonly RuleFileText[], definitions: readonly RuleDefinition[]): string {
  const snapshot: BuiltinRulesSnapshot = { fingerprint: fingerprintRuleFiles(files), definitions: [...definitions] };
  return JSON.stringify(snapshot);
}

/** The snapshot this bundle was built with, if any. */
export function embeddedBuiltinRulesSnapshot(): BuiltinRulesSnapshot | undefined {
  if (typeof PLIMSOLL_BUILTIN_RULES_SNAPSHOT !== 'string') return undefined;
  return JSON.parse(PLIMSOLL_BUILTIN_RULES_SNAPSHOT) as BuiltinRulesSnapshot;
}

/** The snapshot's definitions when it was made from exactly these files, else undefined. */
export function definitionsFromSnapshot(snapshot: BuiltinRulesSnapshot | undefined, files: readonly RuleFileText[]): RuleDefinition[] | undefined {
  if (!snapshot || snapshot.definitions.length !== files.length) return undefined;
  return snapshot.fingerprint === fingerprintRuleFiles(files) ? snapshot.definitions : undefined;
}

// Reads rule files (built-in rules/ or a team's own) and validates them against the rule schema.
import { readdirSync, existsSync } from 'node:fs';
import { readBoundedText } from '../files/read-manifest-file.ts';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { fastLoadValue, plainScalarResolver } from '../parse/fast-parse.ts';
import type { RuleDefinition } from './rule-definition.ts';
// RULE_FILE_SCHEMA compiled ahead of time (scripts/generate-rule-validator.ts says why).
import { validate as validateRule } from '../../schema/rule-file.validator.js';
import { compileRule, type CompiledRule } from './compile-rule.ts';
import {
  definitionsFromSnapshot,
  embeddedBuiltinRulesSnapshot,
  snapshotText,
  type BuiltinRulesSnapshot,
  type RuleFileText,
} from './builtin-rules-snapshot.ts';

export class RuleLoadError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'RuleLoadError';
    this.file = file;
  }
}

// Rule files are read on every start; js-yaml reads them several times faster than the `yaml`
// package, with the `yaml` package's own core-schema scalars so both read the same values
// (test/rules/load-rules.test.ts checks every built-in rule). Anything js-yaml balks at goes to `yaml`.
let resolveCorePlain: ((source: string) => unknown) | undefined;

function readYaml(text: string): unknown {
  resolveCorePlain ??= plainScalarResolver((tags) => tags, 'core');
  const fast = fastLoadValue(text, resolveCorePlain);
  return fast ? fast.value : parse(text, { prettyErrors: false });
}

export function parseRuleDefinition(text: string, file: string): RuleDefinition {
  let data: unknown;
  try {
    data = readYaml(text);
  } catch (error) {
    const offset = (error as { pos?: [number, number] }).pos?.[0];
    const at = offset === undefined ? '' : `${lineColumnOf(text, offset)}: `;
    throw new RuleLoadError(file, `${at}not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!validateRule(data)) {
    const problems = (validateRule.errors ?? [])
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
      .join('; ');
    throw new RuleLoadError(file, `not a valid rule: ${problems}`);
  }
  return data as unknown as RuleDefinition;
}

function lineColumnOf(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

export function loadRuleFile(file: string): CompiledRule {
  return compileRuleFile(file, parseRuleDefinition(readBoundedText(file), file));
}

function compileRuleFile(file: string, definition: RuleDefinition, options?: { compileOnFirstUse?: boolean }): CompiledRule {
  try {
    return compileRule(definition, options);
  } catch (error) {
    throw new RuleLoadError(file, (error as Error).message);
  }
}

/** The rule files of a folder (`.yaml`, `.yml`), sorted by name. */
/** `linksWithin`: follow links only into that folder (linkBoundary), as the Action does for a PR's config. */
export function readRuleFiles(directory: string, options: { linksWithin?: string } = {}): RuleFileText[] {
  return readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, text: readBoundedText(join(directory, name), options) }));
}

export function loadRulesFromDirectory(directory: string, options: { linksWithin?: string } = {}): CompiledRule[] {
  return loadRuleFiles(directory, readRuleFiles(directory, options));
}

/**
 * Compiles rule files. With a snapshot made from exactly these files, their definitions come from it
 * (already parsed and schema-checked) and their CEL is compiled on first use: the build compiled all of
 * it, so no error can be deferred, and a scan pays only for the rules it reaches.
 */
export function loadRuleFiles(directory: string, files: readonly RuleFileText[], snapshot?: BuiltinRulesSnapshot): CompiledRule[] {
  const fromSnapshot = definitionsFromSnapshot(snapshot, files);
  const rules = files.map(({ name, text }, index) => {
    const file = join(directory, name);
    if (fromSnapshot) return compileRuleFile(file, fromSnapshot[index]!, { compileOnFirstUse: true });
    return compileRuleFile(file, parseRuleDefinition(text, file));
  });
  const seen = new Map<string, string>();
  for (const [index, rule] of rules.entries()) {
    const previous = seen.get(rule.definition.id);
    if (previous) throw new RuleLoadError(files[index]!.name, `rule id ${rule.definition.id} is also defined in ${previous}`);
    seen.set(rule.definition.id, files[index]!.name);
  }
  return rules;
}

/**
 * The snapshot of the built-in rules that scripts/build.ts embeds in the bundles: every file parsed,
 * schema-checked and compiled now, so that a broken rule fails the build, not a user's scan.
 */
export function builtinRulesSnapshotText(directory = builtinRulesDirectory()): string {
  const files = readRuleFiles(directory);
  const definitions = loadRuleFiles(directory, files).map((rule) => rule.definition);
  const text = snapshotText(files, definitions);
  // JSON has no place for some YAML values (.inf, .nan): refuse a snapshot that would change a rule.
  if (!isDeepStrictEqual((JSON.parse(text) as BuiltinRulesSnapshot).definitions, definitions)) {
    throw new Error('The built-in rules do not survive a JSON round trip; they cannot be snapshotted');
  }
  return text;
}

/**
 * The built-in rules folder. Found by walking up from this module, so it works from src/, from a
 * bundled dist/ and from the Action's bundle alike.
 */
export function builtinRulesDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(directory, 'rules');
    if (existsSync(join(candidate, 'run-as-non-root.yaml'))) return candidate;
    directory = resolve(directory, '..');
  }
  throw new Error('Cannot find the built-in rules/ folder next to the Plimsoll code');
}

let builtinCache: CompiledRule[] | undefined;

export function loadBuiltinRules(): CompiledRule[] {
  if (!builtinCache) {
    const directory = builtinRulesDirectory();
    builtinCache = loadRuleFiles(directory, readRuleFiles(directory), embeddedBuiltinRulesSnapshot());
  }
  return builtinCache;
}

// Turns a rule definition into something the engine can run: CEL parsed once, paths pre-split.
import { compileExpression, compileExpressionOnFirstUse, type CompiledExpression } from './cel-environment.ts';
import { parseFieldPath } from '../model/workload-kinds.ts';
import { compileFixOperations, type CompiledFixOperation } from './fix-template.ts';
import type { RuleDefinition } from './rule-definition.ts';
import { codeRuleFor } from './code-rules/registry.ts';
import { lazyVariablesPrototype } from './lazy-variables.ts';
import type { CodeRule } from './code-rules/code-rule.ts';
import type { FieldPath } from '../types.ts';

export type Anchor = 'subject' | 'object' | 'podSpec' | 'podMetadata';

export interface AnchoredPath {
  anchor: Anchor;
  path: FieldPath;
}

export interface MessagePart {
  text?: string;
  expression?: CompiledExpression;
}

export interface CompiledRule {
  definition: RuleDefinition;
  assert: CompiledExpression;
  variables: [string, CompiledExpression][];
  /**
   * Set when `variables` are computed on first read (lazy-variables.ts): the prototype that does it.
   * Unset, the engine computes them in order before the assert.
   */
  variableScope?: object;
  message: MessagePart[];
  at: AnchoredPath;
  /** Further candidates when `at` is a list: the first whose field exists in the manifest wins. */
  atAlternatives?: AnchoredPath[];
  forEach?: FieldPath;
  kinds?: ReadonlySet<string>;
  /** Fix operations with `{{ cel }}` value templates compiled (see fix-template.ts). */
  fix?: CompiledFixOperation[];
  /** The implementation of an `implementation: typescript` rule; CEL fields are then inert. */
  code?: CodeRule;
}

export class RuleCompileError extends Error {
  readonly ruleId: string;
  constructor(ruleId: string, message: string, options?: { cause?: unknown }) {
    super(`rule ${ruleId}: ${message}`, options);
    this.name = 'RuleCompileError';
    this.ruleId = ruleId;
  }
}

export interface CompileRuleOptions {
  /**
   * Compile each CEL expression when it first runs rather than now. Only for rules known to compile
   * (the built-in rules from their build-time snapshot): an error would otherwise surface mid-scan.
   */
  compileOnFirstUse?: boolean;
}

export function compileRule(definition: RuleDefinition, options: CompileRuleOptions = {}): CompiledRule {
  const compile = (what: string, source: string): CompiledExpression => {
    if (options.compileOnFirstUse) return compileExpressionOnFirstUse(source);
    try {
      return compileExpression(source);
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new RuleCompileError(definition.id, `${what} is not valid CEL: ${detail}`, { cause: error });
    }
  };
  if (definition.implementation === 'typescript') return compileCodeRule(definition);
  if (definition.subject !== 'container' && definition.containerTypes) {
    throw new RuleCompileError(definition.id, 'containerTypes only applies to container rules');
  }
  const atCandidates = typeof definition.at === 'string' ? [definition.at] : (definition.at ?? []);
  const compiled: CompiledRule = {
    definition,
    assert: compile('assert', definition.assert ?? ''),
    variables: Object.entries(definition.variables ?? {}).map(([name, source]) => [
      name,
      compile(`variable ${name}`, source),
    ]),
    message: compileMessage(definition.message ?? '', (source) => compile('message placeholder', source)),
    at: parseAnchoredPath(definition.id, atCandidates[0] ?? ''),
  };
  const variableScope = compiled.variables.length > 0 ? lazyVariablesPrototype(compiled.variables) : undefined;
  if (variableScope) compiled.variableScope = variableScope;
  if (atCandidates.length > 1) compiled.atAlternatives = atCandidates.slice(1).map((text) => parseAnchoredPath(definition.id, text));
  if (definition.forEach) compiled.forEach = parseFieldPath(definition.forEach);
  if (definition.kinds) compiled.kinds = new Set(definition.kinds);
  if (definition.fix?.length) compiled.fix = compileFixOperations(definition.fix, (source) => compile('fix value placeholder', source));
  return compiled;
}

function compileCodeRule(definition: RuleDefinition): CompiledRule {
  const code = codeRuleFor(definition.id);
  if (!code) throw new RuleCompileError(definition.id, 'implementation: typescript, but no code rule is registered under this id');
  const compiled: CompiledRule = {
    definition,
    // Never called: the engine hands code rules to their implementation instead.
    assert: () => true,
    variables: [],
    message: [],
    at: { anchor: 'object', path: [] },
    code,
  };
  if (definition.kinds) compiled.kinds = new Set(definition.kinds);
  return compiled;
}

function compileMessage(template: string, compile: (source: string) => CompiledExpression): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{\{(.+?)\}\}/g)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ expression: compile(match[1]!.trim()) });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

function parseAnchoredPath(ruleId: string, text: string): AnchoredPath {
  const match = /^@(object|podSpec|podMetadata)(?:\.(.*))?$/.exec(text);
  try {
    if (match) return { anchor: match[1] as Anchor, path: match[2] ? parseFieldPath(match[2]) : [] };
    return { anchor: 'subject', path: text === '' ? [] : parseFieldPath(text) };
  } catch (error) {
    throw new RuleCompileError(ruleId, `at: ${(error as Error).message}`);
  }
}

// The CEL environment rules run in: @marcbachmann/cel-js with optional field selection (`.?field`),
// which Kubernetes ValidatingAdmissionPolicy expressions use, plus the Kubernetes quantity library.
// Chosen over @bufbuild/cel because that one rejects `.?` syntax and, re-parsing each call, measured
// ~9k evaluations/s against ~1-2.4M/s here (see the note on issue 2).
// compileExpression runs each expression through a fast path first and falls back to the interpreter
// whenever that one cannot vouch for the interpreter's exact answer. The built-in rules' expressions
// have theirs written as JavaScript at build time (cel-codegen.ts, builtin-cel.generated.js); any
// other expression gets closures (cel-fast-path.ts).
import { inspect } from 'node:util';
import { Environment, Optional } from '@marcbachmann/cel-js';
import { parseQuantity, Quantity } from './quantity.ts';
import { BAIL, compileFastPath, type ExtensionFunctions, type FastPath } from './cel-fast-path.ts';
import { celRuntime } from './cel-runtime.ts';
import { fastPathSource, generatedRuntime, type GeneratedFastPath } from './cel-codegen.ts';
import { generatedFastPaths } from './builtin-cel.generated.js';

/** Parse-time limits: a rule expression is code we did not write (custom rules, admission policies). */
const LIMITS = { maxAstNodes: 5_000, maxDepth: 100, maxListElements: 1_000, maxMapEntries: 1_000, maxCallArguments: 32 };

function quantityOf(text: unknown): Quantity {
  const quantity = parseQuantity(text);
  if (!quantity) throw new Error(`"${String(text)}" is not a Kubernetes quantity`);
  return quantity;
}

/** The functions registered on top of cel-js, shared with the fast path so both run the same code. */
const EXTENSIONS: ExtensionFunctions = {
  quantity: quantityOf,
  isQuantity: (text) => parseQuantity(text) !== undefined,
  compareTo: (a, b) => BigInt(a.compareTo(b)),
  isLessThan: (a, b) => a.compareTo(b) < 0,
  isGreaterThan: (a, b) => a.compareTo(b) > 0,
  asApproximateFloat: (a) => a.asApproximateFloat(),
  sign: (a) => BigInt(a.compareTo(new Quantity(0n, '0'))),
  // Kubernetes CEL lists library: position of the first/last element equal to a scalar, or -1.
  listIndexOf: (list, value) => BigInt(list.findIndex((item) => item === value)),
  listLastIndexOf: (list, value) => BigInt(list.findLastIndex((item) => item === value)),
};

function createEnvironment(): Environment {
  return (
    new Environment({
      enableOptionalTypes: true,
      unlistedVariablesAreDyn: true,
      homogeneousAggregateLiterals: false,
      limits: LIMITS,
    })
      .registerType('Quantity', Quantity)
      .registerFunction('quantity(string): Quantity', (text: string) => EXTENSIONS.quantity(text))
      .registerFunction('quantity(int): Quantity', (value: bigint) => EXTENSIONS.quantity(value))
      .registerFunction('quantity(double): Quantity', (value: number) => EXTENSIONS.quantity(value))
      .registerFunction('isQuantity(string): bool', EXTENSIONS.isQuantity)
      .registerFunction('Quantity.compareTo(Quantity): int', EXTENSIONS.compareTo)
      .registerFunction('Quantity.isLessThan(Quantity): bool', EXTENSIONS.isLessThan)
      .registerFunction('Quantity.isGreaterThan(Quantity): bool', EXTENSIONS.isGreaterThan)
      .registerFunction('Quantity.asApproximateFloat(): double', EXTENSIONS.asApproximateFloat)
      .registerFunction('Quantity.sign(): int', EXTENSIONS.sign)
      // Kubernetes' lists library helpers that rules commonly need.
      .registerFunction('list.isSorted(): bool', (list: unknown[]) =>
        list.every((item, i) => i === 0 || String(list[i - 1]) <= String(item)),
      )
      .registerFunction('list.indexOf(dyn): int', EXTENSIONS.listIndexOf)
      .registerFunction('list.lastIndexOf(dyn): int', EXTENSIONS.listLastIndexOf)
  );
}

let shared: Environment | undefined;

/** One environment for the process: registration is costly, evaluation is not. */
export function celEnvironment(): Environment {
  shared ??= createEnvironment();
  return shared;
}

export type CompiledExpression = (context: Record<string, unknown>) => unknown;

/** How often one expression's fast path answered, and how often it left the answer to the interpreter. */
export interface FastPathCount {
  source: string;
  fast: number;
  bailed: number;
}

const counts = new Map<string, FastPathCount>();
let differential = false;
const mismatches: string[] = [];

/** Every expression compiled so far, with its fast-path counts (to see which expressions bail). */
export function celFastPathCounts(): FastPathCount[] {
  return [...counts.values()];
}

/**
 * While on, every evaluation runs both the fast path and the interpreter, returns the interpreter's
 * answer and records each disagreement (read them with celDifferentialMismatches). For tests.
 */
export function setCelDifferentialCheck(on: boolean): void {
  differential = on;
  mismatches.length = 0;
}

export function celDifferentialMismatches(): readonly string[] {
  return mismatches;
}

/** One expression, parsed, with its fast path when it has one (compileFastPath) and its counts. */
interface Compiled {
  source: string;
  parsed: CompiledExpression;
  fast: FastPath | undefined;
  tally: FastPathCount;
}

/** Which fast paths expressions get: see setCelFastPathKind. */
export type FastPathKind = 'built' | 'closures' | 'generated';
let fastPathKind: FastPathKind = 'built';

/**
 * For tests: 'built' (the default) uses the build-time code where an expression has it and closures
 * elsewhere; 'closures' uses closures for every expression; 'generated' writes code for every
 * expression now and loads it with `new Function`, so tests can check the code writer on any CEL.
 */
export function setCelFastPathKind(kind: FastPathKind): void {
  fastPathKind = kind;
}

/** The fast path code cel-codegen.ts writes for an expression (parsed in this environment), if any. */
export function fastPathSourceOf(parsed: { ast: unknown; check(): { valid: boolean } }): string | undefined {
  return fastPathSource(parsed, celRuntime(celEnvironment(), EXTENSIONS));
}

function compileParts(source: string): Compiled {
  let tally = counts.get(source);
  if (!tally) counts.set(source, (tally = { source, fast: 0, bailed: 0 }));
  const env = celEnvironment();
  const built = fastPathKind === 'built' ? generatedFastPaths.get(source) : undefined;
  if (built) {
    // Only expressions that parse and type-check have code, so parsing can wait for a bail.
    let interpret: CompiledExpression | undefined;
    const parsed: CompiledExpression = (context) => (interpret ??= env.parse(source))(context);
    return { source, parsed, fast: built(generatedRuntime(celRuntime(env, EXTENSIONS))), tally };
  }
  const parsed = env.parse(source);
  if (fastPathKind === 'generated') {
    const code = fastPathSourceOf(parsed);
    // Tests only. The code is cel-codegen.ts's own; its header says which text of the expression
    // reaches it (escaped literals and names), none of which can become code.
    const factory = code ? (new Function(`return ${code}`)() as GeneratedFastPath) : undefined;
    return { source, parsed, fast: factory?.(generatedRuntime(celRuntime(env, EXTENSIONS))), tally };
  }
  return { source, parsed, fast: compileFastPath(parsed, env, EXTENSIONS), tally };
}

/** The fast path's answer, or the interpreter's when the fast path cannot give one. */
function evaluateCompiled(compiled: Compiled, context: Record<string, unknown>): unknown {
  const { fast, tally } = compiled;
  if (!fast) {
    tally.bailed++;
    return compiled.parsed(context);
  }
  if (differential) return compareBothPaths(compiled.source, fast, compiled.parsed, context, tally);
  const value = fast(context);
  if (value !== BAIL) {
    tally.fast++;
    return value;
  }
  tally.bailed++;
  return compiled.parsed(context);
}

export function compileExpression(source: string): CompiledExpression {
  const compiled = compileParts(source);
  return (context) => evaluateCompiled(compiled, context);
}

/**
 * compileExpression when the expression first runs. For expressions known to compile (see
 * CompileRuleOptions.compileOnFirstUse): a scan that never reaches one never pays for parsing it.
 * One closure either way: each evaluation is a call less than wrapping compileExpression's.
 */
export function compileExpressionOnFirstUse(source: string): CompiledExpression {
  let compiled: Compiled | undefined;
  return (context) => evaluateCompiled((compiled ??= compileParts(source)), context);
}

function compareBothPaths(source: string, fast: FastPath, interpret: CompiledExpression, context: Record<string, unknown>, tally: FastPathCount): unknown {
  const value = fast(context);
  if (value === BAIL) tally.bailed++;
  else tally.fast++;
  let expected: unknown;
  try {
    expected = interpret(context);
  } catch (error) {
    if (value !== BAIL) mismatches.push(`${source}: fast path returned ${describe(value)}, interpreter threw ${(error as Error).message}`);
    throw error;
  }
  if (value !== BAIL && !sameCelValue(value, expected)) {
    mismatches.push(`${source}: fast path returned ${describe(value)}, interpreter ${describe(expected)}`);
  }
  return expected;
}

/** Identical CEL values: same JS types all the way down (1n is not 1), same map key order. */
function sameCelValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Optional && b instanceof Optional) {
    return a.hasValue() === b.hasValue() && (!a.hasValue() || sameCelValue(a.value(), b.value()));
  }
  if (a instanceof Quantity && b instanceof Quantity) return a.nanos === b.nanos && a.text === b.text;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameCelValue(item, b[i]));
  if (Object.getPrototypeOf(a) !== Object.prototype) return false; // cel-js type values are singletons
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && sameCelValue(recordA[key], recordB[key]));
}

function describe(value: unknown): string {
  try {
    return inspect(value, { depth: 4, breakLength: Infinity });
  } catch {
    return String(value);
  }
}

/** Converts a YAML value for CEL: integers become CEL ints (bigint), null map fields are dropped, everything else stays. */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value !== null && typeof value === 'object') {
    if (value instanceof Uint8Array) return value;
    const out: Record<string, unknown> = {};
    // `privileged:` or `privileged: null` is unset for Kubernetes (Go decodes it to nil), so CEL sees
    // no field: `.?privileged.orValue(false)` must give false, not null.
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = (value as Record<string, unknown>)[key];
      if (item !== null) out[key] = toCelValue(item);
    }
    return out;
  }
  return value;
}

// A rule's `variables`, each worked out when an expression first reads it and then kept for the rest
// of that evaluation, as Kubernetes does for a ValidatingAdmissionPolicy's variables. Most rules
// guard their later variables with an early one (`found ? … : ''`), and most subjects pass the assert
// before it reads them, so computing every variable up front was most of the rules' cost: on the
// benchmark corpus ~90 variable evaluations per object against ~28 asserts.
//
// The variables are getters on a prototype shared by every evaluation of the rule, which keep the
// values (and errors) of the evaluation under way, so a variable read twice is worked out once. Both evaluation paths read variables with a plain property read (cel-fast-path.ts, cel-js's
// RootContext), so they see the getters without knowing about them.
import type { CompiledExpression } from './cel-environment.ts';

/** Names the engine itself puts in an evaluation's variables; a rule variable must not hide one. */
const ENGINE_VARIABLES: ReadonlySet<string> = new Set([
  'object', 'oldObject', 'params', 'podSpec', 'podMetadata', 'container', 'containerType', 'item', 'index', 'variables',
]);

/** Marks a variable being worked out: reading it again before it is done means a loop (`a: b`, `b: a`). */
const IN_PROGRESS = Symbol('rule variable in progress');

/** A variable whose expression threw, kept so that reading it again throws the same error at once. */
class Failed {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/**
 * The prototype that computes `variables` lazily, or undefined when they must run in order up front
 * (a name given twice, or one the engine sets: the rule's value has always replaced the engine's).
 */
export function lazyVariablesPrototype(variables: readonly (readonly [string, CompiledExpression])[]): object | undefined {
  const names = new Set(variables.map(([name]) => name));
  if (names.size !== variables.length || variables.some(([name]) => ENGINE_VARIABLES.has(name))) return undefined;
  // The values of the evaluation that last read one of the variables. Evaluations of one rule never
  // interleave (they are synchronous, and checkOne renders a finding before the next starts), so one
  // set a rule is enough, and nothing needs to be stored on each evaluation's object; were one read
  // again after another, its values would be worked out afresh, the same.
  let owner: object | undefined;
  const values: unknown[] = new Array<unknown>(variables.length).fill(undefined);
  const prototype = {};
  variables.forEach(([name, expression], slot) => {
    Object.defineProperty(prototype, name, {
      get(this: Record<string, unknown>): unknown {
        if (owner !== this) {
          owner = this;
          values.fill(undefined);
        }
        return workedOut(values, slot, name, expression, this);
      },
      enumerable: false,
      configurable: false,
    });
  });
  return prototype;
}

/**
 * A ValidatingAdmissionPolicy's `variables` map for one evaluation, each field worked out on first
 * read against `context` (the evaluation's variables, which hold this map as `variables`, so a
 * variable can read an earlier one), as the API server does. Own properties, not a prototype's:
 * cel-js and the fast path read a map's field only when the map has it itself.
 */
export function lazyVariableMap(
  variables: readonly (readonly [string, CompiledExpression])[],
  context: Record<string, unknown>,
): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  const values: unknown[] = [];
  variables.forEach(([name, expression], slot) => {
    Object.defineProperty(map, name, {
      get: () => workedOut(values, slot, name, expression, context),
      enumerable: true,
      configurable: true,
    });
  });
  return map;
}

/** The value in `values[slot]`, worked out with `expression` on first read; a failure is kept too. */
function workedOut(values: unknown[], slot: number, name: string, expression: CompiledExpression, context: Record<string, unknown>): unknown {
  const known = values[slot];
  if (known !== undefined) {
    if (known === IN_PROGRESS) throw new Error(`variable ${name} depends on itself through other variables`);
    if (known instanceof Failed) throw known.error;
    return known;
  }
  values[slot] = IN_PROGRESS;
  try {
    return (values[slot] = expression(context));
  } catch (error) {
    // Kept too: the fast path retries a failed expression with the interpreter, which reads the
    // variable again, and without this each retry would recompute it (exponentially in a loop).
    values[slot] = new Failed(error);
    throw error;
  }
}

/** One evaluation's variables: the engine's (`base`) with the rule's computed on first read. */
export function withLazyVariables(prototype: object, base: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(prototype) as Record<string, unknown>, base);
}

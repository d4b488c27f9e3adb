// A compiler from cel-js's checked AST to JavaScript closures: the rules' CEL without the interpreter's
// per-node dispatch (runtime type lookup, overload search, context objects). It is exact by
// construction: it handles only the node kinds, value types and functions whose semantics it mirrors
// from cel-js (operators.js, overloads.js, functions.js, optional.js, macros.js), and "bails" on
// anything else, including every case where the interpreter would raise an error. CEL has no side
// effects, so the caller then simply re-runs the whole expression with the interpreter.
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { Quantity } from './quantity.ts';

/** What a fast path returns when it cannot answer; the caller must run the interpreter. */
export const BAIL: unique symbol = Symbol('cel fast path bail');

/** The functions the environment registers on top of cel-js, shared so both paths run the same code. */
export interface ExtensionFunctions {
  quantity(value: unknown): Quantity;
  isQuantity(text: string): boolean;
  compareTo(a: Quantity, b: Quantity): bigint;
  isLessThan(a: Quantity, b: Quantity): boolean;
  isGreaterThan(a: Quantity, b: Quantity): boolean;
  asApproximateFloat(a: Quantity): number;
  sign(a: Quantity): bigint;
  listIndexOf(list: unknown[], value: unknown): bigint;
  listLastIndexOf(list: unknown[], value: unknown): bigint;
}

export type FastPath = (context: Record<string, unknown>) => unknown;

type Frame = unknown[];
type Fn = (c: Record<string, unknown>, f: Frame) => unknown;

interface AstNode {
  op: string;
  args: unknown;
  meta: { alternate?: AstNode; macro?: Record<string, unknown> };
}

interface ComprehensionArgs {
  kind?: string;
  errorsAreFatal: boolean;
  iterable: AstNode;
  iterVarName: string;
  init: AstNode;
  condition?: (accu: unknown) => boolean;
  step: AstNode;
  result: (accu: unknown) => unknown;
}

/** Compile-time lexical scope: comprehension variables and accumulators live in frame slots. */
interface Scope {
  vars: ReadonlyMap<string, number>;
  accu: number | undefined;
  slots: { count: number };
}

// Thrown (never escapes this module's callers) to unwind to the interpreter.
const STOP: unique symbol = Symbol('cel fast path stop');
function bail(): never {
  throw STOP;
}

const { hasOwn } = Object;
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;
const NONE = Optional.none();

/** Values cel-js hands out but does not export the classes of: type values and the `optional` namespace. */
interface RuntimeConstants {
  typeClass: abstract new (...args: never[]) => object;
  types: Record<'string' | 'int' | 'double' | 'bool' | 'null' | 'list' | 'map', unknown>;
  optionalNamespace: unknown;
}

const constantsByEnvironment = new WeakMap<Environment, RuntimeConstants>();

function runtimeConstants(env: Environment): RuntimeConstants {
  let constants = constantsByEnvironment.get(env);
  if (constants) return constants;
  const typeOf = (value: unknown): unknown => env.evaluate('type(v)', { v: value });
  const stringType = typeOf('') as object;
  constants = {
    typeClass: stringType.constructor as RuntimeConstants['typeClass'],
    types: { string: stringType, int: typeOf(0n), double: typeOf(0.5), bool: typeOf(true), null: typeOf(null), list: typeOf([]), map: typeOf({}) },
    optionalNamespace: env.evaluate('optional'),
  };
  constantsByEnvironment.set(env, constants);
  return constants;
}

/**
 * The fast path for a parsed expression, or undefined when the expression does not type-check (the
 * interpreter then throws on every evaluation). `parsed.check()` annotates the AST exactly as the
 * interpreter's first evaluation would, so calling it here changes nothing for the interpreter.
 */
export function compileFastPath(
  parsed: { ast: unknown; check(): { valid: boolean } },
  env: Environment,
  extensions: ExtensionFunctions,
): FastPath | undefined {
  if (!parsed.check().valid) return undefined;
  const compiler = new Compiler(runtimeConstants(env), extensions);
  const slots = { count: 0 };
  let root: Fn;
  try {
    root = compiler.compile(parsed.ast as AstNode, { vars: new Map(), accu: undefined, slots });
  } catch {
    return undefined; // an AST shape this compiler does not know
  }
  const frameSize = slots.count;
  return (context) => {
    if (context === null || typeof context !== 'object' || context instanceof Map) return BAIL;
    try {
      return root(context, frameSize === 0 ? EMPTY_FRAME : new Array<unknown>(frameSize));
    } catch {
      // STOP, or any other surprise: the interpreter decides.
      return BAIL;
    }
  };
}

const EMPTY_FRAME: Frame = [];

function isMap(value: unknown): value is Record<string, unknown> {
  // cel-js types an object by its `constructor`: a map is a plain object (an own `constructor` key breaks that).
  return typeof value === 'object' && value !== null && value.constructor === Object;
}

function isPrimitive(value: unknown): value is string | bigint | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'bigint' || type === 'number' || type === 'boolean';
}

function checkedInt(value: bigint): bigint {
  if (value <= MAX_INT && value >= MIN_INT) return value;
  return bail();
}

class Compiler {
  readonly #constants: RuntimeConstants;
  readonly #ext: ExtensionFunctions;
  readonly #regexps = new Map<string, RegExp>();

  constructor(constants: RuntimeConstants, extensions: ExtensionFunctions) {
    this.#constants = constants;
    this.#ext = extensions;
  }

  /** A value of a type this compiler understands: anything else makes it bail. */
  #known(value: unknown): boolean {
    if (isPrimitive(value) || value === null) return true;
    if (typeof value !== 'object') return false;
    const ctor = value.constructor;
    return ctor === Object || ctor === Array || ctor === Optional || ctor === Quantity || value instanceof this.#constants.typeClass;
  }

  /**
   * The interpreter types a dyn list or map argument deeply by its first element (first key for maps,
   * in `for...in` order); that throws on an unsupported type, so the first-element chain must be known.
   */
  #deepKnown(value: unknown): boolean {
    for (let depth = 0; depth < 64; depth++) {
      if (Array.isArray(value)) {
        if (value.length === 0) return true;
        value = value[0];
        continue;
      }
      if (isMap(value)) {
        let next: unknown;
        let found = false;
        for (const key in value) {
          next = value[key];
          found = true;
          break;
        }
        if (!found || next === undefined) return true;
        value = next;
        continue;
      }
      return this.#known(value);
    }
    return false;
  }

  compile(node: AstNode, scope: Scope): Fn {
    const { alternate, macro } = node.meta;
    if (alternate) return this.compile(alternate, scope);
    if (macro) return this.#macro(node, macro, scope);
    switch (node.op) {
      case 'value': {
        const value = node.args;
        return () => value;
      }
      case 'id':
        return this.#id(node.args as string, scope);
      case '.':
      case '.?':
      case '[]':
      case '[?]':
        return this.#access(node, scope);
      case '&&':
      case '||':
        return this.#logical(node.op, node.args as AstNode[], scope);
      case '!_': {
        const operand = this.compile(node.args as AstNode, scope);
        return (c, f) => {
          const v = operand(c, f);
          return typeof v === 'boolean' ? !v : bail();
        };
      }
      case '-_': {
        const operand = this.compile(node.args as AstNode, scope);
        return (c, f) => {
          const v = operand(c, f);
          // cel-js negates ints without an overflow check: so do we.
          return typeof v === 'bigint' || typeof v === 'number' ? -v : bail();
        };
      }
      case '?:': {
        const [condition, whenTrue, whenFalse] = (node.args as AstNode[]).map((n) => this.compile(n, scope)) as [Fn, Fn, Fn];
        return (c, f) => {
          const v = condition(c, f);
          if (v === true) return whenTrue(c, f);
          if (v === false) return whenFalse(c, f);
          return bail();
        };
      }
      case 'list':
        return this.#list(node.args as AstNode[], scope);
      case 'map':
        return this.#mapLiteral(node.args as [AstNode, AstNode][], scope);
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
      case 'in':
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return this.#binary(node.op, node.args as [AstNode, AstNode], scope);
      case 'call':
        return this.#call(node.args as [string, AstNode[]], scope);
      case 'rcall':
        return this.#method(node.args as [string, AstNode, AstNode[]], scope);
      case 'comprehension':
        return this.#comprehension(node.args as ComprehensionArgs, scope);
      case 'accuValue': {
        const slot = scope.accu;
        if (slot === undefined) return bail;
        return (_c, f) => f[slot];
      }
      case 'accuInc': {
        const slot = scope.accu;
        if (slot === undefined) return bail;
        return (_c, f) => (f[slot] = (f[slot] as number) + 1);
      }
      case 'accuPush': {
        const slot = scope.accu;
        if (slot === undefined) return bail;
        const element = this.compile(node.args as AstNode, scope);
        return (c, f) => {
          const list = f[slot] as unknown[];
          list.push(element(c, f));
          return list;
        };
      }
      default:
        return bail;
    }
  }

  #id(name: string, scope: Scope): Fn {
    const slot = scope.vars.get(name);
    if (slot !== undefined) return (_c, f) => f[slot];
    // Like cel-js's RootContext: a plain property read, so variables may come from the prototype chain.
    return (c) => {
      const v = c[name];
      return v !== undefined && this.#known(v) ? v : bail();
    };
  }

  #access(node: AstNode, scope: Scope): Fn {
    if (node.op === '.' || node.op === '.?') return this.#fieldChain(node, scope);
    const [leftNode, right] = node.args as [AstNode, unknown];
    const left = this.compile(leftNode, scope);
    const index = this.compile(right as AstNode, scope);
    if (node.op === '[?]') return (c, f) => this.#optionalField(left(c, f), index(c, f));
    return (c, f) => {
      const obj = left(c, f);
      const key = index(c, f);
      if (Array.isArray(obj)) {
        if (typeof key !== 'bigint') return bail();
        const v: unknown = obj[Number(key)];
        return v !== undefined && this.#known(v) ? v : bail();
      }
      if (typeof key !== 'string') return obj instanceof Optional ? this.#optionalField(obj, key) : bail();
      return this.#field(obj, key);
    }
  }

  /**
   * A run of field selections (`container.?securityContext.?privileged`) as one closure that takes
   * the same steps in the same order: rules are mostly such paths, and one call a path instead of one
   * a field is most of what a cold start spends in them.
   */
  #fieldChain(node: AstNode, scope: Scope): Fn {
    const keys: string[] = [];
    const optional: boolean[] = [];
    let base = node;
    // Only plain selections join the run; one the checker rewrote (alternate) or a macro compiles on its own.
    while ((base.op === '.' || base.op === '.?') && (base === node || (!base.meta.alternate && !base.meta.macro))) {
      const [leftNode, key] = base.args as [AstNode, string];
      keys.unshift(key);
      optional.unshift(base.op === '.?');
      base = leftNode;
    }
    const root = this.compile(base, scope);
    const step = (value: unknown, i: number): unknown => (optional[i] ? this.#optionalField(value, keys[i]) : this.#field(value, keys[i]!));
    switch (keys.length) {
      case 1:
        return (c, f) => step(root(c, f), 0);
      case 2:
        return (c, f) => step(step(root(c, f), 0), 1);
      case 3:
        return (c, f) => step(step(step(root(c, f), 0), 1), 2);
      default:
        return (c, f) => {
          let value = root(c, f);
          for (let i = 0; i < keys.length; i++) value = step(value, i);
          return value;
        };
    }
  }

  /** `obj.key` (or `obj[key]` with a string key): own fields of maps; optional chaining on optionals. */
  #field(obj: unknown, key: string): unknown {
    if (isMap(obj)) {
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      return v !== undefined && this.#known(v) ? v : bail();
    }
    if (obj instanceof Optional) return this.#optionalField(obj, key);
    return bail();
  }

  /** cel-js's optional field/index access (`#getOptionalField`): errors become optional.none(). */
  #optionalField(obj: unknown, key: unknown): unknown {
    if (obj instanceof Optional) {
      obj = obj.orValue(undefined);
      if (obj === undefined) return NONE;
    }
    if (isMap(obj)) {
      if (typeof key !== 'string') return bail();
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      if (v === undefined) return NONE;
      return this.#known(v) ? Optional.of(v) : bail();
    }
    if (Array.isArray(obj)) {
      let position: number;
      if (typeof key === 'bigint') position = Number(key);
      else if (typeof key === 'number') position = key;
      else return NONE;
      const v: unknown = obj[position];
      if (v === undefined) return NONE;
      return this.#known(v) ? Optional.of(v) : bail();
    }
    // Scalars have no fields: the lookup finds nothing.
    if (isPrimitive(obj) || obj === null) return NONE;
    return bail();
  }

  /** What has() sees one step down (cel-js's `fieldLazy` for the value's runtime type). */
  #lazyField(obj: unknown, key: string): unknown {
    if (isMap(obj)) {
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      if (v === undefined) return undefined;
      return this.#known(v) ? v : bail();
    }
    if (Array.isArray(obj) || isPrimitive(obj) || obj === null) return undefined;
    if (obj instanceof Optional) return this.#optionalField(obj, key);
    return bail();
  }

  #logical(op: '&&' | '||', args: AstNode[], scope: Scope): Fn {
    const left = this.compile(args[0]!, scope);
    const right = this.compile(args[1]!, scope);
    // cel-js evaluates the left side absorbing errors: when the right side alone decides (false for
    // &&, true for ||), the left side's value or error does not matter.
    const decisive = op === '||';
    return (c, f) => {
      let l: unknown;
      try {
        l = left(c, f);
      } catch {
        l = STOP;
      }
      if (l === decisive) return decisive;
      const r = right(c, f);
      if (l === !decisive) return typeof r === 'boolean' ? r : bail();
      return r === decisive ? decisive : bail();
    };
  }

  #list(elements: AstNode[], scope: Scope): Fn {
    const fns = elements.map((n) => this.compile(n, scope));
    return (c, f) => fns.map((fn) => fn(c, f));
  }

  #mapLiteral(entries: [AstNode, AstNode][], scope: Scope): Fn {
    const fns = entries.map(([k, v]) => [this.compile(k, scope), this.compile(v, scope)] as const);
    return (c, f) => {
      const out: Record<string, unknown> = {};
      for (const [keyFn, valueFn] of fns) {
        const key = keyFn(c, f);
        const value = valueFn(c, f);
        if (typeof key !== 'string') return bail();
        // cel-js's safeFromEntries drops these keys.
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
        out[key] = value;
      }
      return out;
    };
  }

  #binary(op: string, args: [AstNode, AstNode], scope: Scope): Fn {
    const left = this.compile(args[0], scope);
    const right = this.compile(args[1], scope);
    switch (op) {
      case '==':
        return (c, f) => this.#equals(left(c, f), right(c, f));
      case '!=':
        return (c, f) => !this.#equals(left(c, f), right(c, f));
      case '<':
        return (c, f) => comparable(left(c, f), right(c, f), (a, b) => a < b);
      case '<=':
        return (c, f) => comparable(left(c, f), right(c, f), (a, b) => a <= b);
      case '>':
        return (c, f) => comparable(left(c, f), right(c, f), (a, b) => a > b);
      case '>=':
        return (c, f) => comparable(left(c, f), right(c, f), (a, b) => a >= b);
      case 'in':
        return (c, f) => this.#in(left(c, f), right(c, f));
      case '+':
        return (c, f) => this.#plus(left(c, f), right(c, f));
      case '-':
        return (c, f) => arithmetic(left(c, f), right(c, f), (a, b) => a - b, (a, b) => a - b);
      case '*':
        return (c, f) => arithmetic(left(c, f), right(c, f), (a, b) => a * b, (a, b) => a * b);
      case '/':
        return (c, f) => arithmetic(left(c, f), right(c, f), (a, b) => (b === 0n ? bail() : a / b), (a, b) => a / b);
      case '%':
        return (c, f) => arithmetic(left(c, f), right(c, f), (a, b) => (b === 0n ? bail() : a % b), () => bail());
      default:
        return bail;
    }
  }

  /** CEL equality where cel-js's answer is certain: same-type scalars, int against double, null, types. */
  #equals(a: unknown, b: unknown): boolean {
    if (isPrimitive(a) && isPrimitive(b)) {
      const ta = typeof a;
      const tb = typeof b;
      if (ta === tb) return a === b;
      // eslint-disable-next-line eqeqeq -- cel-js compares an int with a double numerically.
      if ((ta === 'bigint' && tb === 'number') || (ta === 'number' && tb === 'bigint')) return a == b;
      // Different scalar types are never equal.
      return false;
    }
    if (a === null || b === null) {
      const other = a === null ? b : a;
      if (other === null || isPrimitive(other) || ((Array.isArray(other) || isMap(other)) && this.#deepKnown(other))) return a === b;
      return bail();
    }
    const typeClass = this.#constants.typeClass;
    if (a instanceof typeClass && b instanceof typeClass) return a === b;
    // Two lists or two maps reach cel-js's list/map overloads, which compare element by element;
    // a list against a map falls back to identity.
    const aList = Array.isArray(a);
    const bList = Array.isArray(b);
    if (!(aList || isMap(a)) || !(bList || isMap(b)) || !this.#deepKnown(a) || !this.#deepKnown(b)) return bail();
    return aList === bList ? deepEqual(a, b) : false;
  }

  #in(value: unknown, collection: unknown): boolean {
    if (Array.isArray(collection)) {
      // A dyn operand matches `V in list<V>` whatever the elements; the list's deep type must be known.
      if (!isPrimitive(value) || !this.#deepKnown(collection)) return bail();
      for (const item of collection) {
        if (item === value) return true;
        // eslint-disable-next-line eqeqeq -- isEqual: an int equals a double of the same value.
        if ((typeof value === 'bigint' && typeof item === 'number') || (typeof value === 'number' && typeof item === 'bigint')) if (value == item) return true;
      }
      return false;
    }
    if (isMap(collection) && typeof value === 'string' && this.#deepKnown(collection)) {
      return hasOwn(collection, value) ? collection[value] !== undefined : false;
    }
    return bail();
  }

  #plus(a: unknown, b: unknown): unknown {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b);
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    if (Array.isArray(a) && Array.isArray(b) && this.#deepKnown(a) && this.#deepKnown(b)) return [...a, ...b];
    return bail();
  }

  #macro(node: AstNode, macro: Record<string, unknown>, scope: Scope): Fn {
    if (node.op === 'call' && (node.args as [string])[0] === 'has' && Array.isArray(macro.macroHasProps)) {
      return this.#has(macro.macroHasProps as AstNode[], scope);
    }
    const name = (node.args as [string])[0];
    if (node.op !== 'rcall' || (name !== 'orValue' && name !== 'or')) return bail;
    const receiver = this.compile(macro.receiver as AstNode, scope);
    const arg = this.compile(macro.arg as AstNode, scope);
    if (name === 'orValue') {
      return (c, f) => {
        const optional = receiver(c, f);
        if (!(optional instanceof Optional)) return bail();
        return optional.hasValue() ? optional.value() : arg(c, f);
      };
    }
    if (name === 'or') {
      return (c, f) => {
        const optional = receiver(c, f);
        if (!(optional instanceof Optional)) return bail();
        if (optional.hasValue()) return optional;
        const other = arg(c, f);
        return other instanceof Optional ? other : bail();
      };
    }
    return bail;
  }

  /** has(a.b.c): cel-js walks the selections from the variable out (see macros.js createHasExpander). */
  #has(props: AstNode[], scope: Scope): Fn {
    const base = this.compile(props[props.length - 1]!, scope);
    const steps = props.slice(0, -1).map((n) => ({ key: (n.args as [unknown, string])[1], optional: n.op === '.?' }));
    return (c, f) => {
      let obj = base(c, f);
      let inOptional = false;
      for (let i = steps.length - 1; i >= 0; i--) {
        const step = steps[i]!;
        if (step.optional) inOptional = true;
        obj = this.#lazyField(obj, step.key);
        if (obj !== undefined) continue;
        // A missing field below the outermost one is an error, unless `.?` came before.
        if (!inOptional && i > 0) return bail();
        break;
      }
      return obj !== undefined;
    };
  }

  #comprehension(args: ComprehensionArgs, scope: Scope): Fn {
    const iterable = this.compile(args.iterable, scope);
    const init = this.compile(args.init, scope);
    const iterSlot = scope.slots.count++;
    const accu = scope.slots.count++;
    const vars = new Map(scope.vars).set(args.iterVarName, iterSlot);
    const step = this.compile(args.step, { vars, accu, slots: scope.slots });
    const { condition, result } = args;
    const absorbsErrors = args.kind === 'quantifier' && !args.errorsAreFatal;
    if (absorbsErrors && !condition) return bail;
    return (c, f) => {
      const collection = iterable(c, f);
      let items: unknown[];
      if (Array.isArray(collection)) items = collection;
      else if (isMap(collection)) items = Object.keys(collection);
      else return bail();
      let value = init(c, f);
      f[accu] = value;
      if (absorbsErrors) {
        // all()/exists(): cel-js keeps going past a failing predicate and only raises its error when
        // no later element decides; an unknown step here is either that error or a non-deciding value.
        let unknown = false;
        for (const item of items) {
          if (!condition!(value)) return result(value);
          if (!this.#known(item)) return bail();
          f[iterSlot] = item;
          try {
            value = step(c, f);
          } catch {
            unknown = true;
          }
        }
        if (unknown && condition!(value)) return bail();
        return result(value);
      }
      for (const item of items) {
        if (condition && !condition(value)) break;
        if (!this.#known(item)) return bail();
        f[iterSlot] = item;
        value = step(c, f);
      }
      return result(value);
    };
  }

  #call([name, argNodes]: [string, AstNode[]], scope: Scope): Fn {
    const args = argNodes.map((n) => this.compile(n, scope));
    if (args.length !== 1) return bail;
    const arg = args[0]!;
    const fn = this.#globalFunction(name);
    return fn ? (c, f) => fn(arg(c, f)) : bail;
  }

  #globalFunction(name: string): ((v: unknown) => unknown) | undefined {
    const ext = this.#ext;
    const types = this.#constants.types;
    switch (name) {
      case 'size':
        return (v) => this.#size(v);
      case 'string':
        return (v) => {
          switch (typeof v) {
            case 'string':
              return v;
            case 'bigint':
            case 'boolean':
              return `${v}`;
            case 'number':
              if (v === Infinity) return '+Inf';
              if (v === -Infinity) return '-Inf';
              return `${v}`;
            default:
              return bail();
          }
        };
      case 'int':
        return (v) => {
          if (typeof v === 'bigint') return v;
          if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : bail();
          if (typeof v !== 'string' || v !== v.trim() || v.length > 20 || v.includes('0x')) return bail();
          let n: bigint;
          try {
            n = BigInt(v);
          } catch {
            return bail();
          }
          return n <= MAX_INT && n >= MIN_INT ? n : bail();
        };
      case 'double':
        return (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : bail());
      case 'type':
        return (v) => {
          switch (typeof v) {
            case 'string':
              return types.string;
            case 'bigint':
              return types.int;
            case 'number':
              return types.double;
            case 'boolean':
              return types.bool;
            default:
              if (v === null) return types.null;
              if (Array.isArray(v) && this.#deepKnown(v)) return types.list;
              if (isMap(v) && this.#deepKnown(v)) return types.map;
              return bail();
          }
        };
      case 'quantity':
        return (v) => (isPrimitive(v) && typeof v !== 'boolean' ? ext.quantity(v) : bail());
      case 'isQuantity':
        return (v) => (typeof v === 'string' ? ext.isQuantity(v) : bail());
      default:
        return undefined;
    }
  }

  #size(v: unknown): bigint {
    if (typeof v === 'string') {
      let count = 0;
      for (const _ of v) count++; // code points, like cel-js
      return BigInt(count);
    }
    if (Array.isArray(v) && this.#deepKnown(v)) return BigInt(v.length);
    if (isMap(v) && this.#deepKnown(v)) return BigInt(Object.keys(v).length);
    return bail();
  }

  #method([name, receiverNode, argNodes]: [string, AstNode, AstNode[]], scope: Scope): Fn {
    const receiver = this.compile(receiverNode, scope);
    const args = argNodes.map((n) => this.compile(n, scope));
    const method = this.#methodFor(name, args.length);
    if (!method) return bail;
    if (args.length === 0) return (c, f) => method(receiver(c, f), undefined, undefined);
    const [first, second] = args as [Fn, Fn | undefined];
    if (!second) return (c, f) => method(receiver(c, f), first(c, f), undefined);
    return (c, f) => method(receiver(c, f), first(c, f), second(c, f));
  }

  #methodFor(name: string, arity: number): ((r: unknown, a: unknown, b: unknown) => unknown) | undefined {
    const ext = this.#ext;
    const quantities = (r: unknown, a: unknown): boolean => r instanceof Quantity && r.constructor === Quantity && a instanceof Quantity && a.constructor === Quantity;
    const strings = (r: unknown, a: unknown): r is string => typeof r === 'string' && typeof a === 'string';
    const key = `${name}/${arity}`;
    switch (key) {
      case 'size/0':
        return (r) => this.#size(r);
      case 'hasValue/0':
        return (r) => (r instanceof Optional ? r.hasValue() : bail());
      case 'value/0':
        return (r) => (r instanceof Optional && r.hasValue() ? r.value() : bail());
      case 'of/1':
        return (r, a) => (r === this.#constants.optionalNamespace && this.#known(a) ? Optional.of(a) : bail());
      case 'none/0':
        return (r) => (r === this.#constants.optionalNamespace ? NONE : bail());
      case 'matches/1':
        return (r, a) => (strings(r, a) ? this.#regexp(a as string).test(r) : bail());
      case 'startsWith/1':
        return (r, a) => (strings(r, a) ? r.startsWith(a as string) : bail());
      case 'endsWith/1':
        return (r, a) => (strings(r, a) ? r.endsWith(a as string) : bail());
      case 'contains/1':
        return (r, a) => (strings(r, a) ? r.includes(a as string) : bail());
      case 'split/1':
        return (r, a) => (strings(r, a) ? r.split(a as string) : bail());
      case 'lowerAscii/0':
        return (r) => (typeof r === 'string' ? r.toLowerCase() : bail());
      case 'upperAscii/0':
        return (r) => (typeof r === 'string' ? r.toUpperCase() : bail());
      case 'trim/0':
        return (r) => (typeof r === 'string' ? r.trim() : bail());
      case 'join/0':
      case 'join/1':
        return (r, a) => {
          if (!Array.isArray(r) || (arity === 1 && typeof a !== 'string')) return bail();
          for (const item of r) if (typeof item !== 'string') return bail();
          return r.join(arity === 1 ? (a as string) : '');
        };
      case 'substring/1':
        return (r, a) => {
          if (typeof r !== 'string' || typeof a !== 'bigint') return bail();
          const start = Number(a);
          return start < 0 || start > r.length ? bail() : r.substring(start);
        };
      case 'substring/2':
        return (r, a, b) => {
          if (typeof r !== 'string' || typeof a !== 'bigint' || typeof b !== 'bigint') return bail();
          const start = Number(a);
          const end = Number(b);
          if (start < 0 || start > r.length || end < start || end > r.length) return bail();
          return r.substring(start, end);
        };
      case 'indexOf/1':
      case 'lastIndexOf/1':
        return (r, a) => {
          const last = name === 'lastIndexOf';
          if (strings(r, a)) return BigInt(last ? r.lastIndexOf(a as string) : r.indexOf(a as string));
          if (Array.isArray(r) && this.#deepKnown(r) && this.#known(a) && this.#deepKnown(a)) {
            return last ? ext.listLastIndexOf(r, a) : ext.listIndexOf(r, a);
          }
          return bail();
        };
      case 'compareTo/1':
        return (r, a) => (quantities(r, a) ? ext.compareTo(r as Quantity, a as Quantity) : bail());
      case 'isLessThan/1':
        return (r, a) => (quantities(r, a) ? ext.isLessThan(r as Quantity, a as Quantity) : bail());
      case 'isGreaterThan/1':
        return (r, a) => (quantities(r, a) ? ext.isGreaterThan(r as Quantity, a as Quantity) : bail());
      case 'asApproximateFloat/0':
        return (r) => (r instanceof Quantity && r.constructor === Quantity ? ext.asApproximateFloat(r) : bail());
      case 'sign/0':
        return (r) => (r instanceof Quantity && r.constructor === Quantity ? ext.sign(r) : bail());
      default:
        return undefined;
    }
  }

  /** `matches` builds `new RegExp(pattern)` (no flags, so `test` keeps no state): cache it. */
  #regexp(pattern: string): RegExp {
    let regexp = this.#regexps.get(pattern);
    if (!regexp) {
      try {
        regexp = new RegExp(pattern);
      } catch {
        return bail();
      }
      if (this.#regexps.size >= 100) this.#regexps.clear(); // patterns from data must not pile up
      this.#regexps.set(pattern, regexp);
    }
    return regexp;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'list' : isMap(value) ? 'map' : 'other';
}

/** cel-js's `isEqual` (overloads.js), for the values this compiler knows; bails where it would throw. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'string':
    case 'boolean':
      return false;
    case 'bigint':
    case 'number':
      // eslint-disable-next-line eqeqeq -- an int equals a double of the same value.
      return (typeof b === 'bigint' || typeof b === 'number') && typeof b !== typeof a ? a == b : false;
    case 'object': {
      if (typeof b !== 'object') return false;
      const kindA = kindOf(a);
      const kindB = kindOf(b);
      if (kindA === 'other' || kindB === 'other') return bail();
      if (kindA !== kindB || kindA === 'null') return false;
      if (kindA === 'list') {
        const listA = a as unknown[];
        const listB = b as unknown[];
        return listA.length === listB.length && listA.every((item, i) => deepEqual(item, listB[i]));
      }
      const mapA = a as Record<string, unknown>;
      const mapB = b as Record<string, unknown>;
      const keysA = Object.keys(mapA);
      if (keysA.length !== Object.keys(mapB).length) return false;
      // `in`, not hasOwn, as cel-js does.
      return keysA.every((key) => key in mapB && deepEqual(mapA[key], mapB[key]));
    }
    default:
      return bail();
  }
}

function comparable(a: unknown, b: unknown, compare: (a: string | number | bigint | boolean, b: string | number | bigint | boolean) => boolean): boolean {
  if (!isPrimitive(a) || !isPrimitive(b)) return bail();
  const ta = typeof a;
  const tb = typeof b;
  if (ta === tb || ((ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number'))) return compare(a, b);
  return bail();
}

function arithmetic(a: unknown, b: unknown, ints: (a: bigint, b: bigint) => bigint, doubles: (a: number, b: number) => number): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(ints(a, b));
  if (typeof a === 'number' && typeof b === 'number') return doubles(a, b);
  return bail();
}

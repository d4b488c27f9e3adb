// What CEL's operators and functions do to values, as the fast paths run them (cel-fast-path.ts builds
// closures on it, cel-codegen.ts writes JavaScript that calls it). Each operation mirrors cel-js
// (operators.js, overloads.js, functions.js, optional.js) for the value types it knows and throws STOP
// ("bail") everywhere else, including every case where the interpreter would raise an error: CEL has
// no side effects, so the caller then re-runs the whole expression with the interpreter.
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { Quantity } from './quantity.ts';

/** What a fast path returns when it cannot answer; the caller must run the interpreter. */
export const BAIL: unique symbol = Symbol('cel fast path bail');

// Thrown (never escapes a fast path) to unwind to the interpreter.
export const STOP: unique symbol = Symbol('cel fast path stop');
export function bail(): never {
  throw STOP;
}

/** The functions the environment registers on top of cel-js, shared so every path runs the same code. */
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

/** Values cel-js hands out but does not export the classes of. */
interface RuntimeConstants {
  typeClass: abstract new (...args: never[]) => object;
  types: Record<'string' | 'int' | 'double' | 'bool' | 'null' | 'list' | 'map', unknown>;
  optionalNamespace: unknown;
}

export type UnaryFunction = (v: unknown) => unknown;
export type Method = (r: unknown, a: unknown, b: unknown) => unknown;

const { hasOwn } = Object;
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;
export const NONE = Optional.none();
const SURROGATE = /[\uD800-\uDFFF]/;

export function isMap(value: unknown): value is Record<string, unknown> {
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

/**
 * The value operations for one environment. It also holds the values cel-js hands out but does not
 * export the classes of (type values, the `optional` namespace), found by asking the environment.
 * The operations generated code calls most are functions of their own (arrow properties, no `this`
 * to bind): its prelude takes them out of the runtime once, and a call needs no property lookup.
 */
export class CelRuntime {
  readonly ext: ExtensionFunctions;
  readonly #env: Environment;
  #constants: RuntimeConstants | undefined;
  readonly #regexps = new Map<string, RegExp>();
  readonly #globals = new Map<string, UnaryFunction | undefined>();
  readonly #methods = new Map<string, Method | undefined>();

  constructor(env: Environment, extensions: ExtensionFunctions) {
    this.#env = env;
    this.ext = extensions;
  }

  /** The class of cel-js's type values (`type(x)`, `int`, `string`). */
  get typeClass(): RuntimeConstants['typeClass'] {
    return this.#runtimeConstants().typeClass;
  }

  get types(): RuntimeConstants['types'] {
    return this.#runtimeConstants().types;
  }

  /** cel-js's `optional` namespace value (`optional.of(x)`, `optional.none()`). */
  get optionalNamespace(): unknown {
    return this.#runtimeConstants().optionalNamespace;
  }

  /**
   * Asked of the environment when first needed, not when the runtime is made: a scan whose rules
   * never meet a type value or `optional.of` then parses no CEL at all (the built-in rules' code
   * needs none).
   */
  #runtimeConstants(): RuntimeConstants {
    if (this.#constants) return this.#constants;
    const env = this.#env;
    const typeOf = (value: unknown): unknown => env.evaluate('type(v)', { v: value });
    const stringType = typeOf('') as object;
    this.#constants = {
      typeClass: stringType.constructor as RuntimeConstants['typeClass'],
      types: { string: stringType, int: typeOf(0n), double: typeOf(0.5), bool: typeOf(true), null: typeOf(null), list: typeOf([]), map: typeOf({}) },
      optionalNamespace: env.evaluate('optional'),
    };
    return this.#constants;
  }

  readonly known = (value: unknown): boolean => {
    if (isPrimitive(value) || value === null) return true;
    if (typeof value !== 'object') return false;
    const ctor = value.constructor;
    return ctor === Object || ctor === Array || ctor === Optional || ctor === Quantity || value instanceof this.typeClass;
  };

  /**
   * The interpreter types a dyn list or map argument deeply by its first element (first key for maps,
   * in `for...in` order); that throws on an unsupported type, so the first-element chain must be known.
   */
  deepKnown(value: unknown): boolean {
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
      return this.known(value);
    }
    return false;
  }

  /** `obj.key` (or `obj[key]` with a string key): own fields of maps; optional chaining on optionals. */
  readonly field = (obj: unknown, key: string): unknown => {
    if (isMap(obj)) {
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      return v !== undefined && this.known(v) ? v : bail();
    }
    if (obj instanceof Optional) return this.optionalField(obj, key);
    return bail();
  };

  /** `obj[key]`. */
  readonly index = (obj: unknown, key: unknown): unknown => {
    if (Array.isArray(obj)) {
      if (typeof key !== 'bigint') return bail();
      const v: unknown = obj[Number(key)];
      return v !== undefined && this.known(v) ? v : bail();
    }
    if (typeof key !== 'string') return obj instanceof Optional ? this.optionalField(obj, key) : bail();
    return this.field(obj, key);
  };

  /** cel-js's optional field/index access (`#getOptionalField`): errors become optional.none(). */
  readonly optionalField = (obj: unknown, key: unknown): unknown => {
    if (obj instanceof Optional) {
      obj = obj.orValue(undefined);
      if (obj === undefined) return NONE;
    }
    return this.optionalFieldOf(obj, key);
  };

  /** optionalField of what is not an optional itself (the value inside one, unwrapped already). */
  readonly optionalFieldOf = (obj: unknown, key: unknown): Optional => {
    if (isMap(obj)) {
      if (typeof key !== 'string') return bail();
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      if (v === undefined) return NONE;
      return this.known(v) ? Optional.of(v) : bail();
    }
    if (Array.isArray(obj)) {
      let position: number;
      if (typeof key === 'bigint') position = Number(key);
      else if (typeof key === 'number') position = key;
      else return NONE;
      const v: unknown = obj[position];
      if (v === undefined) return NONE;
      return this.known(v) ? Optional.of(v) : bail();
    }
    // Scalars have no fields: the lookup finds nothing.
    if (isPrimitive(obj) || obj === null) return NONE;
    return bail();
  };

  /** What has() sees one step down (cel-js's `fieldLazy` for the value's runtime type). */
  readonly lazyField = (obj: unknown, key: string): unknown => {
    if (isMap(obj)) {
      const v = hasOwn(obj, key) ? obj[key] : undefined;
      if (v === undefined) return undefined;
      return this.known(v) ? v : bail();
    }
    if (Array.isArray(obj) || isPrimitive(obj) || obj === null) return undefined;
    if (obj instanceof Optional) return this.optionalField(obj, key);
    return bail();
  };

  /** CEL equality where cel-js's answer is certain: same-type scalars, int against double, null, types. */
  readonly equals = (a: unknown, b: unknown): boolean => {
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
      if (other === null || isPrimitive(other) || ((Array.isArray(other) || isMap(other)) && this.deepKnown(other))) return a === b;
      return bail();
    }
    const typeClass = this.typeClass;
    if (a instanceof typeClass && b instanceof typeClass) return a === b;
    // Two lists or two maps reach cel-js's list/map overloads, which compare element by element;
    // a list against a map falls back to identity.
    const aList = Array.isArray(a);
    const bList = Array.isArray(b);
    if (!(aList || isMap(a)) || !(bList || isMap(b)) || !this.deepKnown(a) || !this.deepKnown(b)) return bail();
    return aList === bList ? deepEqual(a, b) : false;
  };

  readonly isIn = (value: unknown, collection: unknown): boolean => {
    if (Array.isArray(collection)) {
      // A dyn operand matches `V in list<V>` whatever the elements; the list's deep type must be known.
      if (!isPrimitive(value) || !this.deepKnown(collection)) return bail();
      for (let i = 0; i < collection.length; i++) {
        const item: unknown = collection[i];
        if (item === value) return true;
        // eslint-disable-next-line eqeqeq -- isEqual: an int equals a double of the same value.
        if ((typeof value === 'bigint' && typeof item === 'number') || (typeof value === 'number' && typeof item === 'bigint')) if (value == item) return true;
      }
      return false;
    }
    if (isMap(collection) && typeof value === 'string' && this.deepKnown(collection)) {
      return hasOwn(collection, value) ? collection[value] !== undefined : false;
    }
    return bail();
  };

  readonly plus = (a: unknown, b: unknown): unknown => {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (typeof a === 'bigint' && typeof b === 'bigint') return checkedInt(a + b);
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    if (Array.isArray(a) && Array.isArray(b) && this.deepKnown(a) && this.deepKnown(b)) return [...a, ...b];
    return bail();
  };

  size(v: unknown): bigint {
    if (typeof v === 'string') {
      // Code points, like cel-js: the length, less one for each surrogate pair.
      if (!SURROGATE.test(v)) return BigInt(v.length);
      let count = 0;
      for (const _ of v) count++;
      return BigInt(count);
    }
    if (Array.isArray(v) && this.deepKnown(v)) return BigInt(v.length);
    if (isMap(v) && this.deepKnown(v)) return BigInt(Object.keys(v).length);
    return bail();
  }

  /** A global function of one argument (`size(x)`, `int(x)`), or undefined when the fast paths have none. */
  globalFunction(name: string): UnaryFunction | undefined {
    if (!this.#globals.has(name)) this.#globals.set(name, this.#makeGlobal(name));
    return this.#globals.get(name);
  }

  /** A receiver-style function (`s.startsWith(x)`) of `arity` arguments, or undefined. */
  method(name: string, arity: number): Method | undefined {
    const key = `${name}/${arity}`;
    if (!this.#methods.has(key)) this.#methods.set(key, this.#makeMethod(name, arity));
    return this.#methods.get(key);
  }

  #makeGlobal(name: string): UnaryFunction | undefined {
    const ext = this.ext;
    const types = this.types;
    switch (name) {
      case 'size':
        return (v) => this.size(v);
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
              if (Array.isArray(v) && this.deepKnown(v)) return types.list;
              if (isMap(v) && this.deepKnown(v)) return types.map;
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

  #makeMethod(name: string, arity: number): Method | undefined {
    const ext = this.ext;
    const quantities = (r: unknown, a: unknown): boolean => r instanceof Quantity && r.constructor === Quantity && a instanceof Quantity && a.constructor === Quantity;
    const strings = (r: unknown, a: unknown): r is string => typeof r === 'string' && typeof a === 'string';
    switch (`${name}/${arity}`) {
      case 'size/0':
        return (r) => this.size(r);
      case 'hasValue/0':
        return (r) => (r instanceof Optional ? r.hasValue() : bail());
      case 'value/0':
        return (r) => (r instanceof Optional && r.hasValue() ? r.value() : bail());
      case 'of/1':
        return (r, a) => (r === this.optionalNamespace && this.known(a) ? Optional.of(a) : bail());
      case 'none/0':
        return (r) => (r === this.optionalNamespace ? NONE : bail());
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
          if (Array.isArray(r) && this.deepKnown(r) && this.known(a) && this.deepKnown(a)) {
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

const runtimes = new WeakMap<Environment, CelRuntime>();

/** The runtime of an environment, made on first use. */
export function celRuntime(env: Environment, extensions: ExtensionFunctions): CelRuntime {
  let runtime = runtimes.get(env);
  if (!runtime) runtimes.set(env, (runtime = new CelRuntime(env, extensions)));
  return runtime;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Array.isArray(value) ? 'list' : isMap(value) ? 'map' : 'other';
}

/** cel-js's `isEqual` (overloads.js), for the values the fast paths know; bails where it would throw. */
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

/** `<`, `<=`, `>`, `>=`: scalars of one type, or ints against doubles. */
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

/** cel-js's binary operators (AST `op`s) the fast paths take on. */
export const BINARY_OPERATOR_NAMES: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', 'in', '+', '-', '*', '/', '%']);

/** The comparison and arithmetic operators, by CEL operator, as the fast paths run them. */
export const BINARY_OPERATORS: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  '<': (a, b) => comparable(a, b, (x, y) => x < y),
  '<=': (a, b) => comparable(a, b, (x, y) => x <= y),
  '>': (a, b) => comparable(a, b, (x, y) => x > y),
  '>=': (a, b) => comparable(a, b, (x, y) => x >= y),
  '-': (a, b) => arithmetic(a, b, (x, y) => x - y, (x, y) => x - y),
  '*': (a, b) => arithmetic(a, b, (x, y) => x * y, (x, y) => x * y),
  '/': (a, b) => arithmetic(a, b, (x, y) => (y === 0n ? bail() : x / y), (x, y) => x / y),
  '%': (a, b) => arithmetic(a, b, (x, y) => (y === 0n ? bail() : x % y), () => bail()),
};

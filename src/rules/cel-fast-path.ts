// A compiler from cel-js's checked AST to JavaScript closures: the rules' CEL without the interpreter's
// per-node dispatch (runtime type lookup, overload search, context objects). It is exact by
// construction: it handles only the node kinds whose semantics it mirrors from cel-js, runs values
// through cel-runtime.ts (which bails on every value it cannot vouch for), and "bails" on anything
// else. CEL has no side effects, so the caller then simply re-runs the whole expression with the
// interpreter. cel-codegen.ts writes the same steps as JavaScript source, for the built-in rules.
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { BAIL, bail, BINARY_OPERATOR_NAMES, BINARY_OPERATORS, celRuntime, isMap, STOP, type CelRuntime, type ExtensionFunctions } from './cel-runtime.ts';

export { BAIL, type ExtensionFunctions } from './cel-runtime.ts';

export type FastPath = (context: Record<string, unknown>) => unknown;

type Frame = unknown[];
type Fn = (c: Record<string, unknown>, f: Frame) => unknown;

/** A node of cel-js's AST, after `check()` (which sets `meta.alternate` where it rewrites a node). */
export interface AstNode {
  op: string;
  args: unknown;
  meta: { alternate?: AstNode; macro?: Record<string, unknown> };
}

/** The arguments of a comprehension node (macros.js: all, exists, exists_one, map, filter). */
export interface ComprehensionArgs {
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
  const compiler = new Compiler(celRuntime(env, extensions));
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

class Compiler {
  readonly #rt: CelRuntime;

  constructor(runtime: CelRuntime) {
    this.#rt = runtime;
  }

  compile(node: AstNode, scope: Scope): Fn {
    const { alternate, macro } = node.meta;
    if (alternate) return this.compile(alternate, scope);
    if (macro) return this.#macro(node, macro, scope);
    if (BINARY_OPERATOR_NAMES.has(node.op)) return this.#binary(node.op, node.args as [AstNode, AstNode], scope);
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
      return v !== undefined && this.#rt.known(v) ? v : bail();
    };
  }

  #access(node: AstNode, scope: Scope): Fn {
    if (node.op === '.' || node.op === '.?') return this.#fieldChain(node, scope);
    const [leftNode, right] = node.args as [AstNode, unknown];
    const left = this.compile(leftNode, scope);
    const index = this.compile(right as AstNode, scope);
    const rt = this.#rt;
    if (node.op === '[?]') return (c, f) => rt.optionalField(left(c, f), index(c, f));
    return (c, f) => rt.index(left(c, f), index(c, f));
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
    const step = (value: unknown, i: number): unknown => (optional[i] ? this.#rt.optionalField(value, keys[i]) : this.#rt.field(value, keys[i]!));
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
        return (c, f) => this.#rt.equals(left(c, f), right(c, f));
      case '!=':
        return (c, f) => !this.#rt.equals(left(c, f), right(c, f));
      case 'in':
        return (c, f) => this.#rt.isIn(left(c, f), right(c, f));
      case '+':
        return (c, f) => this.#rt.plus(left(c, f), right(c, f));
      default: {
        // Comparisons and arithmetic, shared with the generated code.
        const operator = BINARY_OPERATORS[op];
        return operator ? (c, f) => operator(left(c, f), right(c, f)) : bail;
      }
    }
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
        obj = this.#rt.lazyField(obj, step.key);
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
          if (!this.#rt.known(item)) return bail();
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
        if (!this.#rt.known(item)) return bail();
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
    const fn = this.#rt.globalFunction(name);
    return fn ? (c, f) => fn(arg(c, f)) : bail;
  }

  #method([name, receiverNode, argNodes]: [string, AstNode, AstNode[]], scope: Scope): Fn {
    const receiver = this.compile(receiverNode, scope);
    const args = argNodes.map((n) => this.compile(n, scope));
    const method = this.#rt.method(name, args.length);
    if (!method) return bail;
    if (args.length === 0) return (c, f) => method(receiver(c, f), undefined, undefined);
    const [first, second] = args as [Fn, Fn | undefined];
    if (!second) return (c, f) => method(receiver(c, f), first(c, f), undefined);
    return (c, f) => method(receiver(c, f), first(c, f), second(c, f));
  }
}

// Writes a CEL expression's fast path as JavaScript source: the same steps cel-fast-path.ts takes with
// closures, as straight-line code. The built-in rules' expressions are written this way at build time
// (scripts/generate-builtin-cel.ts) into a module the bundle carries, so a scan neither parses them
// with cel-js nor builds closures, the code cache holds their bytecode, and each expression has its
// own inline caches (a closure shared by all expressions sees every shape of every rule).
//
// Exactness comes from the same places as the closures': values go through cel-runtime.ts, and any
// node, value or function not mirrored here makes the code bail, after which the caller runs the
// interpreter. From the expression's text only literals (JSON.stringify, or digits for numbers) and
// field and variable names (JSON.stringify, or bare when they match IDENTIFIER) reach the source, so
// no expression can inject code.
import { Optional } from '@marcbachmann/cel-js';
import { BAIL, bail, BINARY_OPERATOR_NAMES, BINARY_OPERATORS, NONE, STOP, type CelRuntime } from './cel-runtime.ts';
import type { AstNode, ComprehensionArgs, FastPath } from './cel-fast-path.ts';

/** What generated code receives: the runtime and the values it names. */
export interface GeneratedRuntime {
  R: CelRuntime;
  Optional: typeof Optional;
  NONE: Optional;
  BAIL: typeof BAIL;
  STOP: typeof STOP;
  bail: () => never;
  hasOwn: (o: object, key: PropertyKey) => boolean;
  ops: typeof BINARY_OPERATORS;
}

/** Generated code for one expression: given the runtime, its fast path. */
export type GeneratedFastPath = (rt: GeneratedRuntime) => FastPath;

const runtimes = new WeakMap<CelRuntime, GeneratedRuntime>();

export function generatedRuntime(R: CelRuntime): GeneratedRuntime {
  let rt = runtimes.get(R);
  if (!rt) runtimes.set(R, (rt = { R, Optional, NONE, BAIL, STOP, bail, hasOwn: Object.hasOwn, ops: BINARY_OPERATORS }));
  return rt;
}

/** Where a generated node's value is: a JavaScript expression (a local or a literal). */
interface Val {
  code: string;
  /**
   * Set when the value is an optional kept unmade: `code` holds its value, or undefined for none.
   * Chains of `.?` and `orValue` then allocate nothing; anything else reads it through `made`.
   */
  unmade?: boolean;
}

interface Scope {
  vars: ReadonlyMap<string, string>;
  accu: string | undefined;
}

class Unsupported extends Error {}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `x.key`, or `x["key"]` for a key that is not an identifier. */
function member(x: string, key: string): string {
  return IDENTIFIER.test(key) ? `${x}.${key}` : `${x}[${JSON.stringify(key)}]`;
}

/** A CEL literal as JavaScript source, or Unsupported for values it cannot write exactly. */
function literal(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return value < 0n ? `(${value}n)` : `${value}n`;
    case 'number':
      if (!Number.isFinite(value) || Object.is(value, -0)) throw new Unsupported('number literal');
      return value < 0 ? `(${value})` : String(value);
    default:
      if (value === null) return 'null';
      throw new Unsupported(`literal of type ${typeof value}`);
  }
}

/** How a comprehension's `condition`/`result` functions (macros.js) behave, found by calling them. */
function conditionKind(condition: ((accu: unknown) => boolean) | undefined): 'none' | 'identity' | 'not' {
  if (!condition) return 'none';
  if (condition(true) === true && condition(false) === false) return 'identity';
  if (condition(true) === false && condition(false) === true) return 'not';
  throw new Unsupported('comprehension condition');
}

function resultKind(result: (accu: unknown) => unknown): 'identity' | 'isOne' {
  const probe = {};
  if (result(probe) === probe) return 'identity';
  if (result(1) === true && result(0) === false && result(2) === false && result(true) === false) return 'isOne';
  throw new Unsupported('comprehension result');
}

class Emitter {
  #temps = 0;
  #out: string[] = [];
  readonly #prelude: string[] = [];
  readonly #named = new Map<string, string>();
  /** The local each context variable is read into (see #id). */
  readonly #contextReads = new Map<string, string>();
  readonly #runtime: CelRuntime;

  constructor(runtime: CelRuntime) {
    this.#runtime = runtime;
  }

  /** The factory's source: `(rt) => { prelude; return (c) => { ... } }`. */
  program(root: AstNode): string {
    const body = this.#block(() => `return ${this.#made(this.#emit(root, { vars: new Map(), accu: undefined }))};`);
    const temps = Array.from({ length: this.#temps }, (_, i) => `t${i}`);
    return [
      '(rt) => {',
      '  const { R, Optional, NONE, BAIL, STOP, bail, hasOwn, ops } = rt;',
      '  const { known, field, index, optionalField, optionalFieldOf, lazyField, equals, isIn, plus } = R;',
      ...this.#prelude.map((line) => `  ${line}`),
      '  return (c) => {',
      "    if (c === null || typeof c !== 'object' || c instanceof Map) return BAIL;",
      ...(temps.length > 0 ? [`    let ${temps.join(', ')};`] : []),
      '    try {',
      ...body.map((line) => `      ${line}`),
      '    } catch {',
      '      return BAIL;',
      '    }',
      '  };',
      '}',
    ].join('\n');
  }

  #temp(): string {
    return `t${this.#temps++}`;
  }

  #line(text: string): void {
    this.#out.push(text);
  }

  /** Lines written by `fill`, returned instead of added; `fill`'s return value is the last line. */
  #block(fill: () => string | void): string[] {
    const saved = this.#out;
    this.#out = [];
    const last = fill();
    if (last) this.#out.push(last);
    const lines = this.#out;
    this.#out = saved;
    return lines;
  }

  #indented(lines: string[]): void {
    for (const line of lines) this.#line(`  ${line}`);
  }

  /** A runtime function looked up once, when the factory runs. */
  #lookedUp(kind: 'global' | 'method' | 'op', name: string, arity = 0): string {
    const key = `${kind} ${name}/${arity}`;
    let local = this.#named.get(key);
    if (!local) {
      local = `${kind[0]}${this.#named.size}`;
      const lookup =
        kind === 'global' ? `R.globalFunction(${JSON.stringify(name)})` : kind === 'method' ? `R.method(${JSON.stringify(name)}, ${arity})` : `ops[${JSON.stringify(name)}]`;
      this.#prelude.push(`const ${local} = ${lookup};`);
      this.#named.set(key, local);
    }
    return local;
  }

  /** A value as a made CEL value (an unmade optional becomes an Optional). */
  #made(val: Val): string {
    if (!val.unmade) return val.code;
    const t = this.#temp();
    this.#line(`${t} = ${val.code} === undefined ? NONE : Optional.of(${val.code});`);
    return t;
  }

  #value(node: AstNode, scope: Scope): string {
    return this.#made(this.#emit(node, scope));
  }

  /** Writes `bail();` where the closures would always bail, and gives a value nobody reads. */
  #bail(): Val {
    this.#line('bail();');
    return { code: 'undefined' };
  }

  #emit(node: AstNode, scope: Scope): Val {
    const { alternate, macro } = node.meta;
    if (alternate) return this.#emit(alternate, scope);
    if (macro) return this.#macro(node, macro, scope);
    if (BINARY_OPERATOR_NAMES.has(node.op)) return this.#binary(node.op, node.args as [AstNode, AstNode], scope);
    switch (node.op) {
      case 'value':
        return { code: this.#constant(node.args) };
      case 'id':
        return this.#id(node.args as string, scope);
      case '.':
      case '.?':
        return this.#fieldChain(node, scope);
      case '[]':
      case '[?]': {
        const [leftNode, indexNode] = node.args as [AstNode, AstNode];
        const left = this.#value(leftNode, scope);
        const index = this.#value(indexNode, scope);
        const t = this.#temp();
        this.#line(`${t} = ${node.op === '[?]' ? 'optionalField' : 'index'}(${left}, ${index});`);
        return { code: t };
      }
      case '&&':
      case '||':
        return this.#logical(node.op, node.args as [AstNode, AstNode], scope);
      case '!_': {
        const v = this.#value(node.args as AstNode, scope);
        const t = this.#temp();
        this.#line(`if (typeof ${v} !== 'boolean') bail();`);
        this.#line(`${t} = !${v};`);
        return { code: t };
      }
      case '-_': {
        const v = this.#value(node.args as AstNode, scope);
        const t = this.#temp();
        // cel-js negates ints without an overflow check: so does this.
        this.#line(`if (typeof ${v} !== 'bigint' && typeof ${v} !== 'number') bail();`);
        this.#line(`${t} = -${v};`);
        return { code: t };
      }
      case '?:': {
        const [conditionNode, whenTrue, whenFalse] = node.args as [AstNode, AstNode, AstNode];
        const condition = this.#value(conditionNode, scope);
        const t = this.#temp();
        this.#line(`if (${condition} === true) {`);
        this.#indented(this.#block(() => `${t} = ${this.#value(whenTrue, scope)};`));
        this.#line(`} else if (${condition} === false) {`);
        this.#indented(this.#block(() => `${t} = ${this.#value(whenFalse, scope)};`));
        this.#line('} else bail();');
        return { code: t };
      }
      case 'list': {
        const items = (node.args as AstNode[]).map((n) => this.#value(n, scope));
        const t = this.#temp();
        this.#line(`${t} = [${items.join(', ')}];`);
        return { code: t };
      }
      case 'map':
        return this.#mapLiteral(node.args as [AstNode, AstNode][], scope);
      case 'call':
        return this.#call(node.args as [string, AstNode[]], scope);
      case 'rcall':
        return this.#method(node.args as [string, AstNode, AstNode[]], scope);
      case 'comprehension':
        return this.#comprehension(node.args as ComprehensionArgs, scope);
      case 'accuValue':
      case 'accuInc':
      case 'accuPush': {
        const accu = scope.accu;
        if (accu === undefined) return this.#bail();
        if (node.op === 'accuInc') this.#line(`${accu} = ${accu} + 1;`);
        if (node.op === 'accuPush') this.#line(`${accu}.push(${this.#value(node.args as AstNode, scope)});`);
        const t = this.#temp();
        this.#line(`${t} = ${accu};`);
        return { code: t };
      }
      default:
        return this.#bail();
    }
  }

  /** A literal, or one of the runtime's own values (type values, the `optional` namespace) by name. */
  #constant(value: unknown): string {
    if (typeof value === 'object' && value !== null) {
      if (value === this.#runtime.optionalNamespace) return 'R.optionalNamespace';
      for (const [name, type] of Object.entries(this.#runtime.types)) if (value === type) return `R.types.${name}`;
    }
    return literal(value);
  }

  #id(name: string, scope: Scope): Val {
    const local = scope.vars.get(name);
    if (local !== undefined) return { code: local };
    // One local a variable, read at the first place that needs it: a rule variable is a getter (its
    // value kept for the evaluation), so reading it again costs a call for the same value. A read that
    // threw or bailed leaves the local undefined, and the next place reads again, as before.
    let t = this.#contextReads.get(name);
    if (t === undefined) this.#contextReads.set(name, (t = this.#temp()));
    this.#line(`if (${t} === undefined) {`);
    // Like cel-js's RootContext: a plain property read, so variables may come from the prototype chain.
    this.#line(`  ${t} = ${member('c', name)};`);
    this.#line(`  if (${t} === undefined || !known(${t})) bail();`);
    this.#line('}');
    return { code: t };
  }

  /** A run of `.`/`.?` selections, grouped as the closures group them (cel-fast-path.ts #fieldChain). */
  #fieldChain(node: AstNode, scope: Scope): Val {
    const steps: { key: string; optional: boolean }[] = [];
    let base = node;
    while ((base.op === '.' || base.op === '.?') && (base === node || (!base.meta.alternate && !base.meta.macro))) {
      const [leftNode, key] = base.args as [AstNode, string];
      steps.unshift({ key, optional: base.op === '.?' });
      base = leftNode;
    }
    let val = this.#emit(base, scope);
    for (const step of steps) val = this.#select(val, step.key, step.optional);
    return val;
  }

  /**
   * One selection. On a map both forms read an own field inline; `.` then needs one, `.?` keeps the
   * optional unmade. Everything else goes to the runtime (R.field, R.optionalField).
   */
  #select(val: Val, key: string, optional: boolean): Val {
    const t = this.#temp();
    const x = val.code;
    const isMap = `${x} !== null && typeof ${x} === 'object' && ${x}.constructor === Object`;
    const read = `${t} = hasOwn(${x}, ${JSON.stringify(key)}) ? ${member(x, key)} : undefined;`;
    if (val.unmade) {
      // `.` on an optional is `.?` (R.field hands optionals to optionalField); `x` is its value.
      this.#line(`if (${x} === undefined) ${t} = undefined;`);
      this.#line(`else if (${isMap}) {`);
      this.#line(`  ${read}`);
      this.#line(`  if (${t} !== undefined && !known(${t})) bail();`);
      this.#line(`} else ${t} = optionalFieldOf(${x}, ${JSON.stringify(key)}).orValue(undefined);`);
      return { code: t, unmade: true };
    }
    this.#line(`if (${isMap}) {`);
    this.#line(`  ${read}`);
    if (optional) {
      this.#line(`  if (${t} !== undefined && !known(${t})) bail();`);
      this.#line(`} else ${t} = optionalField(${x}, ${JSON.stringify(key)}).orValue(undefined);`);
      return { code: t, unmade: true };
    }
    this.#line(`  if (${t} === undefined || !known(${t})) bail();`);
    this.#line(`} else ${t} = field(${x}, ${JSON.stringify(key)});`);
    return { code: t };
  }

  #logical(op: '&&' | '||', [leftNode, rightNode]: [AstNode, AstNode], scope: Scope): Val {
    // cel-js evaluates the left side absorbing errors: when the right side alone decides (false for
    // &&, true for ||), the left side's value or error does not matter.
    const decisive = op === '||';
    const l = this.#temp();
    const t = this.#temp();
    this.#line('try {');
    this.#indented(this.#block(() => `${l} = ${this.#value(leftNode, scope)};`));
    this.#line('} catch {');
    this.#line(`  ${l} = STOP;`);
    this.#line('}');
    this.#line(`if (${l} === ${decisive}) ${t} = ${decisive};`);
    this.#line('else {');
    this.#indented(
      this.#block(() => {
        const r = this.#value(rightNode, scope);
        this.#line(`if (${l} === ${!decisive}) {`);
        this.#line(`  if (typeof ${r} !== 'boolean') bail();`);
        this.#line(`  ${t} = ${r};`);
        this.#line(`} else if (${r} === ${decisive}) ${t} = ${decisive};`);
        this.#line('else bail();');
      }),
    );
    this.#line('}');
    return { code: t };
  }

  #mapLiteral(entries: [AstNode, AstNode][], scope: Scope): Val {
    const t = this.#temp();
    this.#line(`${t} = {};`);
    for (const [keyNode, valueNode] of entries) {
      const key = this.#value(keyNode, scope);
      const value = this.#value(valueNode, scope);
      this.#line(`if (typeof ${key} !== 'string') bail();`);
      // cel-js's safeFromEntries drops these keys.
      this.#line(`if (${key} !== '__proto__' && ${key} !== 'constructor' && ${key} !== 'prototype') ${t}[${key}] = ${value};`);
    }
    return { code: t };
  }

  #binary(op: string, [leftNode, rightNode]: [AstNode, AstNode], scope: Scope): Val {
    const a = this.#value(leftNode, scope);
    const b = this.#value(rightNode, scope);
    const t = this.#temp();
    switch (op) {
      case '==':
      case '!=': {
        const not = op === '!=' ? '!' : '';
        // Against a scalar literal, a value of the literal's own type compares with === (as in
        // equals); anything else takes equals.
        const type = rightNode.op === 'value' && !rightNode.meta.alternate ? typeof rightNode.args : undefined;
        if (type === 'string' || type === 'boolean' || type === 'bigint' || type === 'number') {
          this.#line(`${t} = ${not}(typeof ${a} === '${type}' ? ${a} === ${b} : equals(${a}, ${b}));`);
        } else this.#line(`${t} = ${not}equals(${a}, ${b});`);
        break;
      }
      case 'in':
        this.#line(`${t} = isIn(${a}, ${b});`);
        break;
      case '+':
        this.#line(`${t} = plus(${a}, ${b});`);
        break;
      default:
        this.#line(`${t} = ${this.#lookedUp('op', op)}(${a}, ${b});`);
    }
    return { code: t };
  }

  #macro(node: AstNode, macro: Record<string, unknown>, scope: Scope): Val {
    if (node.op === 'call' && (node.args as [string])[0] === 'has' && Array.isArray(macro.macroHasProps)) {
      return this.#has(macro.macroHasProps as AstNode[], scope);
    }
    const name = (node.args as [string])[0];
    if (node.op !== 'rcall' || (name !== 'orValue' && name !== 'or')) return this.#bail();
    const receiver = this.#emit(macro.receiver as AstNode, scope);
    const t = this.#temp();
    if (receiver.unmade) {
      this.#line(`if (${receiver.code} !== undefined) ${t} = ${receiver.code};`);
    } else {
      this.#line(`if (!(${receiver.code} instanceof Optional)) bail();`);
      this.#line(`if (${receiver.code}.hasValue()) ${t} = ${receiver.code}.value();`);
    }
    this.#line('else {');
    this.#indented(
      this.#block(() => {
        if (name === 'orValue') return `${t} = ${this.#value(macro.arg as AstNode, scope)};`;
        const other = this.#emit(macro.arg as AstNode, scope);
        if (other.unmade) return `${t} = ${other.code};`;
        this.#line(`if (!(${other.code} instanceof Optional)) bail();`);
        return `${t} = ${other.code}.orValue(undefined);`;
      }),
    );
    this.#line('}');
    // or() gives an optional: its value (or none) is in t.
    return name === 'or' ? { code: t, unmade: true } : { code: t };
  }

  /** has(a.b.c): cel-js walks the selections from the variable out (see macros.js createHasExpander). */
  #has(props: AstNode[], scope: Scope): Val {
    const o = this.#temp();
    const label = `h${this.#temps}`;
    this.#line(`${o} = ${this.#value(props[props.length - 1]!, scope)};`);
    this.#line(`${label}: {`);
    let inOptional = false;
    for (let i = props.length - 2; i >= 0; i--) {
      const step = props[i]!;
      const key = JSON.stringify((step.args as [unknown, string])[1]);
      if (step.op === '.?') inOptional = true;
      this.#line(`  ${o} = lazyField(${o}, ${key});`);
      // A missing field below the outermost one is an error, unless `.?` came before.
      this.#line(`  if (${o} === undefined) ${!inOptional && i > 0 ? 'bail();' : `break ${label};`}`);
    }
    this.#line('}');
    const t = this.#temp();
    this.#line(`${t} = ${o} !== undefined;`);
    return { code: t };
  }

  #comprehension(args: ComprehensionArgs, scope: Scope): Val {
    const condition = conditionKind(args.condition);
    const result = resultKind(args.result);
    const absorbsErrors = args.kind === 'quantifier' && !args.errorsAreFatal;
    if (absorbsErrors && condition === 'none') return this.#bail();
    const collection = this.#value(args.iterable, scope);
    const items = this.#temp();
    this.#line(`if (Array.isArray(${collection})) ${items} = ${collection};`);
    this.#line(`else if (${collection} !== null && typeof ${collection} === 'object' && ${collection}.constructor === Object) ${items} = Object.keys(${collection});`);
    this.#line('else bail();');
    const accu = this.#temp();
    this.#line(`${accu} = ${this.#value(args.init, scope)};`);
    const item = this.#temp();
    const inner: Scope = { vars: new Map(scope.vars).set(args.iterVarName, item), accu };
    const stop = condition === 'identity' ? `!${accu}` : condition === 'not' ? `${accu}` : undefined;
    const unknown = absorbsErrors ? this.#temp() : undefined;
    if (unknown) this.#line(`${unknown} = false;`);
    const index = this.#temp();
    this.#line(`for (${index} = 0; ${index} < ${items}.length; ${index}++) {`);
    this.#line(`  ${item} = ${items}[${index}];`);
    // all()/exists() stop at the first deciding element; an absorbing one ends with its result as well.
    if (stop) this.#line(`  if (${stop}) break;`);
    this.#line(`  if (!known(${item})) bail();`);
    const step = this.#block(() => `${accu} = ${this.#value(args.step, inner)};`);
    if (unknown) {
      // cel-js keeps going past a failing predicate and only raises its error when no later element
      // decides; an unknown step here is either that error or a non-deciding value.
      this.#line('  try {');
      for (const line of step) this.#line(`    ${line}`);
      this.#line('  } catch {');
      this.#line(`    ${unknown} = true;`);
      this.#line('  }');
    } else {
      for (const line of step) this.#line(`  ${line}`);
    }
    this.#line('}');
    if (unknown && stop) this.#line(`if (${unknown} && !(${stop})) bail();`);
    const t = this.#temp();
    this.#line(`${t} = ${result === 'isOne' ? `${accu} === 1` : accu};`);
    return { code: t };
  }

  #call([name, argNodes]: [string, AstNode[]], scope: Scope): Val {
    if (argNodes.length !== 1) return this.#bail();
    const fn = this.#runtime.globalFunction(name);
    if (!fn) return this.#bail();
    const arg = this.#value(argNodes[0]!, scope);
    const t = this.#temp();
    this.#line(`${t} = ${this.#lookedUp('global', name)}(${arg});`);
    return { code: t };
  }

  #method([name, receiverNode, argNodes]: [string, AstNode, AstNode[]], scope: Scope): Val {
    if (!this.#runtime.method(name, argNodes.length)) return this.#bail();
    const receiver = this.#emit(receiverNode, scope);
    const t = this.#temp();
    if (receiver.unmade && argNodes.length === 0 && (name === 'hasValue' || name === 'value')) {
      if (name === 'hasValue') {
        this.#line(`${t} = ${receiver.code} !== undefined;`);
      } else {
        this.#line(`if (${receiver.code} === undefined) bail();`);
        this.#line(`${t} = ${receiver.code};`);
      }
      return { code: t };
    }
    const r = this.#made(receiver);
    const args = argNodes.map((n) => this.#value(n, scope));
    this.#line(`${t} = ${this.#lookedUp('method', name, args.length)}(${[r, ...args].join(', ')});`);
    return { code: t };
  }
}

/**
 * The source of a fast path's factory for a checked expression (see GeneratedFastPath), or undefined
 * when the expression does not type-check or holds something this writer cannot write exactly.
 */
export function fastPathSource(parsed: { ast: unknown; check(): { valid: boolean } }, runtime: CelRuntime): string | undefined {
  if (!parsed.check().valid) return undefined;
  try {
    return new Emitter(runtime).program(parsed.ast as AstNode);
  } catch {
    return undefined; // an AST shape or a literal this writer does not know
  }
}

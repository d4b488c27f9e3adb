// Fix values that depend on what was found: a `value` string with `{{ cel }}` placeholders, rendered
// with the same variables as `assert` and `message` (e.g. `value: "{{ entry.replacement }}"` in
// removed-api-version). A value that is exactly one placeholder keeps the CEL value's type (a
// number stays a number); anything else is rendered as text. Static values pass through untouched.
import type { CompiledExpression } from './cel-environment.ts';
import type { FixOperation } from './rule-definition.ts';

const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{(.+?)\}\}$/;

interface TemplatePart {
  text?: string;
  expression?: CompiledExpression;
}

export interface CompiledFixOperation {
  operation: FixOperation;
  /** Present when the operation's value is a string with placeholders. */
  template?: { whole: boolean; parts: TemplatePart[] };
}

export function hasPlaceholders(value: unknown): value is string {
  return typeof value === 'string' && /\{\{.+?\}\}/.test(value);
}

export function compileFixOperations(
  operations: readonly FixOperation[],
  compile: (source: string) => CompiledExpression,
): CompiledFixOperation[] {
  return operations.map((operation) => {
    const value = 'value' in operation ? operation.value : undefined;
    if (!hasPlaceholders(value)) return { operation };
    const whole = WHOLE_PLACEHOLDER.exec(value);
    if (whole) return { operation, template: { whole: true, parts: [{ expression: compile(whole[1]!.trim()) }] } };
    const parts: TemplatePart[] = [];
    let last = 0;
    for (const match of value.matchAll(PLACEHOLDER)) {
      if (match.index > last) parts.push({ text: value.slice(last, match.index) });
      parts.push({ expression: compile(match[1]!.trim()) });
      last = match.index + match[0].length;
    }
    if (last < value.length) parts.push({ text: value.slice(last) });
    return { operation, template: { whole: false, parts } };
  });
}

/**
 * The operations with every templated value rendered for one finding, or undefined when a
 * placeholder cannot be evaluated (then no fix is offered rather than a wrong one).
 */
export function resolveFixOperations(
  operations: readonly CompiledFixOperation[],
  variables: Record<string, unknown>,
): FixOperation[] | undefined {
  const out: FixOperation[] = [];
  for (const { operation, template } of operations) {
    if (!template) {
      out.push(operation);
      continue;
    }
    let value: unknown;
    try {
      value = template.whole ? fromCel(template.parts[0]!.expression!(variables)) : renderText(template.parts, variables);
    } catch {
      return undefined;
    }
    if (value === undefined || value === null || value === '') return undefined;
    out.push({ ...operation, value } as FixOperation);
  }
  return out;
}

function renderText(parts: readonly TemplatePart[], variables: Record<string, unknown>): string {
  let out = '';
  for (const part of parts) {
    if (part.text !== undefined) out += part.text;
    else if (part.expression) {
      const value = fromCel(part.expression(variables));
      if (value === undefined || value === null || typeof value === 'object') throw new Error('not a scalar');
      out += String(value);
    }
  }
  return out;
}

/** CEL ints are bigints; YAML wants plain numbers. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value !== null && typeof value === 'object' && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  }
  return value;
}

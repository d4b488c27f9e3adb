// Renders the values a fix inserts, in the style of the surrounding text: block lines at a given
// indentation, or flow (`{a: 1}`) inside flow collections and wherever one line must hold the value.
import { stringify } from 'yaml';

export interface Layout {
  /** Spaces a nested block map is indented by. */
  step: number;
  /** Spaces a block sequence's `-` sits right of its parent key (0 for `key:\n- a`). */
  seqIndent: number;
}

type Plain = Record<string, unknown>;

/** Plain words YAML 1.1 reads as booleans or null. */
const YAML11_WORDS = /^(y|yes|n|no|on|off|true|false|null)$/i;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A scalar as YAML 1.1 reads it back unchanged: `yes`, `on`, `0755` and the like are quoted (Kubernetes
 * would read them as booleans or octal). The `yaml` stringifier decides plain vs quoted; we only fall
 * back to JSON's double quotes (valid YAML) where a plain scalar would break a flow collection or a line.
 */
export function renderScalar(value: unknown, inFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  const text = String(value);
  // Fast path for the common case (`RuntimeDefault`, `ALL`, `nginx:1.27`): nothing YAML could misread.
  if (/^[A-Za-z_][\w./-]*$/.test(text) && !YAML11_WORDS.test(text)) return text;
  const rendered = stringify(text, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
  const plain = !/^["'|>]/.test(rendered) && !rendered.includes('\n');
  if (plain && !(inFlow && /[,[\]{}]/.test(rendered))) return rendered;
  return JSON.stringify(text);
}

export function renderFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${renderScalar(k, true)}: ${renderFlow(v)}`)
      .join(', ')}}`;
  }
  return renderScalar(value, true);
}

/** What follows `key:` for a block-map key at column `column`: ` value` or newline + indented lines. */
export function renderAfterKey(value: unknown, column: number, layout: Layout): string {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    return `\n${renderBlockMapLines(value, column + layout.step, layout).join('\n')}`;
  }
  if (Array.isArray(value) && value.length > 0) {
    const dash = column + layout.seqIndent;
    return `\n${value.map((item) => renderSequenceItem(item, dash, layout)).join('\n')}`;
  }
  return ` ${renderFlow(value)}`;
}

/** Lines (without newlines) of a block map whose keys sit at `column`. */
export function renderBlockMapLines(value: Plain, column: number, layout: Layout): string[] {
  return Object.entries(value).map(
    ([key, item]) => `${' '.repeat(column)}${renderScalar(key, false)}:${renderAfterKey(item, column, layout)}`,
  );
}

/** One `- item` of a block sequence whose dash sits at `column` (may span several lines). */
export function renderSequenceItem(item: unknown, column: number, layout: Layout): string {
  const prefix = `${' '.repeat(column)}- `;
  if (isPlainObject(item) && Object.keys(item).length > 0) {
    const lines = renderBlockMapLines(item, column + 2, layout);
    return prefix + lines.join('\n').slice(column + 2);
  }
  return prefix + renderFlow(item);
}

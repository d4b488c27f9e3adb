// Deterministic building blocks for the hostile-input fuzz test: a seeded PRNG, text mutations of
// real manifests, random bytes and invalid UTF-8. Same seed, same inputs: a failure names the seed
// and the input index, and re-running reproduces it exactly.

import type { Random } from '../../scripts/seeded-random.ts';

export { mulberry32, type Random } from '../../scripts/seeded-random.ts';

/** An integer in [0, max). */
export function randomInt(random: Random, max: number): number {
  return Math.floor(random() * max);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[randomInt(random, items.length)]!;
}

/** Fragments that mean something to a YAML reader: indicators, anchors, tags, odd whitespace. */
export const YAML_FRAGMENTS: readonly string[] = [
  ':', ': ', '-', '- ', '{', '}', '[', ']', ',', "'", '"', '&a ', '*a', '*a ', '!!str ', '!!binary ', '!custom ',
  '? ', '#', ' #', '\t', '\r', '\r\n', '\n', '|', '>-', '---\n', '...\n', '%YAML 1.2\n', '<<: ', '~', '\\',
  '\u00a0', '\u2028', '\u0085', '\uFEFF', 'yes', '0755', '.inf', '🚀', '\u0001',
];

export interface Mutation {
  text: string;
  /** Operator names in the order applied, for failure messages. */
  operations: string[];
}

type Operator = (random: Random, text: string, others: readonly string[]) => string;

const splitLines = (text: string): string[] => text.split('\n');

const OPERATORS: Record<string, Operator> = {
  deleteLine(random, text) {
    const lines = splitLines(text);
    lines.splice(randomInt(random, lines.length), 1);
    return lines.join('\n');
  },
  duplicateLine(random, text) {
    const lines = splitLines(text);
    const at = randomInt(random, lines.length);
    lines.splice(at, 0, lines[at]!);
    return lines.join('\n');
  },
  swapLines(random, text) {
    const lines = splitLines(text);
    const a = randomInt(random, lines.length);
    const b = randomInt(random, lines.length);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return lines.join('\n');
  },
  reindentLine(random, text) {
    const lines = splitLines(text);
    const at = randomInt(random, lines.length);
    const body = lines[at]!.replace(/^[ \t]*/, '');
    const indent = random() < 0.15 ? '\t' : ' '.repeat(randomInt(random, 12));
    lines[at] = indent + body;
    return lines.join('\n');
  },
  insertFragment(random, text) {
    const at = randomInt(random, text.length + 1);
    return text.slice(0, at) + pick(random, YAML_FRAGMENTS) + text.slice(at);
  },
  deleteCharacters(random, text) {
    const at = randomInt(random, text.length + 1);
    return text.slice(0, at) + text.slice(at + 1 + randomInt(random, 8));
  },
  truncate(random, text) {
    return text.slice(0, randomInt(random, text.length + 1));
  },
  spliceFiles(random, text, others) {
    const other = pick(random, others);
    return text.slice(0, randomInt(random, text.length + 1)) + other.slice(randomInt(random, other.length + 1));
  },
  crlfLineBreaks(_random, text) {
    return text.replaceAll('\n', '\r\n');
  },
};

const OPERATOR_NAMES = Object.keys(OPERATORS);

/** Applies one to four random operators; `others` are the texts a splice may borrow from. */
export function mutateText(random: Random, text: string, others: readonly string[]): Mutation {
  const operations: string[] = [];
  let mutated = text;
  const count = 1 + randomInt(random, 4);
  for (let i = 0; i < count; i++) {
    const name = pick(random, OPERATOR_NAMES);
    operations.push(name);
    mutated = OPERATORS[name]!(random, mutated, others);
  }
  return { text: mutated, operations };
}

/** Random bytes: `printable` keeps to ASCII 0x20-0x7e plus line breaks (so it is read as YAML). */
export function randomBytes(random: Random, length: number, alphabet: 'any' | 'printable'): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    if (alphabet === 'any') bytes[i] = randomInt(random, 256);
    else bytes[i] = random() < 0.08 ? 0x0a : 0x20 + randomInt(random, 0x7f - 0x20);
  }
  return bytes;
}

/** Byte sequences that no UTF-8 decoder may accept. */
export const INVALID_UTF8_SEQUENCES: readonly (readonly number[])[] = [
  [0x80], // lone continuation byte
  [0xc0, 0xaf], // overlong '/'
  [0xe2, 0x82], // truncated three-byte sequence
  [0xed, 0xa0, 0x80], // UTF-16 surrogate encoded in UTF-8
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0xff],
  [0xfe, 0xff],
];

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Code points a YAML reader may trip on: controls, odd line breaks, BOMs, non-characters, astral. */
const UNICODE_POOL: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], // ASCII (weighted up by repetition below)
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x00, 0x1f], // C0 controls, NUL included
  [0x7f, 0x9f], // DEL and C1 controls (NEL is 0x85)
  [0x2028, 0x2029], // line and paragraph separators
  [0xfeff, 0xfeff], // BOM in the middle of the text
  [0xfffd, 0xffff], // replacement character and non-characters
  [0x4e00, 0x4e20], // CJK
  [0x1f600, 0x1f64f], // emoji (surrogate pairs in UTF-16)
];

export function randomUnicodeText(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const [low, high] = pick(random, UNICODE_POOL);
    out += random() < 0.1 ? '\n' : String.fromCodePoint(low + randomInt(random, high - low + 1));
  }
  return out;
}

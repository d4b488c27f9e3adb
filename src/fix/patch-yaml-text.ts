// One fix operation on one YAML document, computed as a text edit against the original text.
// Works on the `yaml` package's node ranges, never by re-serialising: comments, quoting, key order
// and indentation outside the edited span survive byte for byte.
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { FieldPath, TextEdit } from '../types.ts';
import { renderAfterKey, renderFlow, renderScalar, renderSequenceItem, type Layout } from './render-yaml-value.ts';

/** A rule's fix operation with its path resolved to an absolute path from the document root. */
export type ResolvedOperation =
  | { op: 'set'; path: FieldPath; value: unknown }
  | { op: 'remove'; path: FieldPath }
  | { op: 'add-to-list'; path: FieldPath; value: unknown }
  | { op: 'remove-from-list'; path: FieldPath; value: unknown };

export type PatchStep =
  | { kind: 'edit'; edit: TextEdit }
  /** Nothing to change: the document already satisfies the operation. */
  | { kind: 'done' }
  /** Run these operations instead (one at a time, re-reading the text between them). */
  | { kind: 'expand'; operations: ResolvedOperation[] }
  | { kind: 'unfixable'; reason: string };

interface Step {
  /** The node at this depth; null for a key with no value (`securityContext:`). */
  node: Node | null;
  pair?: Pair<unknown, unknown>;
  /** The collection holding this node. */
  parent?: YAMLMap | YAMLSeq;
  index?: number;
}

interface Walk {
  steps: Step[];
  /** The map at the end of the walk hides the missing key behind a `<<` merge. */
  mergeHidden: boolean;
  /** The walk went through an anchored or aliased node: editing it would change other places. */
  shared: boolean;
}

type Range3 = [number, number, number];

/** A document's indentation habits, read once however many fixes it gets. */
const layoutCache = new WeakMap<Document.Parsed, Layout>();

/**
 * Computes one step of `operation` on `document`, whose node offsets are `base` less than offsets in
 * `text` (a document parsed alone from a slice of the file).
 */
export function patchStep(text: string, document: Document.Parsed, base: number, operation: ResolvedOperation): PatchStep {
  return new Patcher(text, document, base).step(operation);
}

class Patcher {
  readonly text: string;
  readonly document: Document.Parsed;
  readonly base: number;

  constructor(text: string, document: Document.Parsed, base: number) {
    this.text = text;
    this.document = document;
    this.base = base;
  }

  step(op: ResolvedOperation): PatchStep {
    const walk = this.walk(op.path);
    const found = walk.steps.length - 1 === op.path.length;
    if (walk.steps.length === 0) return unfixable('the document is empty');
    switch (op.op) {
      case 'set':
        return found ? this.setExisting(op, walk) : this.setMissing(op, walk);
      case 'remove':
        if (!found) return { kind: 'done' };
        if (walk.shared) return unfixable('the value is shared through a YAML anchor');
        return this.removeAt(walk.steps, walk.steps.length - 1);
      case 'add-to-list': {
        if (!found) return { kind: 'expand', operations: [{ op: 'set', path: op.path, value: [op.value] }] };
        const target = walk.steps.at(-1)!;
        if (this.isEmptyValue(target.node)) return { kind: 'expand', operations: [{ op: 'set', path: op.path, value: [op.value] }] };
        if (!isSeq(target.node)) return unfixable(`${pathText(op.path)} is not a list`);
        if (target.node.items.some((item) => this.equals(item as Node | null, op.value))) return { kind: 'done' };
        if (walk.shared) return unfixable('the list is shared through a YAML anchor');
        return this.appendToSeq(target.node, op.value);
      }
      case 'remove-from-list': {
        if (!found) return { kind: 'done' };
        const target = walk.steps.at(-1)!;
        if (!isSeq(target.node)) return { kind: 'done' };
        const index = target.node.items.findIndex((item) => this.equals(item as Node | null, op.value));
        if (index === -1) return { kind: 'done' };
        if (walk.shared) return unfixable('the list is shared through a YAML anchor');
        const item = target.node.items[index] as Node;
        return this.removeAt([...walk.steps, { node: item, parent: target.node, index }], walk.steps.length);
      }
    }
  }

  // ---- set ----

  setExisting(op: { path: FieldPath; value: unknown }, walk: Walk): PatchStep {
    const target = walk.steps.at(-1)!;
    const node = target.node;
    if (this.equals(node, op.value)) return { kind: 'done' };
    if (walk.shared) return unfixable('the value is shared through a YAML anchor');
    const value = op.value;
    // A map value merges into an existing map: set each key, keep the others (and their comments).
    if (isPlainObject(value) && isMap(node)) {
      return { kind: 'expand', operations: Object.entries(value).map(([k, v]) => ({ op: 'set', path: [...op.path, k], value: v })) };
    }
    if (this.isEmptyValue(node) && target.pair && isMap(target.parent) && !target.parent.flow && isCollectionWithItems(value)) {
      return this.fillEmptyBlockValue(target, value);
    }
    // `key:` with nothing after it: the value goes after the colon, with the space YAML needs.
    if (node && isScalar(node) && node.value === null && (node.source ?? '') === '' && target.pair) {
      const at = this.colonEnd(target.pair);
      return edit(at, at, ` ${renderFlow(value)}`);
    }
    if ((node && isScalar(node)) || isAlias(node)) {
      const [start, end] = this.range(node!);
      // Block scalars (`|`) end with their newline; the replacement must keep the line break.
      const newline = this.newlineEnding(end);
      return edit(start, end, `${renderFlow(value)}${newline}`);
    }
    if (node === null) {
      if (!target.pair) return unfixable('cannot locate the value');
      return edit(this.colonEnd(target.pair), this.colonEnd(target.pair), ` ${renderFlow(value)}`);
    }
    // A collection replaced by another value: keep it on the key's line, in flow style.
    return this.replaceCollection(target, renderFlow(value));
  }

  setMissing(op: { path: FieldPath; value: unknown }, walk: Walk): PatchStep {
    const depth = walk.steps.length - 1;
    const deepest = walk.steps[depth]!;
    const rest = op.path.slice(depth);
    const [segment, ...below] = rest;
    if (typeof segment === 'number' || below.some((s) => typeof s === 'number')) {
      return unfixable(`${pathText(op.path)} needs a list element that does not exist`);
    }
    if (walk.shared) return unfixable('the value is shared through a YAML anchor');
    if (walk.mergeHidden && below.length > 0) return unfixable(`${pathText(op.path.slice(0, depth + 1))} comes from a YAML merge key`);
    const nested = below.reduceRight<unknown>((inner, key) => ({ [key as string]: inner }), op.value);
    if (isMap(deepest.node)) return this.insertPair(deepest.node, segment!, nested);
    if (this.isEmptyValue(deepest.node)) {
      return { kind: 'expand', operations: [{ op: 'set', path: op.path.slice(0, depth), value: { [segment!]: nested } }] };
    }
    return unfixable(`${pathText(op.path.slice(0, depth))} is not a map`);
  }

  insertPair(map: YAMLMap, key: string, value: unknown): PatchStep {
    const keyText = renderScalar(key, map.flow === true);
    if (map.flow) {
      const [start, end] = this.range(map);
      if (map.items.length === 0) {
        if (this.text[start] !== '{') return unfixable('unexpected flow map syntax');
        return edit(start + 1, start + 1, `${keyText}: ${renderFlow(value)}`);
      }
      const last = map.items.at(-1)!;
      const at = this.pairEnd(last);
      if (at > end) return unfixable('unexpected flow map syntax');
      return edit(at, at, `, ${keyText}: ${renderFlow(value)}`);
    }
    const firstKey = map.items[0]?.key as Node | undefined;
    if (!firstKey?.range) return unfixable('unexpected block map syntax');
    const column = this.column(this.range(firstKey)[0]);
    const line = `${' '.repeat(column)}${keyText}:${renderAfterKey(value, column, this.layout())}`;
    return this.insertLinesAfter(this.pairEnd(map.items.at(-1)!), line);
  }

  /** `securityContext:` (or `~`) given a non-empty map or list: lines below the key, or flow for `~`. */
  fillEmptyBlockValue(target: Step, value: unknown): PatchStep {
    const pair = target.pair!;
    const node = target.node;
    if (node && isScalar(node) && (node.source ?? '') !== '') {
      const [start, end] = this.range(node);
      return edit(start, end, renderFlow(value));
    }
    const keyStart = this.range(pair.key as Node)[0];
    const column = this.column(keyStart);
    const after = renderAfterKey(value, column, this.layout());
    return this.insertLinesAfter(this.colonEnd(pair), after.replace(/^\n/, ''));
  }

  appendToSeq(seq: YAMLSeq, value: unknown): PatchStep {
    const [start, end] = this.range(seq);
    if (seq.flow) {
      if (seq.items.length === 0) {
        if (this.text[start] !== '[') return unfixable('unexpected flow sequence syntax');
        return edit(start + 1, start + 1, renderFlow(value));
      }
      const at = this.range(seq.items.at(-1) as Node)[1];
      if (at > end) return unfixable('unexpected flow sequence syntax');
      return edit(at, at, `, ${renderFlow(value)}`);
    }
    if (this.text[start] !== '-') return unfixable('unexpected block sequence syntax');
    const column = this.column(start);
    const last = seq.items.at(-1) as Node;
    return this.insertLinesAfter(this.range(last)[1], renderSequenceItem(value, column, this.layout()));
  }

  // ---- remove ----

  /** Removes the node at `steps[index]` from its map or sequence. */
  removeAt(steps: Step[], index: number): PatchStep {
    const target = steps[index]!;
    const parent = target.parent;
    const parentStep = steps[index - 1];
    if (!parent || !parentStep) return unfixable('cannot remove the document itself');
    const items = parent.items as unknown[];
    const position = isMap(parent) ? items.indexOf(target.pair) : target.index!;
    if (position < 0) return unfixable('cannot locate the value');
    if (items.length === 1) return this.makeEmpty(parentStep, isMap(parent) ? '{}' : '[]');
    const startOf = (i: number): number =>
      isMap(parent) ? this.range((items[i] as Pair).key as Node)[0] : this.range(items[i] as Node)[0];
    const endOf = (i: number): number => (isMap(parent) ? this.pairEnd(items[i] as Pair) : this.range(items[i] as Node)[1]);
    if (parent.flow) {
      if (position < items.length - 1) return edit(startOf(position), startOf(position + 1), '');
      return edit(endOf(position - 1), endOf(position), '');
    }
    // Block: remove whole lines, from the line of the key (or `-`) to the end of the value's last line.
    let start = startOf(position);
    if (isSeq(parent)) {
      const dash = this.text.lastIndexOf('-', start - 1);
      if (dash < 0 || this.text.slice(dash + 1, start).trim() !== '') return unfixable('unexpected block sequence syntax');
      start = dash;
    }
    const lineStart = this.lineStart(start);
    if (this.text.slice(lineStart, start).trim() === '') return edit(lineStart, this.lineEndAfter(endOf(position)), '');
    // The first key of a list item (`- name: x`): the next key moves up onto the dash line.
    if (isMap(parent) && position === 0) return edit(start, startOf(1), '');
    return unfixable('unexpected block layout');
  }

  /** Empties the collection at `step`: `key: {}`, `- []`. */
  makeEmpty(step: Step, empty: string): PatchStep {
    const node = step.node!;
    const [start, end] = this.range(node);
    if ((isMap(node) || isSeq(node)) && node.flow) return edit(start + 1, end - 1, '');
    const newline = this.newlineEnding(end);
    if (step.pair) return edit(this.colonEnd(step.pair), end, ` ${empty}${newline}`);
    if (step.parent) return edit(start, end, `${empty}${newline}`);
    return unfixable('cannot empty the document root');
  }

  replaceCollection(target: Step, flowText: string): PatchStep {
    const [start, end] = this.range(target.node!);
    const node = target.node!;
    if ((isMap(node) || isSeq(node)) && node.flow) return edit(start, end, flowText);
    const newline = this.newlineEnding(end);
    if (target.pair) return edit(this.colonEnd(target.pair), end, ` ${flowText}${newline}`);
    return edit(start, end, `${flowText}${newline}`);
  }

  // ---- text helpers ----

  /** Inserts whole lines (given without the final newline) at the start of the line after `offset`. */
  insertLinesAfter(offset: number, lines: string): PatchStep {
    const at = this.lineEndAfter(offset);
    const eol = this.eol();
    const text = lines.replace(/\n/g, eol);
    if (at === this.text.length && this.text.length > 0 && !this.text.endsWith('\n')) {
      return edit(at, at, `${eol}${text}`);
    }
    return edit(at, at, `${text}${eol}`);
  }

  /** The file's line break (Windows files keep CRLF in the lines a fix adds). */
  eol(): string {
    const first = this.text.indexOf('\n');
    return first > 0 && this.text[first - 1] === '\r' ? '\r\n' : '\n';
  }

  /** The line break that ends the text before `end`, if any, so a replacement can keep it. */
  newlineEnding(end: number): string {
    if (this.text[end - 1] !== '\n') return '';
    return this.text[end - 2] === '\r' ? '\r\n' : '\n';
  }

  /** The offset just after the newline that ends the line holding `offset - 1` (or the text's end). */
  lineEndAfter(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  range(node: Node): Range3 {
    const r = node.range;
    if (!r) throw new Error('YAML node without a source range');
    return [r[0] + this.base, r[1] + this.base, r[2] + this.base];
  }

  pairEnd(pair: Pair): number {
    const value = pair.value as Node | null;
    if (value?.range) return this.range(value)[1];
    return this.colonEnd(pair);
  }

  /** The offset just after the `:` that follows a key. */
  colonEnd(pair: Pair): number {
    const keyEnd = this.range(pair.key as Node)[1];
    const colon = this.text.indexOf(':', keyEnd);
    return colon === -1 ? keyEnd : colon + 1;
  }

  isEmptyValue(node: Node | null): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }

  equals(node: Node | null, value: unknown): boolean {
    const current = node === null ? null : node.toJS(this.document, { maxAliasCount: 100 });
    return isDeepStrictEqual(normalise(current), normalise(value));
  }

  layout(): Layout {
    let layout = layoutCache.get(this.document);
    if (!layout) {
      layout = detectLayout(this.text, this.document, this.base);
      layoutCache.set(this.document, layout);
    }
    return layout;
  }

  walk(path: FieldPath): Walk {
    const root = this.document.contents as Node | null;
    const walk: Walk = { steps: [], mergeHidden: false, shared: false };
    if (!root) return walk;
    walk.steps.push({ node: root });
    for (const segment of path) {
      const current = walk.steps.at(-1)!.node;
      if (current === null || isAlias(current)) {
        if (current) walk.shared = true;
        break;
      }
      if ((current as { anchor?: string }).anchor) walk.shared = true;
      if (typeof segment === 'number') {
        if (!isSeq(current) || segment >= current.items.length) break;
        walk.steps.push({ node: current.items[segment] as Node, parent: current, index: segment });
        continue;
      }
      if (!isMap(current)) break;
      const pair = current.items.find((p) => keyText(p.key) === segment);
      if (!pair) {
        walk.mergeHidden = current.items.some((p) => keyText(p.key) === '<<');
        break;
      }
      walk.steps.push({ node: (pair.value as Node | null) ?? null, pair, parent: current });
    }
    // Editing an anchored node would also change every alias of it elsewhere in the document.
    if (walk.steps.some((s) => s.node && (s.node as { anchor?: string }).anchor)) walk.shared = true;
    return walk;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function edit(startOffset: number, endOffset: number, text: string): PatchStep {
  return { kind: 'edit', edit: { startOffset, endOffset, text } };
}

function unfixable(reason: string): PatchStep {
  return { kind: 'unfixable', reason };
}

function pathText(path: FieldPath): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(root)';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCollectionWithItems(value: unknown): boolean {
  return (Array.isArray(value) && value.length > 0) || (isPlainObject(value) && Object.keys(value).length > 0);
}

/** Numbers from YAML and from rule files compare equal whatever their JS type (bigint or number). */
function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}

/** Reads the file's own indentation habits, so inserted lines look like their neighbours. */
function detectLayout(text: string, document: Document.Parsed, base: number): Layout {
  let step: number | undefined;
  let seqIndent: number | undefined;
  const column = (offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  visit(document, {
    Pair(_key, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range) return undefined;
      const keyColumn = column(key.range[0] + base);
      if (step === undefined && isMap(value) && !value.flow && value.items[0]) {
        const child = value.items[0].key as Node | null;
        if (child?.range) {
          const delta = column(child.range[0] + base) - keyColumn;
          if (delta > 0) step = delta;
        }
      }
      if (seqIndent === undefined && isSeq(value) && !value.flow) {
        const delta = column(value.range[0] + base) - keyColumn;
        if (delta >= 0) seqIndent = delta;
      }
      return step !== undefined && seqIndent !== undefined ? visit.BREAK : undefined;
    },
  });
  return { step: step ?? 2, seqIndent: seqIndent ?? step ?? 2 };
}

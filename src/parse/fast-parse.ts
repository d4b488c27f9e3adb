// The fast parse path: js-yaml reads a file about ten times faster than the `yaml` package's full
// document model, and its parse events give us the offsets a finding needs (location-tree.ts).
// It only takes files it is sure to read exactly as the `yaml` path does (YAML 1.1 scalars resolved by
// the `yaml` package's own 1.1 schema, every structure checked against the parsed value); anything
// unusual (an error, tags, merge keys, explicit keys, nested or many aliases, directives, tabs, odd line
// breaks) makes it decline, and the caller reads the file with the `yaml` package, which reports the
// problem with its exact position. See docs/benchmarks.md for the measured difference.
import jsYaml from 'js-yaml';
import { isScalar, Schema, type ScalarTag } from 'yaml';
import type { LocationEntry, LocationNode } from './location-tree.ts';
import { detachedString } from './detached-string.ts';

export interface FastDocument {
  value: unknown;
  root: LocationNode;
  startOffset: number;
  endOffset: number;
  /** True when a null is anywhere in the document (`key:`, `~`, `null`): schema validation then drops them. */
  holdsNull: boolean;
}

/** Thrown inside the parse-event listener to stop and decline; never escapes this module. */
class Decline extends Error {}

/**
 * Plain scalars are resolved with the same tag list the `yaml` path uses: for manifests YAML 1.1
 * (timestamps and sexagesimal numbers left as strings, as Kubernetes reads them), so `yes`, `0755` or
 * `1e3` mean the same thing on both paths; for rule files the `yaml` package's default core schema.
 */
export function plainScalarResolver(
  customTags: (tags: never[]) => unknown[],
  schemaName: 'yaml-1.1' | 'core' = 'yaml-1.1',
): (source: string) => unknown {
  const schema = new Schema({ schema: schemaName, customTags: customTags as never });
  const implicit = (schema.tags as ScalarTag[]).filter((tag) => tag.default === true && tag.test !== undefined);
  const cache = new Map<string, unknown>();
  return (source) => {
    const cached = cache.get(source);
    if (cached !== undefined || cache.has(source)) return cached;
    let value: unknown = source;
    for (const tag of implicit) {
      if (!tag.test!.test(source)) continue;
      const resolved = tag.resolve(source, () => {}, { intAsBigInt: false } as never);
      value = isScalar(resolved) ? resolved.value : resolved;
      break;
    }
    // Bounded: manifests repeat a few thousand distinct short values (ports, booleans, names).
    // Stored as copies: V8 keeps a substring as a view into its parent, so a cached key cut from a
    // file would keep that whole file's text alive for the rest of the scan.
    if (source.length <= 64 && cache.size < 50_000) {
      const key = detachedString(source);
      cache.set(key, typeof value === 'string' ? key : value);
    }
    return value;
  };
}

/** Cheap text checks for what the fast path does not take on. */
// (`x#` is a comment to js-yaml after a flow collection or quote, an error to the `yaml` package; so is
// `&a[` or `&a{`, an anchor run into a flow collection.)
const UNSUPPORTED = /(?:^|[\s,[{])(?:!|<<\s*:|\?\s|&[^\s,[\]{}]*[[{])|^%|\t|\r(?!\n)|\uFEFF|[\]}"']#/m;

const DOCUMENT_MARKER_LINE = /\n(?:---|\.\.\.)(?:\s|$)/;

const schemas = new WeakMap<(source: string) => unknown, jsYaml.Schema>();

/** The js-yaml schema that resolves plain scalars with `resolvePlain`: made once a resolver, not once a file. */
function plainScalarSchema(resolvePlain: (source: string) => unknown): jsYaml.Schema {
  let schema = schemas.get(resolvePlain);
  if (!schema) {
    schema = jsYaml.FAILSAFE_SCHEMA.extend({
      implicit: [new jsYaml.Type('tag:plimsoll.dev,2026:plain', { kind: 'scalar', resolve: () => true, construct: resolvePlain })],
    });
    schemas.set(resolvePlain, schema);
  }
  return schema;
}

/** What js-yaml reads differently from the `yaml` package (`x#` after a quote or flow collection, a BOM, directives, `&a[`). */
// A block collection on the line of a `---` is an error to the `yaml` package, which js-yaml reads: any
// plain text there declines (flow collections, quoted and block scalars after `---` are fine).
const VALUE_ONLY_UNSUPPORTED = /[\]}"']#|\uFEFF|^(?:%|--- +[^\s#{["'|>])|(?:^|[\s,[{])&[^\s,[\]{}]*[[{]/m;

/**
 * The value of a one-document file whose locations nobody needs (rule files), read with js-yaml and
 * `resolvePlain`; undefined when js-yaml fails or the text has something the two parsers read
 * differently, and the caller then uses the `yaml` package, which explains the problem.
 */
export function fastLoadValue(text: string, resolvePlain: (source: string) => unknown): { value: unknown } | undefined {
  if (VALUE_ONLY_UNSUPPORTED.test(text)) return undefined;
  try {
    return { value: jsYaml.load(text, { schema: plainScalarSchema(resolvePlain) }) };
  } catch {
    return undefined;
  }
}

export function fastParseDocuments(
  text: string,
  resolvePlain: (source: string) => unknown,
  limits: { maxAliases: number; maxDocuments: number },
  /** Told why the fast path declined (tests and diagnostics). */
  onDecline?: (reason: string) => void,
): FastDocument[] | undefined {
  if (UNSUPPORTED.test(text)) {
    onDecline?.('unsupported syntax');
    return undefined;
  }
  const schema = plainScalarSchema(resolvePlain);
  const builder = new TreeBuilder(text, limits.maxAliases);
  const values: unknown[] = [];
  try {
    jsYaml.loadAll(text, (value) => {
      values.push(value);
      if (values.length > limits.maxDocuments) throw new Decline('too many documents');
    }, { schema, listener: (event, state) => builder.onEvent(event, state) });
  } catch (error) {
    onDecline?.(error instanceof Decline ? error.message : `js-yaml: ${String(error).split('\n')[0]}`);
    return undefined;
  }
  if (values.length !== builder.roots.length) {
    onDecline?.('document count');
    return undefined;
  }
  const documents: FastDocument[] = [];
  for (const [i, value] of values.entries()) {
    const root = builder.roots[i]!;
    if (!sameValue(root.value, value)) {
      onDecline?.('document value');
      return undefined;
    }
    documents.push({ value, root: root.node, startOffset: root.node.start, endOffset: root.node.end, holdsNull: root.holdsNull });
  }
  return documents;
}

interface Built {
  node: LocationNode;
  value: unknown;
  /** True when the node or something inside it is an alias (nested aliasing may expand exponentially). */
  holdsAlias: boolean;
  /** No content at all (js-yaml's reader also composes one when it looks for a key past a map's end). */
  empty?: boolean;
  /** A flow collection written over several lines, or a node holding one. */
  multiLineFlow?: boolean;
}

interface Frame {
  open: number;
  children: Built[];
}

class TreeBuilder {
  readonly roots: { node: LocationNode; value: unknown; holdsNull: boolean }[] = [];
  readonly #text: string;
  readonly #maxAliases: number;
  /** Open nodes, innermost last; `#depth` of them are in use (frames are reused: one per depth, not per node). */
  readonly #stack: Frame[] = [];
  #depth = 0;
  #anchors = new Map<string, Built>();
  #aliases = 0;
  /** Whether a map value or list item of the current document is null (set where they are checked). */
  #holdsNull = false;

  constructor(text: string, maxAliases: number) {
    this.#text = text;
    this.#maxAliases = maxAliases;
  }

  onEvent(event: 'open' | 'close', state: jsYaml.State): void {
    if (event === 'open') {
      if (this.#depth === 0) {
        // A new document: anchors and the alias budget are per document, as in the `yaml` path.
        this.#anchors = new Map();
        this.#aliases = 0;
        this.#holdsNull = false;
      }
      const frame = this.#stack[this.#depth];
      if (frame) {
        frame.open = state.position;
        frame.children.length = 0;
      } else this.#stack.push({ open: state.position, children: [] });
      this.#depth += 1;
      return;
    }
    if (this.#depth === 0) throw new Decline('unbalanced events');
    this.#depth -= 1;
    const built = this.#build(this.#stack[this.#depth]!, state);
    if (this.#depth > 0) this.#stack[this.#depth - 1]!.children.push(built);
    // An empty document between two others is a null itself.
    else this.roots.push({ node: built.node, value: built.value, holdsNull: this.#holdsNull || built.value === null });
  }

  #build(frame: Frame, state: jsYaml.State): Built {
    const text = this.#text;
    const value: unknown = state.result;
    const anchor = (state as unknown as { anchor: string | null }).anchor;
    const children = frame.children;
    let built: Built;
    if (children.length === 1 && sameValue(children[0]!.value, value) && state.kind !== 'sequence') {
      // The block-map reader composed this node as a would-be key and kept it: the child is the node.
      built = children[0]!;
    } else {
      const start = contentStart(text, frame.open);
      if (children.length === 0 && text.charCodeAt(start) === 0x2a /* * */) built = this.#alias(text, start);
      else if (state.kind === 'mapping') built = this.#map(frame, start, state.position, value);
      else if (state.kind === 'sequence') built = this.#seq(frame, start, state.position, value);
      else if (children.length > 0) throw new Decline('scalar with children');
      else if (state.kind === 'scalar') {
        const end = scalarEnd(text, start, state.position);
        // Only a scalar over several lines can hold what follows (most are one word on one line).
        const newline = text.indexOf('\n', start);
        if (newline !== -1 && newline < end) {
          // A document marker inside a multi-line scalar ends the document for the `yaml` package.
          if (DOCUMENT_MARKER_LINE.test(text.slice(start, end))) throw new Decline('document marker inside a scalar');
          // js-yaml does not check the indentation of a quoted scalar's later lines; the `yaml` package does.
          const first = text.charCodeAt(start);
          if (first === 0x22 /* " */ || first === 0x27 /* ' */) throw new Decline('multi-line quoted scalar');
        }
        built = { node: { kind: 'scalar', start, end }, value, holdsAlias: false };
      }
      else if (value === null && this.#depth > 0) {
        // `key:` or `- ` with nothing after it: the `yaml` path puts an empty null scalar where the
        // value would start (after the spaces, before any comment or line break).
        const at = skipSpaces(text, frame.open);
        built = { node: { kind: 'scalar', start: at, end: at }, value: null, holdsAlias: false, empty: true };
      } else throw new Decline('empty document or node');
    }
    if (this.#depth === 0 && (state.kind === 'mapping' || state.kind === 'sequence')) {
      // A block collection on the line of its `---` is an error to the `yaml` package; js-yaml reads it.
      const at = built.node.start;
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const first = text.charCodeAt(at);
      if (at > lineStart && first !== 0x7b /* { */ && first !== 0x5b /* [ */ && text.startsWith('---', lineStart)) {
        throw new Decline('block collection on the line of ---');
      }
    }
    if (built.empty && this.#depth === 0) {
      // An empty document (`---` after `---`): the `yaml` path puts its null just after the marker.
      const at = afterDocumentMarker(text, frame.open);
      if (at !== undefined) built = { node: { kind: 'scalar', start: at, end: at }, value: null, holdsAlias: false, empty: true };
    }
    if (anchor !== null && anchor !== undefined) {
      // `&a` before nothing: the two parsers place that null differently.
      if (built.empty) throw new Decline('anchored empty node');
      this.#anchors.set(anchor, built);
    }
    return built;
  }

  #alias(text: string, start: number): Built {
    let end = start + 1;
    while (end < text.length && !/[\s,[\]{}]/.test(text[end]!)) end += 1;
    const target = this.#anchors.get(text.slice(start + 1, end));
    this.#aliases += 1;
    // Nested aliases can expand exponentially, and many aliases are what a YAML bomb is made of: both
    // go to the `yaml` path, which counts the expansion and reports it.
    if (!target || target.holdsAlias || this.#aliases > this.#maxAliases) throw new Decline('alias');
    return { node: target.node, value: target.value, holdsAlias: true };
  }

  #map(frame: Frame, start: number, close: number, value: unknown): Built {
    const children = frame.children;
    // The block-map reader's last look for another key found none: not an entry.
    if (children.length % 2 === 1 && children[children.length - 1]!.empty) children.pop();
    if (children.length % 2 !== 0 || typeof value !== 'object' || value === null || Array.isArray(value)) throw new Decline('map shape');
    const record = value as Record<string, unknown>;
    const entries: LocationEntry[] = [];
    let holdsAlias = false;
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i]!;
      const item = children[i + 1]!;
      // Null keys (`{: b}`, `~: x`) become "null" in js-yaml and "" in the `yaml` package.
      if (key.node.kind !== 'scalar' || key.holdsAlias || key.value === null || typeof key.value === 'object') throw new Decline('complex or null key');
      const name = String(key.value);
      if (!Object.hasOwn(record, name) || !sameValue(record[name], item.value)) throw new Decline('map entry');
      entries.push({ name, keyStart: key.node.start, keyEnd: key.node.end, value: item.node });
      if (item.value === null) this.#holdsNull = true;
      holdsAlias ||= item.holdsAlias || key.holdsAlias;
    }
    let size = 0;
    for (const key in record) if (Object.hasOwn(record, key)) size += 1;
    if (size !== entries.length) throw new Decline('map size');
    const end = trimEnd(this.#text, close, start);
    return { node: { kind: 'map', start, end, entries }, value, holdsAlias, multiLineFlow: this.#multiLineFlow(start, end, children) };
  }

  #seq(frame: Frame, start: number, close: number, value: unknown): Built {
    const children = frame.children;
    if (!Array.isArray(value) || value.length !== children.length) throw new Decline('sequence shape');
    children.forEach((child, i) => {
      if (!sameValue(value[i], child.value)) throw new Decline('sequence item');
      if (child.value === null) this.#holdsNull = true;
    });
    const end = trimEnd(this.#text, close, start);
    return {
      node: { kind: 'seq', start, end, items: children.map((c) => c.node) },
      value,
      holdsAlias: children.some((c) => c.holdsAlias),
      multiLineFlow: this.#multiLineFlow(start, end, children),
    };
  }

  /**
   * The `yaml` package wants a flow collection inside a block one indented past it on every line
   * (js-yaml does not check): such files go to the `yaml` path, which reports what it finds.
   */
  #multiLineFlow(start: number, end: number, children: Built[]): boolean {
    const inner = children.some((c) => c.multiLineFlow);
    const first = this.#text.charCodeAt(start);
    if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) {
      if (inner) throw new Decline('multi-line flow collection in a block collection');
      return false;
    }
    return inner || this.#text.slice(start, end).includes('\n');
  }
}

/** Skips the space, line breaks, comments and node properties (`&anchor`) before a node's content. */
function contentStart(text: string, position: number): number {
  let i = position;
  for (;;) {
    const ch = text.charCodeAt(i);
    if (ch === 0x20 || ch === 0x0a || ch === 0x0d) i += 1;
    else if (ch === 0x23 /* # */ && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? text.length : eol + 1;
    } else if (ch === 0x26 /* & */) {
      while (i < text.length && !/\s/.test(text[i]!)) i += 1;
    } else return i;
  }
}

/**
 * Just past the `---` that starts an empty document and the spaces after it, found back from where
 * js-yaml looked for its content (only blank and comment lines lie between); undefined without one.
 */
function afterDocumentMarker(text: string, open: number): number | undefined {
  let marker = text.lastIndexOf('---', open - 1);
  while (marker > 0 && text.charCodeAt(marker - 1) !== 0x0a) marker = text.lastIndexOf('---', marker - 1);
  return marker === -1 ? undefined : skipSpaces(text, marker + 3);
}

function skipSpaces(text: string, position: number): number {
  let i = position;
  while (text.charCodeAt(i) === 0x20) i += 1;
  return i;
}

/**
 * Where a scalar's text ends. Block scalars (`|`, `>`) own their line breaks; other scalars end at
 * their last character.
 */
function scalarEnd(text: string, start: number, position: number): number {
  const first = text.charCodeAt(start);
  if (first !== 0x7c /* | */ && first !== 0x3e /* > */) return trimEnd(text, position, start);
  let end = Math.min(position, text.length);
  while (end > start && text.charCodeAt(end - 1) === 0x20) end -= 1;
  return blockScalarEnd(text, start, end);
}

/**
 * The end of a block scalar as the `yaml` package's lexer draws it. `end` is where js-yaml stopped
 * reading it: the start of the next line, or the end of the text. The scalar takes in the line break
 * of its last line; with `+` (keep) every blank line after it as well, otherwise none of the blank
 * lines after its content, except that an empty scalar keeps its first (the lexer's own rule). A line
 * counts as blank when it holds no more spaces than the first line that has any other character.
 */
function blockScalarEnd(text: string, header: number, end: number): number {
  const headerEnd = text.indexOf('\n', header);
  if (headerEnd === -1 || headerEnd >= end) return end;
  for (let i = header + 1; i < headerEnd; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2b /* + */) return end;
    if (ch !== 0x2d /* - */ && (ch < 0x30 || ch > 0x39)) break;
  }
  const contentStart = headerEnd + 1;
  let indent = 0;
  for (let i = contentStart; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x20) indent += 1;
    else if (ch === 0x0a) indent = 0;
    else if (ch !== 0x0d || text.charCodeAt(i + 1) !== 0x0a) break;
  }
  // The line break that ends the scalar's last line (the end of the text when it has none).
  let lineBreak = end === text.length && text.charCodeAt(end - 1) !== 0x0a ? end : text.lastIndexOf('\n', end - 1);
  for (;;) {
    let i = lineBreak - 1;
    if (text.charCodeAt(i) === 0x0d) i -= 1;
    const lastChar = i;
    while (text.charCodeAt(i) === 0x20) i -= 1;
    if (i >= contentStart && text.charCodeAt(i) === 0x0a && lastChar - i <= indent) lineBreak = i;
    else break;
  }
  return Math.min(lineBreak + 1, text.length);
}

/** The end of a node's own text: before the trailing space and line breaks the reader went past. */
function trimEnd(text: string, position: number, start: number): number {
  let end = Math.min(position, text.length);
  while (end > start && isSpace(text.charCodeAt(end - 1))) end -= 1;
  return end;
}

const SPACE = /\s/;

/** `/\s/` for one UTF-16 code unit, without making a one-character string for the ASCII ones. */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return SPACE.test(String.fromCharCode(code));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

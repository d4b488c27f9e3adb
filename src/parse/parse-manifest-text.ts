// Turns the text of one file into YAML documents with exact positions, or problems with positions.
// We use the `yaml` package: it keeps a source range on every node, reports duplicate keys, and can
// read YAML 1.1 scalars the way Kubernetes (go-yaml v2 via sigs.k8s.io/yaml) does (`yes`, `on`, `0755`).
import { LineCounter, parseAllDocuments, visit, type Document, type Tags } from 'yaml';
import { fastParseDocuments, plainScalarResolver, type FastDocument } from './fast-parse.ts';
import { locateInTree, type TreeLocation } from './location-tree.ts';
import { locatePath, type LocateOptions } from './locate-path.ts';
import type { FieldPath, Position } from '../types.ts';

/** Aliases a document may expand before we call it a YAML bomb (the `yaml` default is 100). */
export const MAX_ALIAS_COUNT = 100;
/** Documents one file may hold; more is almost certainly generated junk or an attack. */
export const MAX_DOCUMENTS_PER_FILE = 10_000;

export interface ParseProblem {
  message: string;
  /** 0-based offsets of the offending text. */
  startOffset: number;
  endOffset: number;
}

/** A `yaml` package document and where the text it was parsed from starts in the file. */
export interface YamlDocumentAt {
  document: Document.Parsed;
  /** Offset in the file of the parsed text's start: the document's node ranges count from here. */
  base: number;
}

export interface ParsedDocument {
  /**
   * The `yaml` package's document, which fixes work on. When the fast path read the file, it is parsed
   * on first use from this document's own lines, not the whole file: a scan that reports fixes then
   * parses again only the documents with a fixable finding.
   */
  readonly yaml: YamlDocumentAt;
  /** Where a field path is in the text (the value, or the nearest existing key): see locatePath. */
  locate(path: FieldPath, options?: LocateOptions): TreeLocation;
  /** Plain JS value of the document (integers as bigint, as CEL wants them), or undefined if unusable. */
  value: unknown;
  /** Problems that make this document untrustworthy; when non-empty, value is undefined. */
  problems: ParseProblem[];
  /** False when the reader knows no null is anywhere in the value (the fast path tracks it); else unknown. */
  holdsNull?: boolean;
  /** Offset range of the document in the file. */
  startOffset: number;
  endOffset: number;
}

export interface ParsedFile {
  text: string;
  documents: ParsedDocument[];
  /** Problems not tied to one document (too many documents). */
  problems: ParseProblem[];
  lineCounter: LineCounter;
  /** Which reader parsed the file: the fast path, or the `yaml` package (fallback, and for errors). */
  reader: 'fast' | 'yaml';
}

export interface ParseOptions {
  /** Try the fast path first (default true); false always uses the `yaml` package (tests compare both). */
  fast?: boolean;
}

let resolvePlain: ((source: string) => unknown) | undefined;

export function parseManifestText(text: string, options: ParseOptions = {}): ParsedFile {
  if (options.fast !== false) {
    resolvePlain ??= plainScalarResolver(withoutTimestampTags as never);
    const fast = fastParseDocuments(text, resolvePlain, { maxAliases: MAX_ALIAS_COUNT, maxDocuments: MAX_DOCUMENTS_PER_FILE });
    if (fast) return fromFastPath(text, fast);
  }
  return parseWithYaml(text);
}

/** Documents read by the fast path; the `yaml` documents are parsed only if someone asks for one. */
function fromFastPath(text: string, fast: FastDocument[]): ParsedFile {
  let yamlDocuments: ParsedDocument[] | undefined;
  const wholeFileDocument = (index: number): YamlDocumentAt => {
    yamlDocuments ??= parseWithYaml(text).documents;
    const document = yamlDocuments[index];
    if (!document) throw new Error(`The yaml package found no document ${index + 1} where the fast parser did`);
    return document.yaml;
  };
  const documents = fast.map((doc, index): ParsedDocument => {
    let yaml: YamlDocumentAt | undefined;
    return {
      get yaml() {
        return (yaml ??= documentAlone(text, doc) ?? wholeFileDocument(index));
      },
      locate: (path, locateOptions) => locateInTree(doc.root, doc.startOffset, path, locateOptions),
      value: doc.value,
      problems: [],
      holdsNull: doc.holdsNull,
      startOffset: doc.startOffset,
      endOffset: doc.endOffset,
    };
  });
  return { text, documents, problems: [], lineCounter: lineCounterFor(text), reader: 'fast' };
}

/**
 * One document parsed alone, from the start of its first line (so columns read as in the file) to the
 * line break that ends its content (in the file, the last block collection's range takes it in, and a
 * fix at the end of the document edits up to it); undefined unless that gives exactly one document
 * without errors (the whole file is parsed then).
 */
function documentAlone(text: string, doc: FastDocument): YamlDocumentAt | undefined {
  const base = text.lastIndexOf('\n', doc.startOffset - 1) + 1;
  const lineBreak = text.startsWith('\r\n', doc.endOffset) ? 2 : text.charCodeAt(doc.endOffset) === 0x0a ? 1 : 0;
  const end = doc.endOffset + lineBreak;
  let parsed: Document.Parsed[];
  try {
    const result = parseAllDocuments(text.slice(base, end), YAML_OPTIONS);
    if (!Array.isArray(result)) return undefined;
    parsed = result;
  } catch {
    return undefined;
  }
  const [document] = parsed;
  if (parsed.length !== 1 || !document || document.errors.length > 0) return undefined;
  return { document, base };
}

/** Line starts as the `yaml` lexer records them (after every `\n`), for offset → line:column. */
function lineCounterFor(text: string): LineCounter {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

const YAML_OPTIONS = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  // Merge keys (`<<`) are YAML 1.1 and Kubernetes' parser honours them.
  merge: true,
  customTags: withoutTimestampTags,
  // No console warnings: they would print text from the file (a key that is a map, say) to stderr.
  logLevel: 'error',
} as const;

function parseWithYaml(text: string): ParsedFile {
  const problems: ParseProblem[] = [];
  let docs: Document.Parsed[] = [];
  try {
    const parsed = parseAllDocuments(text, YAML_OPTIONS);
    if (Array.isArray(parsed)) docs = parsed;
  } catch (error) {
    // The `yaml` parser recurses once per nesting level: a few thousand levels overflow the stack.
    problems.push({ message: describeReadError(error), startOffset: 0, endOffset: 0 });
  }
  if (docs.length > MAX_DOCUMENTS_PER_FILE) {
    problems.push({
      message: `File holds ${docs.length} YAML documents; at most ${MAX_DOCUMENTS_PER_FILE} are scanned.`,
      startOffset: 0,
      endOffset: 0,
    });
  }
  const documents = docs.slice(0, MAX_DOCUMENTS_PER_FILE).map((document) => toParsedDocument(document, text));
  // Not the `yaml` package's own LineCounter: after a syntax error it skips the line breaks inside a
  // multi-line plain scalar, and every later finding lands on the wrong line (fuzz test, hostile-input).
  return { text, documents, problems, lineCounter: lineCounterFor(text), reader: 'yaml' };
}

/**
 * go-yaml v2 keeps timestamps and sexagesimal numbers (`2001-12-14`, `190:20:30`) as strings when
 * decoding into JSON, so we drop the YAML 1.1 tags that would turn them into dates or numbers.
 */
export function withoutTimestampTags(tags: Tags): Tags {
  return tags.filter(
    (tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME'),
  );
}

function toParsedDocument(document: Document.Parsed, text: string): ParsedDocument {
  const [startOffset, , endOffset] = document.range ?? [0, 0, text.length];
  const problems: ParseProblem[] = document.errors.map((error) => ({
    // The composer reports its own stack overflow as RESOURCE_EXHAUSTION with the bare RangeError text.
    message: error.code === 'RESOURCE_EXHAUSTION' ? describeReadError(error.message) : cleanYamlMessage(error.message),
    startOffset: error.pos[0],
    endOffset: error.pos[1],
  }));
  let value: unknown;
  if (problems.length === 0) {
    // Both walk the whole tree, recursively: deep nesting can overflow the stack here too.
    try {
      const aliasProblem = checkAliasBudget(document);
      if (aliasProblem) problems.push(aliasProblem);
      else value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT, intAsBigInt: false });
    } catch (error) {
      problems.push({ message: describeReadError(error), startOffset, endOffset: startOffset });
    }
  }
  return {
    yaml: { document, base: 0 },
    locate: (path, options) => locatePath(document, path, options),
    value: problems.length === 0 ? value : undefined,
    problems,
    startOffset,
    endOffset,
  };
}

/**
 * Counts alias expansions before converting, so a billion-laughs document is rejected by counting nodes
 * once, not by expanding them. `toJS` has its own guard; this one reports where the first alias sits.
 */
function checkAliasBudget(document: Document.Parsed): ParseProblem | undefined {
  let aliases = 0;
  let first: [number, number] | undefined;
  visit(document, {
    Alias(_key, node) {
      aliases += 1;
      if (!first && node.range) first = [node.range[0], node.range[1]];
      return aliases > MAX_ALIAS_COUNT ? visit.BREAK : undefined;
    },
  });
  if (aliases <= MAX_ALIAS_COUNT || !first) return undefined;
  return {
    message: `More than ${MAX_ALIAS_COUNT} YAML aliases in one document: refusing to expand them (possible YAML bomb).`,
    startOffset: first[0],
    endOffset: first[1],
  };
}

function describeReadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/alias/i.test(message)) return `YAML alias expansion refused: ${message}`;
  if (/call stack|stack overflow/i.test(message)) return 'YAML is nested too deeply to read: the parser ran out of stack.';
  return `Could not read YAML document: ${message}`;
}

/**
 * `yaml` messages that end by quoting the offending text, which may be a password or a token: findings
 * travel to PR comments, logs and SARIF, so we keep the description and let the position point at it.
 */
const QUOTES_SOURCE =
  /^(Unexpected [\w-]+ token in YAML stream|Not a YAML token|Unresolved alias \(the anchor must be set before the alias\)|Unresolved tag|Could not resolve tag|Not a valid tag|Block scalar header includes extra characters|Ordered maps must not include duplicate keys|Anchor must not contain whitespace or control characters): .*$/;
const QUOTES_SOURCE_AFTER_SPACE = /^(Invalid escape sequence|Unknown directive|Unsupported YAML version) .*$/;

/** The `yaml` package appends a code frame and position to messages; we report positions ourselves. */
function cleanYamlMessage(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim()
    .replace(QUOTES_SOURCE, '$1')
    .replace(QUOTES_SOURCE_AFTER_SPACE, '$1');
}

export function offsetToPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

// The fast parse path must read every file it accepts exactly as the `yaml` path does: same documents,
// same values, and the same location for every field path (present or missing, value or key).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifestText, type ParsedFile } from '../../src/parse/parse-manifest-text.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';
import { mulberry32 } from '../../scripts/seeded-random.ts';
import type { FieldPath } from '../../src/types.ts';


function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/** Every path into the value, plus a missing child under each collection (where findings point too). */
function pathsOf(value: unknown, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
    out.push([...prefix, 'notAField', 'deeper']);
  }
  return out;
}

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  return typeof value === 'object' && Object.values(value as object).some(containsNull);
}

/** Compares the two readers on one text; returns which reader the default path used. */
function expectSameReading(text: string): ParsedFile['reader'] {
  const fast = parseManifestText(text);
  const slow = parseManifestText(text, { fast: false });
  expect(slow.reader).toBe('yaml');
  expect(fast.problems).toEqual(slow.problems);
  expect(fast.documents.length).toBe(slow.documents.length);
  fast.documents.forEach((document, i) => {
    const other = slow.documents[i]!;
    expect(document.problems).toEqual(other.problems);
    expect(document.value).toEqual(other.value);
    // The fast path says whether a null is in the document (schema validation skips looking when not).
    if (fast.reader === 'fast') expect(document.holdsNull).toBe(containsNull(document.value));
    for (const path of pathsOf(document.value)) {
      for (const key of [false, true]) {
        const a = document.locate(path, { key });
        const b = other.locate(path, { key });
        expect({ path, key, startOffset: a.startOffset, endOffset: a.endOffset, depth: a.depth, line: fast.lineCounter.linePos(a.startOffset) }).toEqual({
          path,
          key,
          startOffset: b.startOffset,
          endOffset: b.endOffset,
          depth: b.depth,
          line: slow.lineCounter.linePos(b.startOffset),
        });
      }
    }
  });
  return fast.reader;
}

const TRICKY: Record<string, string> = {
  'quoted keys and values': `"apiVersion": 'v1'\nkind: "ConfigMap"\nmetadata: {"name": 'x', namespace: "y"}\ndata:\n  'a b': "c: d"\n  "e": 'it''s'\n`,
  'block scalars': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  keep: |+\n    one\n\n  strip: >-\n    folded\n    text\n  plain: |\n    x: y\n    # not a comment\nafter: 1\n`,
  'multi-line plain scalar and comments': `apiVersion: v1 # trailing\nkind: Pod\nmetadata:\n  # leading\n  name: a\n  annotations:\n    note: this is\n      a long plain\n      scalar\n    other: x   # spaced comment\nspec: {}\n`,
  'YAML 1.1 scalars': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n  hostPID: off\n  hostIPC: On\n  t: y\n  mode: 0755\n  hex: 0x1F\n  bin: 0b101\n  exp: 1e3\n  flt: .5\n  inf: -.inf\n  nan: .NaN\n  under: 1_000\n  date: 2001-12-14\n  time: 190:20:30\n  nul: ~\n  nul2: Null\n  empty:\n  str: "yes"\n  ver: 1.10\n  neg: -0\n`,
  'anchors and aliases': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  labels: &labels\n    app: d\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      containers:\n        - &c\n          name: a\n          image: x\n`,
  'sequences in every style': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    args: [--x, "--y", '--z']\n    command:\n    - sh\n    - -c\n  - name: b\n    env: []\n  nested:\n    - - 1\n      - 2\n    - []\n    -\n    - {}\n`,
  'documents and markers': `---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n...\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n---\n`,
  'CRLF line breaks': 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: a\r\n      image: x\r\n',
  'List kind': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: b\n`,
  JSON: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80}]}]}}\n`,
  'keys that are not strings': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  1: one\n  true: yes\n  on: x\n  null: z\n  1.5: f\n`,
  'unicode and long lines': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "ünïcødé-✓"}\ndata:\n  emoji: "🚀 launch"\n  long: ${'x'.repeat(5000)}\n`,
  'flow collections across lines': `apiVersion: v1\nkind: Pod\nmetadata: {\n  name: p,\n  labels: {a: b,\n    c: d}\n}\nspec: {containers: [\n  {name: a, image: x},\n  {name: b,\n   image: y}\n]}\n`,
  'empty file': '',
  'comment only': '# nothing here\n',
  'scalar document': 'just a string\n',
  // A block scalar takes its last line break, and blank lines after that only with `+` (keep); the
  // finding on such a value ends where it does on the `yaml` path.
  'block scalars before blank lines': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  clip: |\n    x\n\n  strip: |-\n    y\n  \n\n  keep: |+\n    z\n\n  folded: >\n    a\n\n    b\n   \n  spaces: |\n    c\n      \n  indicator: |2\n     d\n\n  commented: | # note\n    e\n\n# between\n  empty: |\n\n\n  last: |\n    f\n\n\n`,
  'block scalar at the end, CRLF': 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: c}\r\ndata:\r\n  a: |\r\n    x\r\n\r\n  b: >-\r\n    y\r\n  \r\n',
  'empty documents between others': `kind: A\n---\n---   \n--- # note\n# only a comment\n---\n\n...\n---\nkind: B\n`,
  'indented sequence under key at same column': `kind: Role\napiVersion: rbac.authorization.k8s.io/v1\nmetadata:\n  name: r\nrules:\n- apiGroups: [""]\n  resources:\n  - pods\n  verbs: ["get"]\n`,
};

describe('fast parse path', () => {
  it.each(Object.entries(TRICKY))('reads "%s" as the yaml path does', (_name, text) => {
    expectSameReading(text);
  });

  it('knows which documents hold a null, wherever it is', () => {
    const docs = [
      'kind: A\nspec:\n  x: 1\n', // none
      'kind: B\nspec:\n  x:\n', // empty value
      'kind: C\nargs:\n  - a\n  - ~\n', // block list item
      'kind: D\nargs: [a, null]\n', // flow list item
      'kind: E\nspec: {x: Null}\n', // flow map value
      'kind: F\nspec:\n  x: "null"\n  y: [a]\n', // a string, not a null
    ];
    // And an empty document (between two others) is a null.
    const parsed = parseManifestText([...docs, '', 'kind: G\n'].join('---\n'));
    expect(parsed.reader).toBe('fast');
    expect(parsed.documents.map((d) => d.holdsNull)).toEqual([false, true, true, true, true, false, true, false]);
    expectSameReading([...docs, '', 'kind: G\n'].join('---\n'));
  });

  it('reads every example and every rule example as the yaml path does', () => {
    const texts = [...filesUnder('examples')];
    for (const rule of loadBuiltinRules()) {
      texts.push(...rule.definition.examples.pass, ...rule.definition.examples.fail.map((f) => f.manifest));
    }
    const readers = texts.map(expectSameReading);
    // Most real manifests take the fast path (the rest still read correctly through the fallback).
    expect(readers.filter((r) => r === 'fast').length).toBeGreaterThan(texts.length * 0.8);
  });

  describe('on the benchmark corpus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-corpus-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('reads every file through the fast path, exactly as the yaml path does', () => {
      generateCorpus(600, dir, 7);
      const readers = filesUnder(dir).map(expectSameReading);
      expect(readers.length).toBeGreaterThan(100);
      expect(readers.every((r) => r === 'fast')).toBe(true);
    });
  });

  // CI runs 3,000; a longer hunt for disagreements sets FAST_PARSE_MUTATIONS and FAST_PARSE_SEED.
  const mutations = Number(process.env.FAST_PARSE_MUTATIONS ?? 3000);
  const mutationSeed = Number(process.env.FAST_PARSE_SEED ?? 20261123);
  it(`agrees with the yaml path on ${mutations} seeded mutations of real manifests (seed ${mutationSeed})`, () => {
    const seeds = [...filesUnder('examples'), ...loadBuiltinRules().slice(0, 40).flatMap((r) => r.definition.examples.pass)];
    const random = mulberry32(mutationSeed);
    const pieces = ['- ', ': ', '  ', '\n', '#', '"', "'", '{', '}', '[', ']', ',', '&a ', '*a', '|', '>', '---\n', '~', 'yes', '0755', '\t', 'x',
      // Block scalar headers and the blank lines after them, empty documents, text on a `---` line, an
      // anchor run into what follows.
      '|-', '|+', '>-', '|2', ' \n', '\n\n', '--- ', '---\n---\n', ': |\n  ab\n\n', '&a'];
    let fast = 0;
    for (let i = 0; i < mutations; i++) {
      const lines = seeds[Math.floor(random() * seeds.length)]!.split('\n');
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * lines.length);
        const line = lines[at]!;
        const column = Math.floor(random() * (line.length + 1));
        const roll = random();
        if (roll < 0.3) lines[at] = line.slice(0, column) + pieces[Math.floor(random() * pieces.length)] + line.slice(column);
        else if (roll < 0.5) lines[at] = line.slice(0, column) + line.slice(column + 1 + Math.floor(random() * 3));
        else if (roll < 0.65) lines.splice(at, 1);
        else if (roll < 0.8) lines.splice(at, 0, line);
        else if (roll < 0.9) lines[at] = ' '.repeat(Math.floor(random() * 3)) + line;
        else lines[at] = line.replace(/^ {1,2}/, '');
      }
      if (expectSameReading(lines.join('\n')) === 'fast') fast += 1;
    }
    // Most mutations still parse and take the fast path; the others prove the fallback agrees.
    expect(fast).toBeGreaterThan(mutations / 6);
  }, Math.max(30_000, mutations * 3)); // a longer hunt takes longer (about 0.7 ms a mutation)

  it('declines broken input, and the yaml path reports the problem', () => {
    const broken = [
      'a: 1\na: 2\n', // duplicate key
      'a: [1, 2\n', // unterminated flow
      `a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\nd: *zz\n`, // unknown alias
      'a:\n\tb: 1\n', // tab as indentation
      'spec: {a: [1,\n2]}\n', // flow collection not indented inside a block map
      'containers: &a[{name: app}]\n', // an anchor run into a flow collection (js-yaml reads it)
    ];
    for (const text of broken) {
      const parsed = parseManifestText(text);
      expect(parsed.reader, text).toBe('yaml');
      expect(parsed.problems.length + parsed.documents.flatMap((d) => d.problems).length, text).toBeGreaterThan(0);
    }
  });

  it('leaves tags, merge keys, explicit keys and nested aliases to the yaml path', () => {
    const unusual = [
      'a: &x [1]\nb: !!binary aGk=\n',
      'base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n',
      `a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\n`,
      '? complex\n: key\n',
      // A block map on the `---` line: js-yaml reads it, the `yaml` package reports it.
      'a: 1\n--- b: 2\n',
      // An anchor on nothing: the parsers place that null differently.
      'rules: [&a ]\n',
    ];
    for (const text of unusual) {
      const parsed = parseManifestText(text);
      expect(parsed.reader, text).toBe('yaml');
      expect(parsed.documents.map((d) => d.value), text).toEqual(parseManifestText(text, { fast: false }).documents.map((d) => d.value));
    }
  });
});

// When the fast path read a file, a document's `yaml` model (which fixes need) is parsed from that
// document's own lines. It must stand exactly where the whole-file parse puts it, and give the same
// fix edits.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/bench/generate-corpus.ts';
import { parseManifestText } from '../../src/parse/parse-manifest-text.ts';
import { locatePath } from '../../src/parse/locate-path.ts';
import { computeFixEdits } from '../../src/fix/compute-fix-edits.ts';
import type { ResolvedOperation } from '../../src/fix/patch-yaml-text.ts';

const text = `# a comment before everything
apiVersion: v1
kind: Pod
metadata: {name: first}
spec:
  containers:
    - name: app
      image: nginx:1
---
# the second document's own comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: second
spec:
  template:
    spec:
      containers:
      - name: web
        image: web:2
        securityContext: {privileged: true}
--- {apiVersion: v1, kind: ConfigMap, metadata: {name: third}, data: {a: "1"}}
...
---
apiVersion: v1
kind: Service
metadata:
  name: fourth
  labels:
    app: x
`;

const fast = parseManifestText(text);
const whole = parseManifestText(text, { fast: false });

describe('a document parsed from its own lines', () => {
  it('is what the fast path gives, starting at the first line of each document', () => {
    expect(fast.reader).toBe('fast');
    expect(whole.reader).toBe('yaml');
    expect(fast.documents).toHaveLength(4);
    const bases = fast.documents.map((document) => document.yaml.base);
    expect(bases).toEqual(fast.documents.map((document) => text.lastIndexOf('\n', document.startOffset - 1) + 1));
    expect(bases.slice(1).every((base) => base > 0)).toBe(true);
    expect(whole.documents.every((document) => document.yaml.base === 0)).toBe(true);
  });

  it.each([
    [0, ['spec', 'containers', 0, 'image']],
    [0, ['metadata', 'name']],
    [1, ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged']],
    [1, ['metadata']],
    [2, ['data', 'a']],
    [3, ['metadata', 'labels', 'app']],
  ] as const)('locates document %i, %j, where the whole-file parse does', (index, path) => {
    const alone = fast.documents[index]!.yaml;
    const inFile = whole.documents[index]!.yaml;
    const a = locatePath(alone.document, [...path]);
    const b = locatePath(inFile.document, [...path]);
    expect(a.startOffset + alone.base).toBe(b.startOffset);
    expect(a.endOffset + alone.base).toBe(b.endOffset);
    expect(text.slice(b.startOffset, b.endOffset).length).toBeGreaterThan(0);
  });

  it.each([
    [0, { op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], value: true }],
    [1, { op: 'set', path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'], value: false }],
    [1, { op: 'remove', path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext'] }],
    [2, { op: 'set', path: ['data', 'b'], value: '2' }],
    [3, { op: 'add-to-list', path: ['spec', 'ports'], value: { port: 80 } }],
    [3, { op: 'remove', path: ['metadata', 'labels', 'app'] }],
  ] as const)('gives document %i the same fix edits: %j', (index, operation) => {
    const edits = computeFixEdits(text, fast.documents[index]!, [operation as ResolvedOperation]);
    expect(edits).toEqual(computeFixEdits(text, whole.documents[index]!, [operation as ResolvedOperation]));
    expect('edits' in edits && edits.edits.length > 0).toBe(true);
  });
});

describe('fix edits on a realistic corpus', () => {
  it('are the same whether a document was parsed alone or with its whole file, LF and CRLF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-alone-'));
    generateCorpus(400, dir, 11);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    let compared = 0;
    let edited = 0;
    for (const entry of files) {
      const lf = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const text of [lf, lf.replaceAll('\n', '\r\n')]) {
        const fastFile = parseManifestText(text);
        const wholeFile = parseManifestText(text, { fast: false });
        if (fastFile.reader !== 'fast') continue;
        fastFile.documents.forEach((document, index) => {
          const value = document.value as Record<string, unknown> | null;
          if (!value || typeof value !== 'object') return;
          const keys = Object.keys(value);
          const labels = Object.keys(((value.metadata as Record<string, unknown> | undefined)?.labels ?? {}) as object);
          const lastValue = value[keys.at(-1)!];
          const lastValueKeys = lastValue && typeof lastValue === 'object' && !Array.isArray(lastValue) ? Object.keys(lastValue) : [];
          const operations: ResolvedOperation[] = [
            // Each empties or shortens a map, often the one the document ends with.
            ...labels.map((label): ResolvedOperation => ({ op: 'remove', path: ['metadata', 'labels', label] })),
            ...lastValueKeys.map((key): ResolvedOperation => ({ op: 'remove', path: [keys.at(-1)!, key] })),
            { op: 'set', path: ['metadata', 'labels', 'plimsoll-test'], value: 'x' },
            { op: 'remove', path: ['metadata', 'name'] },
            { op: 'set', path: ['spec', 'replicas'], value: 3 },
            { op: 'remove', path: [keys.at(-1)!] },
            { op: 'add-to-list', path: ['metadata', 'finalizers'], value: 'a' },
          ];
          for (const operation of operations) {
            const alone = computeFixEdits(text, document, [operation]);
            expect(alone, `${entry.name} document ${index} ${JSON.stringify(operation)}`).toEqual(computeFixEdits(text, wholeFile.documents[index]!, [operation]));
            compared += 1;
            if ('edits' in alone && alone.edits.length > 0) edited += 1;
          }
        });
      }
    }
    expect(compared).toBeGreaterThan(3_000);
    expect(edited).toBeGreaterThan(2_000);
  });
});

// Hostile input: the scanner must never crash or hang, and must turn every problem into a finding
// that editors, GitHub and SARIF viewers can show. Inputs are seeded (mulberry32), so a failure names
// its seed and input and re-running reproduces it. Sizes are bounded so an input scans in a fraction of
// a second (the slowest, 10,001 ConfigMaps, is 10,000 real objects and their findings): a hang shows up
// as the per-test timeout, never as an asserted wall-clock time.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '../../src/files/file-limits.ts';
import { MAX_ALIAS_COUNT, MAX_DOCUMENTS_PER_FILE, parseManifestText } from '../../src/parse/parse-manifest-text.ts';
import { objectsInDocument } from '../../src/model/kube-object.ts';
import { loadBuiltinRules } from '../../src/rules/load-rules.ts';
import type { Finding } from '../../src/types.ts';
import {
  concatBytes,
  INVALID_UTF8_SEQUENCES,
  mulberry32,
  mutateText,
  pick,
  randomBytes,
  randomInt,
  randomUnicodeText,
} from './mutate.ts';
import { scanHostile, type HostileScan } from './scan-invariants.ts';

/**
 * FUZZ_SEED=n explores new inputs (every case derives its own stream from it, so cases stay
 * independent); FUZZ_MUTATIONS=n mutates more manifests than CI's 1,200.
 */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_260_417);
const MUTATIONS = Number(process.env.FUZZ_MUTATIONS ?? 1200);
const TIMEOUT_MS = 30_000;

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

interface SeedManifest {
  name: string;
  text: string;
}

/** Every example manifest and every rule's passing and failing examples: real shapes to break. */
function seedManifests(): SeedManifest[] {
  const examples = fileURLToPath(new URL('../../examples', import.meta.url));
  const seeds: SeedManifest[] = readdirSync(examples, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => ({ name: `examples/${entry.name}`, text: readFileSync(join(entry.parentPath, entry.name), 'utf8') }));
  for (const { definition } of loadBuiltinRules()) {
    definition.examples.pass.forEach((text, i) => seeds.push({ name: `${definition.id} pass[${i}]`, text }));
    definition.examples.fail.forEach((example, i) => seeds.push({ name: `${definition.id} fail[${i}]`, text: example.manifest }));
  }
  return seeds;
}

const SEEDS = seedManifests();
const SEED_TEXTS = SEEDS.map((seed) => seed.text);

type LabelledScan = HostileScan & { label: string };

/** Scans inputs one by one and gathers every broken invariant, so one run reports all of them. */
function scanAll(inputs: Iterable<{ label: string; bytes: Uint8Array }>): { scans: LabelledScan[]; violations: string[]; byLabel: (label: string) => LabelledScan } {
  const scans: LabelledScan[] = [];
  const violations: string[] = [];
  for (const { label, bytes } of inputs) {
    const scan = scanHostile(label, 'hostile.yaml', bytes);
    scans.push({ ...scan, label });
    violations.push(...scan.violations);
  }
  const byLabel = (label: string): LabelledScan => {
    const scan = scans.find((s) => s.label === label);
    if (!scan) throw new Error(`no input labelled ${label}`);
    return scan;
  };
  return { scans, violations, byLabel };
}

const findingsOf = (scan: HostileScan): Finding[] => scan.result?.findings ?? [];
const idsOf = (scan: HostileScan): string[] => findingsOf(scan).map((f) => f.ruleId);

function deployment(env: string, extraAnnotations = ''): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    '  namespace: shop',
    '  annotations:',
    '    team: payments',
    ...(extraAnnotations ? [extraAnnotations] : []),
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: {app: api}',
    '  template:',
    '    metadata:',
    '      labels: {app: api}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: registry.example.com/api:1.4.2',
    '          env:',
    env,
    '',
  ].join('\n');
}

describe('hostile input', () => {
  // About 3 ms a mutation: a longer run gets a longer timeout.
  it('survives seeded mutations of every example manifest', { timeout: Math.max(TIMEOUT_MS, MUTATIONS * 10) }, () => {
    const random = mulberry32(FUZZ_SEED + 1);
    const count = MUTATIONS;
    const inputs = Array.from({ length: count }, (_, i) => {
      const seed = pick(random, SEEDS);
      const mutation = mutateText(random, seed.text, SEED_TEXTS);
      return { label: `mutation #${i} of ${seed.name} [${mutation.operations.join(', ')}]`, bytes: encode(mutation.text) };
    });
    // scanAll also checks every parse-error of a mutated file points inside it (line within the line count).
    const { scans, violations } = scanAll(inputs);
    expect(violations).toEqual([]);
    // Not vacuous: many mutations break the YAML (error path), many still hold objects (rule path).
    expect(scans.filter((scan) => idsOf(scan).includes('parse-error')).length).toBeGreaterThan(count / 10);
    expect(scans.filter((scan) => (scan.result?.objects ?? 0) > 0).length).toBeGreaterThan(count / 10);
  });

  it('rejects random bytes, NUL bytes and invalid UTF-8 with one clear finding, and survives random text', { timeout: TIMEOUT_MS }, () => {
    const random = mulberry32(FUZZ_SEED + 2);
    const seedBytes = (): Uint8Array => encode(pick(random, SEEDS).text);
    const spliceAt = (bytes: Uint8Array, insert: Uint8Array, at: number): Uint8Array =>
      concatBytes(bytes.subarray(0, at), insert, bytes.subarray(at));
    const inputs: { label: string; bytes: Uint8Array; expect?: RegExp }[] = [];
    for (let i = 0; i < 40; i++) inputs.push({ label: `random bytes #${i}`, bytes: randomBytes(random, 1 + randomInt(random, 4096), 'any') });
    for (let i = 0; i < 40; i++) inputs.push({ label: `printable bytes #${i}`, bytes: randomBytes(random, 1 + randomInt(random, 4096), 'printable') });
    for (let i = 0; i < 20; i++) inputs.push({ label: `random unicode text #${i}`, bytes: encode(randomUnicodeText(random, 1 + randomInt(random, 2048))) });
    for (let i = 0; i < 40; i++) {
      const bytes = seedBytes();
      const sequence = pick(random, INVALID_UTF8_SEQUENCES);
      inputs.push({ label: `manifest with invalid UTF-8 ${sequence.join(' ')} #${i}`, bytes: spliceAt(bytes, new Uint8Array(sequence), randomInt(random, bytes.length + 1)), expect: /not valid UTF-8/ });
    }
    for (let i = 0; i < 20; i++) {
      const bytes = seedBytes();
      // Only the first 8 KiB are sniffed for NUL: a later one is read as text (and the YAML reports it).
      const at = randomInt(random, Math.min(bytes.length, 8192) + 1);
      inputs.push({ label: `manifest with a NUL byte at ${at} #${i}`, bytes: spliceAt(bytes, new Uint8Array([0]), at), expect: /binary/ });
    }
    const { scans, violations } = scanAll(inputs);
    expect(violations).toEqual([]);
    const wrong: string[] = [];
    scans.forEach((scan, i) => {
      const { bytes, expect: expected } = inputs[i]!;
      const unreadable = expected !== undefined || bytes.subarray(0, 8192).includes(0) || !isUtf8(bytes);
      const findings = findingsOf(scan);
      if (!unreadable) {
        if (idsOf(scan).includes('unreadable-file')) wrong.push(`${scan.label}: readable text reported unreadable`);
        return;
      }
      // Unreadable input is one finding at 1:1, nothing parsed, whatever the bytes were.
      const only = findings.length === 1 ? findings[0]! : undefined;
      if (!only || only.ruleId !== 'unreadable-file' || only.range.start.line !== 1 || scan.result?.objects !== 0) {
        wrong.push(`${scan.label}: expected one unreadable-file finding, got ${JSON.stringify(idsOf(scan))}`);
      } else if (expected && !expected.test(only.message)) wrong.push(`${scan.label}: message "${only.message}" does not match ${expected}`);
    });
    expect(wrong).toEqual([]);
  });

  it('reports deep nesting instead of overflowing the stack', { timeout: TIMEOUT_MS }, () => {
    const depth = 10_000;
    const blockDepth = 3_000;
    const nestedBlockMap = Array.from({ length: blockDepth }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    const inputs: Record<string, string> = {
      'flow sequences': `${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      'unclosed flow sequences': `${'['.repeat(depth)}\n`,
      'flow maps': `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
      'unclosed flow maps': `${'{a: '.repeat(depth)}\n`,
      'compact block sequences': `${'- '.repeat(depth)}x\n`,
      'block maps': `${nestedBlockMap}\n`,
      'flow sequences in a container': deployment(`            - {name: A, value: b}\n          args: ${'['.repeat(depth)}${']'.repeat(depth)}`),
      'block maps in an annotation': deployment('            - {name: A, value: b}', `    deep:\n${nestedBlockMap.replace(/^/gm, '      ')}`),
    };
    const { scans, violations } = scanAll(Object.entries(inputs).map(([label, text]) => ({ label, bytes: encode(text) })));
    expect(violations).toEqual([]);
    // 10,000 levels overflow any default stack: the file must be reported as too deep, not crash the
    // scan. (Where a few thousand levels overflow depends on the stack, so those only keep the invariants.)
    for (const scan of scans.filter((s) => !s.label.includes('block maps'))) {
      expect(findingsOf(scan).some((f) => f.ruleId === 'parse-error' && /nested too deeply/.test(f.message)), scan.label).toBe(true);
    }
  });

  it('scans a 5 MB scalar inside a Deployment, and refuses a file just over the size limit unparsed', { timeout: TIMEOUT_MS }, () => {
    const huge = 'x'.repeat(5_000_000);
    const configMapHead = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: shop}\ndata:\n  blob: ';
    const filled = (size: number): string => `${configMapHead}${'y'.repeat(size - configMapHead.length - 1)}\n`;
    const { violations, byLabel } = scanAll([
      { label: '5 MB env value', bytes: encode(deployment(`            - {name: BLOB, value: ${huge}}`)) },
      { label: '5 MB annotation', bytes: encode(deployment('            - {name: A, value: b}', `    blob: "${huge}"`)) },
      { label: 'exactly the size limit', bytes: encode(filled(MAX_FILE_BYTES)) },
      { label: 'one byte over the size limit', bytes: encode(filled(MAX_FILE_BYTES + 1)) },
    ]);
    expect(violations).toEqual([]);
    for (const scan of ['5 MB env value', '5 MB annotation', 'exactly the size limit'].map(byLabel)) {
      expect(scan.result?.objects, scan.label).toBe(1);
      expect(idsOf(scan)).not.toContain('unreadable-file');
      expect(idsOf(scan)).not.toContain('parse-error');
    }
    const overLimit = byLabel('one byte over the size limit');
    expect(overLimit.result?.objects).toBe(0);
    expect(findingsOf(overLimit)).toHaveLength(1);
    expect(findingsOf(overLimit)[0]).toMatchObject({ ruleId: 'unreadable-file', range: { start: { line: 1, column: 1 } } });
    expect(findingsOf(overLimit)[0]!.message).toContain(`files over ${MAX_FILE_BYTES / 1024 / 1024} MiB are not scanned`);
  });

  it('refuses alias bombs with a parse-error about aliases', { timeout: TIMEOUT_MS }, () => {
    const bombs: Record<string, string> = {
      '10 levels of 9 aliases': billionLaughs(10, 9),
      '9 levels of 10 aliases': billionLaughs(9, 10),
      '10 levels of 9 aliases in maps': billionLaughs(10, 9, 'map'),
      'bomb inside a Deployment': deployment('            - {name: A, value: b}', billionLaughs(10, 9).replace(/^/gm, '    ')),
      [`${MAX_ALIAS_COUNT + 1} flat aliases`]: `a: &a x\nb: [${Array(MAX_ALIAS_COUNT + 1).fill('*a').join(', ')}]\n`,
    };
    const { scans, violations } = scanAll(Object.entries(bombs).map(([label, text]) => ({ label, bytes: encode(text) })));
    expect(violations).toEqual([]);
    for (const scan of scans) {
      const aliasErrors = findingsOf(scan).filter((f) => f.ruleId === 'parse-error' && /alias/i.test(f.message));
      expect(aliasErrors.length, scan.label).toBeGreaterThan(0);
      expect(scan.result?.objects, `${scan.label}: a refused document yields no object`).toBe(0);
    }
    const flat = scans.at(-1)!;
    expect(findingsOf(flat)[0]!.message).toContain(`More than ${MAX_ALIAS_COUNT} YAML aliases`);
  });

  it(`reports a file with more than ${MAX_DOCUMENTS_PER_FILE} documents`, { timeout: TIMEOUT_MS }, () => {
    const documents = (count: number, body: (i: number) => string): Uint8Array =>
      encode(Array.from({ length: count }, (_, i) => body(i)).join('---\n'));
    const tiny = () => 'a: 1\n';
    const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: shop}\n`;
    const over = MAX_DOCUMENTS_PER_FILE + 1;
    const { violations, byLabel } = scanAll([
      { label: `${over} tiny documents`, bytes: documents(over, tiny) },
      { label: `${over} ConfigMaps`, bytes: documents(over, configMap) },
      { label: `${MAX_DOCUMENTS_PER_FILE} tiny documents`, bytes: documents(MAX_DOCUMENTS_PER_FILE, tiny) },
      { label: `${over} empty documents`, bytes: encode('---\n'.repeat(over)) },
    ]);
    expect(violations).toEqual([]);
    const limitFinding = (scan: HostileScan) =>
      findingsOf(scan).find((f) => f.ruleId === 'parse-error' && f.message.includes(`at most ${MAX_DOCUMENTS_PER_FILE} are scanned`));
    for (const label of [`${over} tiny documents`, `${over} ConfigMaps`, `${over} empty documents`]) {
      expect(limitFinding(byLabel(label))?.message, label).toContain(`${over} YAML documents`);
    }
    // The limit is reported, and the first documents are still scanned; the one past it is not.
    expect(byLabel(`${over} ConfigMaps`).result?.objects).toBe(MAX_DOCUMENTS_PER_FILE);
    expect(limitFinding(byLabel(`${MAX_DOCUMENTS_PER_FILE} tiny documents`))).toBeUndefined();
  });

  it('handles binary, BOM, CRLF, empty, comment-only and marker-only files', { timeout: TIMEOUT_MS }, () => {
    const random = mulberry32(FUZZ_SEED + 7);
    const png = concatBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), randomBytes(random, 2048, 'any'));
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'apiVersion: v1\nkind: Pod\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    const plain = readFileSync(fileURLToPath(new URL('../../examples/bad-deployment.yaml', import.meta.url)), 'utf8');
    const inputs: Record<string, Uint8Array> = {
      'PNG header and random bytes': png,
      'UTF-16 with a byte order mark': utf16,
      'plain manifest': encode(plain),
      'UTF-8 byte order mark': encode(`\uFEFF${plain}`),
      'CRLF line endings': encode(plain.replaceAll('\n', '\r\n')),
      'empty file': new Uint8Array(0),
      'only comments': encode('# nothing\n#   to see\n\n# here\n'),
      'only document markers': encode('---\n---\n...\n---\n'),
      'only whitespace': encode(' \n\t\n   \r\n'),
    };
    const { violations, byLabel } = scanAll(Object.entries(inputs).map(([label, bytes]) => ({ label, bytes })));
    expect(violations).toEqual([]);
    for (const binary of ['PNG header and random bytes', 'UTF-16 with a byte order mark']) {
      expect(findingsOf(byLabel(binary)).map((f) => [f.ruleId, f.message])).toEqual([['unreadable-file', expect.stringMatching(/binary/)]]);
    }
    // A BOM or CRLF line breaks change nothing: same findings at the same places as the plain file.
    const where = (label: string) => findingsOf(byLabel(label)).map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`);
    expect(where('plain manifest').length).toBeGreaterThan(0);
    expect(where('UTF-8 byte order mark')).toEqual(where('plain manifest'));
    expect(where('CRLF line endings')).toEqual(where('plain manifest'));
    for (const nothing of ['empty file', 'only comments', 'only document markers', 'only whitespace']) {
      expect(findingsOf(byLabel(nothing)), nothing).toEqual([]);
    }
  });

  describe('secrets', () => {
    const SECRET = 'PLIMSOLL-FUZZ-SECRET-7f3a9c';
    const SECRET_BASE64 = Buffer.from(SECRET).toString('base64');
    const NEEDLES = [SECRET, SECRET_BASE64];
    const manifest = [
      deployment([`            - name: DB_PASSWORD`, `              value: ${SECRET}`, `            - {name: API_TOKEN, value: "${SECRET}"}`].join('\n')),
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: db, namespace: shop}',
      'type: Opaque',
      `stringData: {password: ${SECRET}}`,
      'data:',
      `  token: ${SECRET_BASE64}`,
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: settings, namespace: shop}',
      'data:',
      `  DB_PASSWORD: '${SECRET}'`,
      '',
    ].join('\n');

    it('are reported by the secret rules on the planted manifest, never quoted', () => {
      const scan = scanHostile('planted secrets', 'secrets.yaml', encode(manifest));
      expect(scan.violations).toEqual([]);
      const ids = idsOf(scan);
      expect(ids.filter((id) => id === 'secrets-in-env')).toHaveLength(2);
      expect(ids).toContain('secret-committed');
      expect(ids).toContain('secrets-in-configmap');
      for (const needle of NEEDLES) {
        expect(scan.json).not.toContain(needle);
        expect(scan.sarif).not.toContain(needle);
      }
    });

    it('are never quoted in findings, JSON or SARIF for seeded mutations of the manifest', { timeout: TIMEOUT_MS }, () => {
      const random = mulberry32(FUZZ_SEED + 8);
      const count = 600;
      const leaks: string[] = [];
      let movedToPublicField = 0;
      const { scans, violations } = scanAll(
        Array.from({ length: count }, (_, i) => {
          const mutation = mutateText(random, manifest, [manifest, ...SEED_TEXTS]);
          return { label: `secret mutation #${i} [${mutation.operations.join(', ')}]`, bytes: encode(mutation.text) };
        }),
      );
      expect(violations).toEqual([]);
      for (const scan of scans) {
        const publicField = secretInPublicField(scan.text ?? '', NEEDLES);
        if (publicField) movedToPublicField += 1;
        for (const needle of NEEDLES) {
          for (const finding of findingsOf(scan)) {
            const quoted = JSON.stringify(finding).includes(needle);
            // A mutation can make the value a label, a name or a key, which rules may quote: only then is
            // an object finding allowed to show it. Parse errors and unreadable files never may.
            if (quoted && !(publicField && finding.object)) leaks.push(`${scan.label}: ${finding.ruleId} quotes it: ${finding.message}`);
          }
          if (!publicField && (scan.json.includes(needle) || scan.sarif.includes(needle))) leaks.push(`${scan.label}: the JSON or SARIF report quotes it`);
        }
      }
      expect(leaks).toEqual([]);
      // Not vacuous: most mutations keep the secret where it was planted.
      expect(movedToPublicField).toBeLessThan(count / 5);
    });
  });
});

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** YAML's billion laughs: each level holds `width` aliases of the one before, `width ** levels` strings. */
function billionLaughs(levels: number, width: number, shape: 'seq' | 'map' = 'seq'): string {
  const lines = ['l0: &l0 "lol"'];
  for (let level = 1; level < levels; level++) {
    const items = Array.from({ length: width }, (_, i) => (shape === 'seq' ? `*l${level - 1}` : `k${i}: *l${level - 1}`));
    lines.push(`l${level}: &l${level} ${shape === 'seq' ? `[${items.join(', ')}]` : `{${items.join(', ')}}`}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Whether a (mutated) file holds the secret somewhere a rule may legitimately quote: anywhere but a
 * container's env value, a Secret's data or stringData, or a ConfigMap's data (a key, a label, a name).
 */
function secretInPublicField(text: string, needles: readonly string[]): boolean {
  const parsed = parseManifestText(text);
  const objects = parsed.documents.flatMap((document, index) => objectsInDocument(document, index));
  return objects.some((object) => {
    const isSecretPlace = (path: readonly (string | number)[]): boolean => {
      if ((object.ref.kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData')) || (object.ref.kind === 'ConfigMap' && path[0] === 'data')) {
        return path.length === 2;
      }
      const n = path.length;
      return n >= 5 && !path.includes('metadata') && /^(initC|ephemeralC|c)ontainers$/.test(String(path[n - 5])) && path[n - 3] === 'env' && path[n - 1] === 'value';
    };
    const visit = (value: unknown, path: (string | number)[]): boolean => {
      if (typeof value === 'string') return needles.some((needle) => value.includes(needle)) && !isSecretPlace(path);
      if (Array.isArray(value)) return value.some((item, i) => visit(item, [...path, i]));
      if (value !== null && typeof value === 'object') {
        return Object.entries(value).some(([key, item]) => needles.some((needle) => key.includes(needle)) || visit(item, [...path, key]));
      }
      return false;
    };
    return visit(object.value, []);
  });
}

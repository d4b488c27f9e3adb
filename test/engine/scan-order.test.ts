// Findings come in one order on every machine: files by code units, the order the scan reads them
// in, never the machine's locale (a laptop lists what CI lists).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanSources } from '../../src/engine/scan.ts';
import { collectManifestFiles } from '../../src/files/collect-manifest-files.ts';
import { builtinRule } from '../helpers/scan-helpers.ts';

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: nginx:1.27}]\n`;
// Locale order would put a.yaml before B.yaml and é.yaml before z.yaml.
const names = ['z.yaml', 'b.yaml', 'é.yaml', 'B.yaml', 'a.yaml', 'a-b.yaml', 'a_b.yaml'];

describe('the order of findings', () => {
  it('sorts files by code units, as the file list a scan reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-order-'));
    for (const name of names) writeFileSync(join(dir, name), pod(name.replace(/\W/g, '')));
    const files = collectManifestFiles(['.'], dir);
    expect(files).toEqual(['B.yaml', 'a-b.yaml', 'a.yaml', 'a_b.yaml', 'b.yaml', 'z.yaml', 'é.yaml']);
    const sources = names.map((path) => ({ path, bytes: Buffer.from(pod(path.replace(/\W/g, ''))) }));
    const { findings } = scanSources(sources, { rules: [builtinRule('run-as-non-root'), builtinRule('cpu-limits')] });
    expect(findings.length).toBe(2 * names.length);
    expect([...new Set(findings.map((finding) => finding.file))]).toEqual(files);
  });
});

// The scan's file reader reuses one buffer: every read must still give exactly the file's bytes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SequentialFileReader } from '../../src/files/file-reader.ts';

describe('SequentialFileReader', () => {
  it('gives each file its own bytes, whatever the sizes before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-reader-'));
    // Small, empty, larger than the starting buffer, over the reuse limit, then small again.
    const sizes = [10, 0, 100_000, 3_000_000, 7, 70_000];
    const files = sizes.map((size, i) => {
      const path = join(dir, `f${i}.yaml`);
      writeFileSync(path, Buffer.from(Array.from({ length: size }, (_, j) => (j * 31 + i) % 251)));
      return path;
    });
    const reader = new SequentialFileReader(1024);
    for (const path of files) {
      const bytes = reader.read(path);
      expect(Buffer.from(bytes).equals(readFileSync(path)), path).toBe(true);
    }
  });

  it('fails as readFileSync does on a missing file', () => {
    expect(() => new SequentialFileReader().read('/no/such/file.yaml')).toThrow(/ENOENT/);
  });
});

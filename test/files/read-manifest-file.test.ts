// Reading a file a scan names: never more than the size limit, never a hang on a device, and what the
// system refuses as a reason, not an exception.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifestFile } from '../../src/files/read-manifest-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'plimsoll-read-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('readManifestFile', () => {
  it('reads a file whole, up to the limit included', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n'.repeat(50);
    const read = readManifestFile(file('ok.yaml', text), { limit: text.length });
    expect('bytes' in read && read.bytes.toString('utf8')).toBe(text);
    const empty = readManifestFile(file('empty.yaml', ''));
    expect('bytes' in empty && empty.bytes.length).toBe(0);
  });

  it('refuses a file over the limit by its size', () => {
    expect(readManifestFile(file('big.yaml', 'x'.repeat(3 * 1024 * 1024)), { limit: 1024 * 1024 })).toEqual({
      problem: 'File is 3.0 MiB; files over 1 MiB are not scanned.',
    });
  });

  it.runIf(platform() === 'linux')('stops reading an endless device one byte past the limit', () => {
    expect(readManifestFile('/dev/zero', { limit: 1024 * 1024 })).toEqual({ problem: 'File is over 1 MiB; files over 1 MiB are not scanned.' });
  });

  it.runIf(platform() === 'linux')('re-reads only regular files, without waiting on a named pipe', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    // No writer: a blocking open would wait forever.
    expect(readManifestFile(fifo, { regularFilesOnly: true })).toEqual({ problem: 'Not a regular file; not read again.' });
    const again = readManifestFile(file('again.yaml', 'kind: Pod\n'), { regularFilesOnly: true });
    expect('bytes' in again && again.bytes.toString()).toBe('kind: Pod\n');
  });

  it('gives what the system says for a file it cannot read, without the path', () => {
    const read = readManifestFile(join(dir, 'missing.yaml'));
    expect(read).toEqual({ problem: 'Cannot read the file: ENOENT: no such file or directory.' });
  });

  it('refuses a folder', () => {
    expect(readManifestFile(dir)).toEqual({ problem: 'Not a file but a folder; it was not scanned.' });
  });
});

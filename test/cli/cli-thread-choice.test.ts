// Which thread the launcher runs the CLI on: the main thread for small inputs (no worker start-up),
// a worker for large inputs and tight heaps (bin/cli-thread-choice.ts).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseCliLaunch, inputReaches, MAIN_THREAD_MAX_BYTES, MAIN_THREAD_MIN_HEAP_BYTES } from '../../bin/cli-thread-choice.ts';

const roomyHeap = 4 * MAIN_THREAD_MIN_HEAP_BYTES;
const limit = { bytes: 1000, entries: 50 };

/** A folder with the given files (path → size in bytes). */
function folder(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-thread-'));
  for (const [path, size] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), 'x'.repeat(size));
  }
  return dir;
}

describe('inputReaches', () => {
  it('adds up the manifest files below the folders named', () => {
    const dir = folder({ 'a/one.yaml': 400, 'a/two.yml': 400, 'b/three.json': 400 });
    expect(inputReaches(['scan', 'a'], dir, limit)).toBe(false);
    expect(inputReaches(['scan', 'a', 'b'], dir, limit)).toBe(true);
    expect(inputReaches(['fix', 'a', 'b'], dir, limit)).toBe(true);
  });

  it('counts a named manifest file, but not other files such as an old report', () => {
    const dir = folder({ 'big.yaml': 1200, 'report.sarif': 5000, 'small.yaml': 10 });
    expect(inputReaches(['scan', 'big.yaml'], dir, limit)).toBe(true);
    expect(inputReaches(['scan', 'small.yaml', '--format', 'sarif', '--output', 'report.sarif'], dir, limit)).toBe(false);
  });

  it('reads the current folder when no path is named, skipping dependency trees', () => {
    expect(inputReaches(['scan', '--format', 'json'], folder({ 'deploy/app.yaml': 1200 }), limit)).toBe(true);
    expect(inputReaches(['scan'], folder({ 'node_modules/pkg/data.json': 5000, '.git/x.yaml': 5000, 'app.yaml': 10 }), limit)).toBe(false);
  });

  it('ignores files that are not manifests, and paths that do not exist', () => {
    const dir = folder({ 'docs/readme.md': 5000, 'app.yaml': 10 });
    expect(inputReaches(['scan', '.', 'missing.yaml'], dir, limit)).toBe(false);
  });

  it('calls a folder with too many entries to count large', () => {
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`notes/n${i}.txt`, 1]));
    expect(inputReaches(['scan'], folder(files), limit)).toBe(true);
    expect(inputReaches(['scan'], folder(files), { ...limit, entries: 1000 })).toBe(false);
  });

  it('takes standard input for a named input, not for the current folder', () => {
    const dir = folder({ 'big.yaml': 5000 });
    expect(inputReaches(['scan', '-'], dir, limit)).toBe(false);
    expect(inputReaches(['scan', '/dev/stdin', '--format', 'json'], dir, limit)).toBe(false);
    expect(inputReaches(['scan', '--format', 'json'], dir, limit)).toBe(true);
  });

  it('reads nothing for commands that take no manifests', () => {
    const dir = folder({ 'big.yaml': 5000 });
    expect(inputReaches(['rules'], dir, limit)).toBe(false);
    expect(inputReaches(['--version'], dir, limit)).toBe(false);
  });
});

describe('chooseCliLaunch', () => {
  it('runs small inputs on the main thread and inputs of MAIN_THREAD_MAX_BYTES in a worker', () => {
    const dir = folder({ 'small/app.yaml': 1000, 'large/app.yaml': MAIN_THREAD_MAX_BYTES });
    expect(chooseCliLaunch(['scan', 'small'], dir, {}, roomyHeap).thread).toBe('main');
    expect(chooseCliLaunch(['scan', 'large'], dir, {}, roomyHeap).thread).toBe('worker');
  });

  it('uses a worker under a tight heap limit, where running out must be a clear error', () => {
    const dir = folder({ 'app.yaml': 100 });
    expect(chooseCliLaunch(['scan', '.'], dir, {}, MAIN_THREAD_MIN_HEAP_BYTES - 1).thread).toBe('worker');
  });

  it('follows PLIMSOLL_CLI_THREAD when set', () => {
    const dir = folder({ 'app.yaml': MAIN_THREAD_MAX_BYTES });
    expect(chooseCliLaunch(['scan', '.'], dir, { PLIMSOLL_CLI_THREAD: 'main' }, roomyHeap).thread).toBe('main');
    expect(chooseCliLaunch(['rules'], dir, { PLIMSOLL_CLI_THREAD: 'worker' }, roomyHeap).thread).toBe('worker');
    expect(chooseCliLaunch(['scan', '.'], dir, { PLIMSOLL_CLI_THREAD: 'other' }, roomyHeap).thread).toBe('worker');
  });

  it('runs small inputs without TurboFan and large ones with it, whichever thread they run on', () => {
    const dir = folder({ 'small/app.yaml': 1000, 'large/app.yaml': MAIN_THREAD_MAX_BYTES });
    expect(chooseCliLaunch(['scan', 'small'], dir, {}, roomyHeap)).toEqual({ thread: 'main', tiers: 'no-turbofan' });
    expect(chooseCliLaunch(['scan', 'large'], dir, {}, roomyHeap)).toEqual({ thread: 'worker', tiers: 'all' });
    expect(chooseCliLaunch(['scan', 'small'], dir, {}, MAIN_THREAD_MIN_HEAP_BYTES - 1)).toEqual({ thread: 'worker', tiers: 'no-turbofan' });
    expect(chooseCliLaunch(['scan', 'large'], dir, { PLIMSOLL_CLI_THREAD: 'main' }, roomyHeap)).toEqual({ thread: 'main', tiers: 'all' });
    expect(chooseCliLaunch(['rules'], dir, {}, roomyHeap).tiers).toBe('no-turbofan');
  });
});

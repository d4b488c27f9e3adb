import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressLine } from '../../src/cli/progress-line.ts';

describe('ProgressLine', () => {
  afterEach(() => vi.useRealTimers());

  it('stays quiet for short scans, then redraws at most every 100 ms and erases itself', () => {
    vi.useFakeTimers({ now: 0 });
    const written: string[] = [];
    const line = new ProgressLine((text) => written.push(text));
    line.update(10, 1000);
    expect(written).toEqual([]);
    vi.setSystemTime(600);
    line.update(300, 1000);
    line.update(301, 1000);
    vi.setSystemTime(720);
    line.update(500, 1000);
    expect(written).toEqual(['\r\u001b[2Kplimsoll: scanned 300/1000 files (30%)', '\r\u001b[2Kplimsoll: scanned 500/1000 files (50%)']);
    line.clear();
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('writes nothing at the end when it never showed', () => {
    const written: string[] = [];
    const line = new ProgressLine((text) => written.push(text));
    line.update(1, 2);
    line.clear();
    expect(written).toEqual([]);
  });
});

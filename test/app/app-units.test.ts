import { describe, expect, it } from 'vitest';
import { toAppPolicy } from '../../app/app-policy.ts';
import { KeyedLock } from '../../app/keyed-lock.ts';
import { isBot, isFixCommand, isOwnAction } from '../../app/loop-guard.ts';
import { pullNumberOf } from '../../app/run-check.ts';
import { signatureMatches } from '../../app/signature-gate.ts';
import { createHmac } from 'node:crypto';

describe('KeyedLock', () => {
  it('runs work on one key one at a time and other keys in parallel', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const step = (name: string, ms: number) => async () => {
      order.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}:end`);
      return name;
    };
    const results = await Promise.all([lock.run('a', step('a1', 20)), lock.run('a', step('a2', 1)), lock.run('b', step('b1', 1))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(order.indexOf('a2:start')).toBeGreaterThan(order.indexOf('a1:end'));
    expect(order.indexOf('b1:end')).toBeLessThan(order.indexOf('a1:end'));
    expect(lock.size).toBe(0);
  });

  it('keeps going after a failed job', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 'next')).resolves.toBe('next');
  });
});

describe('loop guard', () => {
  it('knows its own bot and other bots', () => {
    expect(isOwnAction({ login: 'plimsoll[bot]', type: 'Bot' }, 'plimsoll')).toBe(true);
    expect(isOwnAction({ login: 'dependabot[bot]', type: 'Bot' }, 'plimsoll')).toBe(false);
    expect(isOwnAction({ login: 'plimsoll[bot]' }, undefined)).toBe(false);
    expect(isBot({ login: 'renovate[bot]' })).toBe(true);
    expect(isBot({ login: 'alice', type: 'User' })).toBe(false);
  });

  it('recognises /plimsoll fix only on a line of its own', () => {
    expect(isFixCommand('/plimsoll fix')).toBe(true);
    expect(isFixCommand('Thanks!\n  /plimsoll   fix  \n')).toBe(true);
    expect(isFixCommand('> /plimsoll fix\n\nrefused')).toBe(false);
    expect(isFixCommand('please /plimsoll fix this')).toBe(false);
    expect(isFixCommand('/plimsoll fixes')).toBe(false);
    expect(isFixCommand(null)).toBe(false);
  });
});

describe('toAppPolicy', () => {
  it('defaults to the shared defaults (failOn high, no diff filter)', () => {
    expect(toAppPolicy(null).config).toMatchObject({ failOn: 'high', filter: 'nofilter', newOnly: false });
  });

  it('goes through the shared schema and resolver: failOn, filter, rules off and severity', () => {
    const { config } = toAppPolicy({ failOn: 'medium', filter: 'added', newOnly: true, rules: { 'run-as-non-root': 'critical', 'priority-class': 'off' } });
    expect(config).toMatchObject({ failOn: 'medium', filter: 'added', newOnly: true });
    expect(config.scanOptions.severityOverrides).toMatchObject({ 'run-as-non-root': 'critical' });
    expect(config.offRules.has('priority-class')).toBe(true);
  });

  it('rejects bad values and unknown rules with a clear error', () => {
    expect(() => toAppPolicy({ failOn: 'sometimes' })).toThrow(/failOn/);
    expect(() => toAppPolicy({ rules: { 'run-as-nonroot': 'off' } })).toThrow(/run-as-non-root/);
  });

  it('ignores settings that name files on the App server, and says so', () => {
    const policy = toAppPolicy({ customRules: ['/etc'], admissionPolicies: ['/etc/passwd'] });
    expect(policy.notes).toHaveLength(2);
    expect(policy.notes[0]).toContain('customRules');
    expect(policy.config.rules.length).toBeGreaterThan(0);
  });
});

describe('check run bookkeeping', () => {
  it('reads the pull request number back from external_id', () => {
    expect(pullNumberOf('pr:42')).toBe(42);
    expect(pullNumberOf('pr:x')).toBeUndefined();
    expect(pullNumberOf('other')).toBeUndefined();
    expect(pullNumberOf(null)).toBeUndefined();
  });
});

describe('signatureMatches', () => {
  const body = Buffer.from('{"a":1}');
  const good = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
  it('accepts the right HMAC and nothing else', () => {
    expect(signatureMatches('s3cret', body, good)).toBe(true);
    expect(signatureMatches('other', body, good)).toBe(false);
    expect(signatureMatches('s3cret', Buffer.from('{"a":2}'), good)).toBe(false);
    expect(signatureMatches('s3cret', body, good.slice(0, -1))).toBe(false);
    expect(signatureMatches('s3cret', body, undefined)).toBe(false);
    expect(signatureMatches('s3cret', body, good.replace('sha256=', 'sha1='))).toBe(false);
  });
});

describe('InFlight', () => {
  it('drains running work, or gives up after the grace period', async () => {
    const { InFlight } = await import('../../app/in-flight.ts');
    const inFlight = new InFlight();
    let finish: () => void = () => undefined;
    const work = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(inFlight.size).toBe(1);
    expect(await inFlight.drain(20)).toBe(false);
    finish();
    await work;
    expect(await inFlight.drain(20)).toBe(true);
    expect(inFlight.size).toBe(0);
  });
});

describe('isAbandoned', () => {
  it('treats only long-running in-progress runs as abandoned', async () => {
    const { isAbandoned, ABANDONED_AFTER_MS } = await import('../../app/run-check.ts');
    const now = Date.parse('2026-01-01T12:00:00Z');
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(isAbandoned({ status: 'in_progress', started_at: ago(ABANDONED_AFTER_MS + 1000) }, now)).toBe(true);
    expect(isAbandoned({ status: 'in_progress', started_at: ago(1000) }, now)).toBe(false);
    expect(isAbandoned({ status: 'completed', started_at: ago(ABANDONED_AFTER_MS * 3) }, now)).toBe(false);
    expect(isAbandoned({ status: 'queued', started_at: null }, now)).toBe(false);
  });
});

// cronjob-schedule accepts what the CronJob controller's parser accepts and rejects the usual mistakes.
import { describe, expect, it } from 'vitest';
import { builtinRule, scanYaml } from '../helpers/scan-helpers.ts';

const rule = builtinRule('cronjob-schedule');
const findingsFor = (schedule: string) =>
  scanYaml(`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: ${JSON.stringify(schedule)}\n`, { rules: [rule] }).findings;

describe('cronjob-schedule', () => {
  it.each(['* * * * *', '0 0 1 1 *', '5,10,15 */2 1-15/3 * 0', '0 12 * * sun', '00 09 * * MON-fri', '59 23 31 12 6', '0 0 ? * ?', '  0  3 * * *  ', '@hourly', '@every 1h30m'])(
    'accepts %j',
    (schedule) => {
      expect(findingsFor(schedule)).toEqual([]);
    },
  );

  it.each([
    ['* * * *', 'does not have 5 fields'],
    ['0 */5 * * * *', 'does not have 5 fields'],
    ['60 * * * *', 'invalid minute'],
    ['* 24 * * *', 'invalid hour'],
    ['* * 0 * *', 'invalid day of month'],
    ['* * 32 * *', 'invalid day of month'],
    ['* * * 13 *', 'invalid month'],
    ['* * * * 7', 'invalid day of week'],
    ['* * * foo *', 'invalid month'],
    ['1- * * * *', 'invalid minute'],
    ['@sometimes', 'does not have 5 fields'],
    ['TZ=UTC 0 3 * * *', 'spec.timeZone'],
    ['', 'does not have 5 fields'],
  ])('rejects %j (%s)', (schedule, reason) => {
    const findings = findingsFor(schedule);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.ruleId).toBe('cronjob-schedule');
    expect(findings[0]!.message).toContain(reason);
  });
});

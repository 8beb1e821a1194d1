import { describe, expect, test } from 'vitest';
import { DEFAULT_FOLLOW_UP, followUpTime, fromLocalTime, localTime, zFollowUpOptions } from './business-hours.ts';

// São Paulo is UTC-3 all year (no daylight saving since 2019).
const sp = (local: string) => new Date(`${local}-03:00`);
const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);

describe('followUpTime (America/Sao_Paulo, Mon-Fri 9-18 by default)', () => {
  test.for([
    // [now, lead wrote minutes before, expected, same day]
    ['2026-11-24T14:00:00', 5, '2026-11-24T16:00:00', true], // Tuesday afternoon, active lead: two hours later
    ['2026-11-24T16:00:00', 5, '2026-11-24T18:00:00', true], // exactly at closing still fits
    ['2026-11-24T16:30:00', 5, '2026-11-25T10:00:00', false], // would pass closing: next morning
    ['2026-11-24T14:00:00', 180, '2026-11-25T10:00:00', false], // quiet for three hours: next business day
    ['2026-11-24T07:30:00', 5, '2026-11-24T10:00:00', false], // before opening: this morning
    ['2026-11-27T19:00:00', 5, '2026-11-30T10:00:00', false], // Friday evening: Monday
    ['2026-11-28T11:00:00', 1, '2026-11-30T10:00:00', false], // Saturday, however active: Monday
  ] as const)('at %s (lead wrote %i min before) → %s', ([now, ago, expected, sameDay]) => {
    const at = sp(now);
    const result = followUpTime(at, minutesBefore(at, ago));
    expect(result.at.toISOString()).toBe(sp(expected).toISOString());
    expect(result.sameDay).toBe(sameDay);
  });

  test('follows the zone’s clock across a daylight-saving change, and the options are configurable', () => {
    const options = zFollowUpOptions.parse({ ...DEFAULT_FOLLOW_UP, timeZone: 'America/New_York', nextDayHour: 9 });
    // Friday 19:00 EST (UTC-5); clocks go forward on Sunday 8 March 2026: Monday 09:00 is EDT (UTC-4).
    const friday = new Date('2026-03-06T19:00:00-05:00');
    expect(followUpTime(friday, friday, options).at.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    const weekend = zFollowUpOptions.parse({ ...DEFAULT_FOLLOW_UP, businessDays: [1, 2, 3, 4, 5, 6], sameDayDelayMinutes: 30 });
    const saturday = sp('2026-11-28T11:00:00');
    expect(followUpTime(saturday, saturday, weekend)).toEqual({ at: sp('2026-11-28T11:30:00'), sameDay: true });
  });

  test('converts wall-clock times both ways', () => {
    expect(localTime(new Date('2026-11-24T02:30:00Z'), 'America/Sao_Paulo')).toEqual({ year: 2026, month: 11, day: 23, hour: 23, minute: 30 });
    expect(fromLocalTime({ year: 2026, month: 11, day: 23, hour: 23, minute: 30 }, 'America/Sao_Paulo').toISOString()).toBe('2026-11-24T02:30:00.000Z');
  });

  test('refuses settings that are not a zone or not hours', () => {
    expect(zFollowUpOptions.safeParse({ ...DEFAULT_FOLLOW_UP, timeZone: 'Mars/Olympus' }).error?.issues[0]?.path).toEqual(['timeZone']);
    expect(zFollowUpOptions.safeParse({ ...DEFAULT_FOLLOW_UP, openHour: 25 }).error?.issues[0]?.path).toEqual(['openHour']);
  });
});

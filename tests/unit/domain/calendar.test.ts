import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import calendarFile from '../../../resources/calendars/cn-workdays.json';
import {
  addWorkingMs,
  DAY_MS,
  defaultCalendar,
  makeCalendar,
  shanghaiDayNumber,
  workingMsBetween,
} from '../../../shared/domain';
import { HOUR } from './fixtures';

const day = (date: string) => shanghaiDayNumber(Date.parse(`${date}T12:00:00+08:00`));
const at = (text: string) => Date.parse(text);

describe('working-day calendar data', () => {
  it('names its source and covers 2025-2027, 2027 marked provisional with a reason', () => {
    expect(calendarFile.source).toMatch(/chinese-days/);
    expect(defaultCalendar.coverage(2025)).toBe('official');
    expect(defaultCalendar.coverage(2026)).toBe('official');
    expect(defaultCalendar.coverage(2027)).toBe('provisional');
    expect(calendarFile.years['2027']?.reason).toMatch(/not in chinese-days/);
    expect(calendarFile.years['2027']?.workdays).toEqual([]);
    expect(defaultCalendar.coverage(2031)).toBe('none');
  });

  it.each([
    ['2025-10-01', false, 'National Day'],
    ['2025-09-28', true, 'Sunday make-up working day'],
    ['2025-10-11', true, 'Saturday make-up working day'],
    ['2026-02-16', false, 'Spring Festival on a Monday'],
    ['2026-11-23', true, 'plain Monday'],
    ['2026-11-22', false, 'plain Sunday'],
    ['2027-02-08', false, 'provisional statutory Spring Festival day'],
    ['2031-03-03', true, 'Monday in a year without data: weekends-only fallback'],
    ['2031-03-01', false, 'Saturday in a year without data'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(defaultCalendar.isWorkingDay(day(date))).toBe(working);
  });

  it('rejects a year with an unknown status', () => {
    expect(() => makeCalendar({ source: 'x', timeZone: 'Asia/Shanghai', years: { 2030: { status: 'guess', holidays: [], workdays: [] } } })).toThrow(/unknown status/);
  });
});

describe('working-time arithmetic', () => {
  it('counts a working day from 00:00 to 24:00 Asia/Shanghai and skips weekends', () => {
    // Friday 2026-11-27 22:00 to Monday 2026-11-30 02:00: 2 h Friday + 2 h Monday.
    expect(workingMsBetween(defaultCalendar, at('2026-11-27T22:00:00+08:00'), at('2026-11-30T02:00:00+08:00'))).toBe(4 * HOUR);
  });

  it('adds 3 working days across National Day 2026 and its Saturday make-up day', () => {
    const from = at('2026-09-30T10:00:00+08:00');
    expect(addWorkingMs(defaultCalendar, from, 3 * DAY_MS)).toBe(at('2026-10-10T10:00:00+08:00'));
  });

  it('lands exactly on a day end when the working time ends there', () => {
    const from = at('2026-11-27T00:00:00+08:00');
    expect(addWorkingMs(defaultCalendar, from, DAY_MS)).toBe(at('2026-11-28T00:00:00+08:00'));
  });

  it('addWorkingMs and workingMsBetween are inverse', () => {
    const start = at('2024-12-01T00:00:00+08:00');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 * DAY_MS }), fc.integer({ min: 1, max: 10 * DAY_MS }), (offset, ms) => {
        const from = start + offset;
        const until = addWorkingMs(defaultCalendar, from, ms);
        expect(workingMsBetween(defaultCalendar, from, until)).toBe(ms);
      }),
    );
  });
});

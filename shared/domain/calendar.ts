// Working-time arithmetic on the Chinese calendar (Asia/Shanghai).
//
// Definition: a working day counts fully, 00:00 to 24:00 Asia/Shanghai, when the
// calendar makes it a working day (Monday to Friday unless a public holiday, or a
// make-up working day 调休); every other day counts zero. Whole days rather than
// office hours because the NOC and its field teams work around the clock and the
// seed's "3 个工作日" names days, not hours: 3 working days from Tuesday 14:00 end
// Friday 14:00 when no holiday intervenes, and a fault raised on Saturday starts
// counting Monday 00:00.
//
// Years missing from the data fall back to weekends only (Saturday and Sunday
// off, nothing else); `coverage` tells callers which years that applies to, and
// provisional years (statutory days known, State Council arrangement not yet
// published) are marked so in the data file itself.
import calendarFile from '../../resources/calendars/cn-workdays.json';

/** Asia/Shanghai has had no DST since 1991: a fixed offset is exact and fast. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

export type YearCoverage = 'official' | 'provisional' | 'none';

export interface CalendarData {
  source: string;
  timeZone: string;
  years: Record<string, { status: string; reason?: string; holidays: string[]; workdays: string[] }>;
}

export interface WorkCalendar {
  source: string;
  isWorkingDay(dayNumber: number): boolean;
  coverage(year: number): YearCoverage;
}

/** Days since 1970-01-01 in Asia/Shanghai of an epoch-ms instant. */
export function shanghaiDayNumber(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
}

function dayNumberOfDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`calendar: not a date: ${date}`);
  return ms / DAY_MS;
}

export function makeCalendar(data: CalendarData): WorkCalendar {
  const off = new Set<number>();
  const on = new Set<number>();
  const coverage = new Map<number, YearCoverage>();
  for (const [year, entry] of Object.entries(data.years)) {
    if (entry.status !== 'official' && entry.status !== 'provisional') {
      throw new Error(`calendar: year ${year} has unknown status ${entry.status}`);
    }
    coverage.set(Number(year), entry.status);
    for (const date of entry.holidays) off.add(dayNumberOfDate(date));
    for (const date of entry.workdays) on.add(dayNumberOfDate(date));
  }
  return {
    source: data.source,
    isWorkingDay(day) {
      if (on.has(day)) return true;
      if (off.has(day)) return false;
      const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
      return weekday !== 0 && weekday !== 6;
    },
    coverage: (year) => coverage.get(year) ?? 'none',
  };
}

export const defaultCalendar: WorkCalendar = makeCalendar(calendarFile);

/** Working time in [from, to), in ms (a full working day is DAY_MS). */
export function workingMsBetween(calendar: WorkCalendar, from: number, to: number): number {
  if (to <= from) return 0;
  const firstDay = shanghaiDayNumber(from);
  const lastDay = shanghaiDayNumber(to);
  if (firstDay === lastDay) return calendar.isWorkingDay(firstDay) ? to - from : 0;
  let total = 0;
  if (calendar.isWorkingDay(firstDay)) total += (firstDay + 1) * DAY_MS - SHANGHAI_OFFSET_MS - from;
  for (let day = firstDay + 1; day < lastDay; day++) if (calendar.isWorkingDay(day)) total += DAY_MS;
  if (calendar.isWorkingDay(lastDay)) total += to - (lastDay * DAY_MS - SHANGHAI_OFFSET_MS);
  return total;
}

/** The earliest instant at which `ms` of working time has passed since `from`. */
export function addWorkingMs(calendar: WorkCalendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  let day = shanghaiDayNumber(from);
  let cursor = from;
  let remaining = ms;
  for (;;) {
    const dayEnd = (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
    if (calendar.isWorkingDay(day)) {
      if (cursor + remaining <= dayEnd) return cursor + remaining;
      remaining -= dayEnd - cursor;
    }
    cursor = dayEnd;
    day += 1;
  }
}

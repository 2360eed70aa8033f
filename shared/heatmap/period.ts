// Shanghai calendar arithmetic for heatmap periods, shared by the SQL that
// buckets clocks (main) and the period picker (renderer), so both cut days at
// the same instant. Shanghai has no daylight saving, so a day is always 24 h.
import { SHANGHAI_OFFSET_MS, toShanghaiIso } from '../time';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const PERIOD_PRESETS = ['today', '24h', '7d', '30d'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Days since the epoch in Shanghai: the bucket the calendar heatmap puts `at` in. */
export function shanghaiDayIndex(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant a Shanghai day (by index) begins. */
export function shanghaiDayStart(dayIndex: number): number {
  return dayIndex * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** "2026-11-22" for a day index. */
export function shanghaiDayKey(dayIndex: number): string {
  return toShanghaiIso(shanghaiDayStart(dayIndex)).slice(0, 10);
}

/** Every Shanghai day that [from, to) touches, in order. */
export function daysOfPeriod(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = shanghaiDayIndex(from); shanghaiDayStart(day) < to; day += 1) days.push(day);
  return days;
}

/** Hours since the epoch: Shanghai's hours begin with UTC's (its offset is whole hours). */
export function shanghaiHourIndex(at: number): number {
  return Math.floor(at / HOUR_MS);
}

/** "2026-11-22 10:00" for an hour index, in Shanghai time. */
export function shanghaiHourKey(hourIndex: number): string {
  return toShanghaiIso(hourIndex * HOUR_MS).slice(0, 16).replace('T', ' ');
}

/** Every hour that [from, to) touches, in order. */
export function hoursOfPeriod(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let hour = shanghaiHourIndex(from); hour * HOUR_MS < to; hour += 1) hours.push(hour);
  return hours;
}

/**
 * Periods up to this long trend by the hour (72 points at most): they may hold
 * fewer than two whole days, while a longer period always holds two.
 */
export const HOURLY_TREND_UP_TO_MS = 3 * DAY_MS;

/**
 * A preset period ending at `now`, cut to the whole minute so the same choice
 * made twice within a minute asks the same question (and the CLI can repeat it).
 */
export function presetPeriod(preset: PeriodPreset, now: number): { from: number; to: number } {
  const to = Math.floor(now / 60_000) * 60_000;
  switch (preset) {
    case 'today':
      return { from: shanghaiDayStart(shanghaiDayIndex(to)), to: Math.max(to, shanghaiDayStart(shanghaiDayIndex(to)) + 60_000) };
    case '24h':
      return { from: to - DAY_MS, to };
    case '7d':
      return { from: to - 7 * DAY_MS, to };
    case '30d':
      return { from: to - 30 * DAY_MS, to };
  }
}

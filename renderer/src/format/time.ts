// Every time on screen is Asia/Shanghai whatever the machine's zone is, so the
// wall, the desk and the customer's report agree on "10:30". The arithmetic is
// shared/time's; this file only shapes it for the screen.
import { formatShanghaiMinute, splitDuration, toShanghaiIso } from '../../../shared/time';

/** "10:30:05" */
export function formatTimeOfDay(ms: number): string {
  return toShanghaiIso(ms).slice(11, 19);
}

/** "2026-11-22 10:30" */
export const formatDateTime = formatShanghaiMinute;

/** "11-22 10:30", for dense tables where the year is obvious. */
export function formatShortDateTime(ms: number): string {
  return formatShanghaiMinute(ms).slice(5);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A countdown as "H:MM:SS" of the absolute distance; hours are not wrapped into
 * days because a supervisor compares them at a glance ("27:04:10" vs "3:00:00").
 */
export function formatCountdown(ms: number): string {
  const { days, hours, minutes, seconds } = splitDuration(ms);
  return `${days * 24 + hours}:${pad(minutes)}:${pad(seconds)}`;
}

export type DurationUnit = 'd' | 'h' | 'm' | 's';

/**
 * The two most significant non-zero units ("2天3小时", "5分12秒"): enough for an
 * age or an elapsed time, short enough for a table cell. Negative spans are zero.
 */
export function formatDuration(ms: number, unit: (name: DurationUnit, value: number) => string): string {
  const { days, hours, minutes, seconds } = splitDuration(Math.max(0, ms));
  const values: [DurationUnit, number][] = [
    ['d', days],
    ['h', hours],
    ['m', minutes],
    ['s', seconds],
  ];
  const first = values.findIndex(([, value]) => value > 0);
  if (first === -1) return unit('s', 0);
  return values
    .slice(first, first + 2)
    .filter(([, value]) => value > 0)
    .map(([name, value]) => unit(name, value))
    .join('');
}

export type DateTextMode = 'date' | 'datetime';

/**
 * What a person typed into a date field as the console writes it ("2026-11-22"
 * or "2026-11-22 09:05"), or null when it is no such date. Slashes, dots, a
 * "T" and one-digit parts are taken ("2026/11/2 9:05"); an impossible date
 * (02-30, 24:00) is refused.
 */
export function normaliseDateText(text: string, mode: DateTextMode): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  if ((mode === 'datetime') !== (hour !== undefined)) return null;
  const parts = [year, month, day, hour ?? '0', minute ?? '0'].map(Number) as [number, number, number, number, number];
  const at = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]));
  const same = at.getUTCFullYear() === parts[0] && at.getUTCMonth() === parts[1] - 1 && at.getUTCDate() === parts[2] && at.getUTCHours() === parts[3];
  if (!same || parts[4] > 59) return null;
  const date = at.toISOString().slice(0, 10);
  return mode === 'date' ? date : `${date} ${at.toISOString().slice(11, 16)}`;
}

// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so fixed
// offset arithmetic is exact and far cheaper than Intl for hot paths.
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

// The simulator formats millions of times over a few days (the bench's million
// tickets): Date#toISOString per call dominated its profile, so the date part
// is cached per day.
const datesByDay = new Map<number, string>();

function shanghaiDate(localMs: number): string {
  const day = Math.floor(localMs / DAY_MS);
  let date = datesByDay.get(day);
  if (date === undefined) {
    if (datesByDay.size >= 4096) datesByDay.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    datesByDay.set(day, date);
  }
  return date;
}

function clockOf(localMs: number): { h: string; m: string; s: string } {
  const second = Math.floor((localMs - Math.floor(localMs / DAY_MS) * DAY_MS) / 1000);
  return {
    h: TWO_DIGITS[Math.floor(second / 3600)]!,
    m: TWO_DIGITS[Math.floor(second / 60) % 60]!,
    s: TWO_DIGITS[second % 60]!,
  };
}

/** RFC 3339 in Asia/Shanghai to the second, e.g. 2026-11-22T09:31:05+08:00: the form upstream writes. */
export function toShanghaiIso(at: number): string {
  const local = at + SHANGHAI_OFFSET_MS;
  const { h, m, s } = clockOf(local);
  return `${shanghaiDate(local)}T${h}:${m}:${s}+08:00`;
}

/** "2026-11-22 09:31" for tables and printed reports. */
export function formatShanghaiMinute(at: number): string {
  const local = at + SHANGHAI_OFFSET_MS;
  const { h, m } = clockOf(local);
  return `${shanghaiDate(local)} ${h}:${m}`;
}

/** "2026-11-22_0931", for file names. */
export function formatFileStamp(at: number): string {
  const local = at + SHANGHAI_OFFSET_MS;
  const { h, m } = clockOf(local);
  return `${shanghaiDate(local)}_${h}${m}`;
}

/** yyyymmdd of the Shanghai calendar day, as ticket numbers carry it. */
export function shanghaiDay(at: number): string {
  const date = shanghaiDate(at + SHANGHAI_OFFSET_MS);
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** Hour of day 0–23 in Asia/Shanghai. */
export function shanghaiHour(at: number): number {
  return Math.floor(((((at + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 3_600_000);
}

/** Epoch ms of the Shanghai midnight that starts the day containing `at`. */
export function shanghaiMidnight(at: number): number {
  return Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Epoch ms of an RFC 3339 time with an explicit offset; throws on anything else. */
export function parseRfc3339(text: string): number {
  if (!RFC3339.test(text)) throw new Error(`not an RFC 3339 time with offset: ${JSON.stringify(text)}`);
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new Error(`not a valid time: ${JSON.stringify(text)}`);
  return at;
}

/** Human duration "1h 05m" / "3m 20s"; locale words come from the caller's i18n. */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  const total = Math.floor(Math.abs(ms) / 1000);
  return {
    days: Math.floor(total / 86400),
    hours: Math.floor((total % 86400) / 3600),
    minutes: Math.floor((total % 3600) / 60),
    seconds: total % 60,
  };
}

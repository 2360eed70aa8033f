// The simulator reads time only through a WallClock so tests can drive it.
export interface WallClock {
  now(): number;
}

export const systemClock: WallClock = { now: () => Date.now() };

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

// The generator formats millions of times over a few days: Date#toISOString per
// event dominated its profile, so the date part is cached per day.
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

/** RFC 3339 in Asia/Shanghai (+08:00, no DST) to the second, the form the upstream systems write. */
export function formatShanghai(epochMs: number): string {
  const local = epochMs + SHANGHAI_OFFSET_MS;
  const date = shanghaiDate(local);
  const second = Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 1000);
  const h = TWO_DIGITS[Math.floor(second / 3600)] as string;
  const m = TWO_DIGITS[Math.floor(second / 60) % 60] as string;
  const s = TWO_DIGITS[second % 60] as string;
  return `${date}T${h}:${m}:${s}+08:00`;
}

/** yyyymmdd of the Shanghai calendar day, as ticket numbers carry it. */
export function shanghaiDay(epochMs: number): string {
  const date = shanghaiDate(epochMs + SHANGHAI_OFFSET_MS);
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** Hour of day 0–23 in Shanghai: arrivals follow the working day. */
export function shanghaiHour(epochMs: number): number {
  return Math.floor((((epochMs + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 3_600_000);
}

/** Epoch ms of the Shanghai midnight that starts the day containing `epochMs`. */
export function shanghaiMidnight(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so fixed
// offset arithmetic is exact and far cheaper than Intl for hot paths.
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function shanghaiParts(at: number) {
  const shifted = new Date(at + SHANGHAI_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** RFC 3339 in Asia/Shanghai, e.g. 2026-11-22T09:31:05+08:00. */
export function toShanghaiIso(at: number): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+08:00`;
}

/** "2026-11-22 09:31" for tables and printed reports. */
export function formatShanghaiMinute(at: number): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2026-11-22_0931", for file names. */
export function formatFileStamp(at: number): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}_${pad(p.hour)}${pad(p.minute)}`;
}

/** Hour of day 0–23 in Asia/Shanghai. */
export function shanghaiHour(at: number): number {
  return shanghaiParts(at).hour;
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

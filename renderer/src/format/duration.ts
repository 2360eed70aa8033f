import type { TFunction } from 'i18next';
import { formatDuration } from './time';

/** A span in the current language's units ("3小时12分", "3h12m"). */
export function localizedDuration(t: TFunction, ms: number): string {
  return formatDuration(ms, (unit, value) => {
    switch (unit) {
      case 'd':
        return t('duration.days', { d: value });
      case 'h':
        return t('duration.hours', { h: value });
      case 'm':
        return t('duration.minutes', { m: value });
      case 's':
        return t('duration.seconds', { s: value });
    }
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * How long past a deadline, for the wall: hours and minutes ("17时35分"), or
 * minutes and seconds within the first hour ("4分05秒"). A duration, never
 * "17:35:12", which reads like a time of day from across the room. Hours are
 * not wrapped into days, so two overdue tickets compare at a glance.
 */
export function overdueDuration(t: TFunction, ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? t('wall.hoursMinutes', { h: hours, m: pad(minutes) }) : t('wall.minutesSeconds', { m: minutes, s: pad(seconds % 60) });
}

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

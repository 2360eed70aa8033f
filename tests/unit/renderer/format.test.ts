import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { overdueDuration } from '../../../renderer/src/format/duration';
import { STRINGS } from '../../../shared/i18n';
import { formatCountdown, formatDateTime, formatDuration, formatShortDateTime, formatTimeOfDay, normaliseDateText } from '../../../renderer/src/format/time';
import { T0 } from './fixtures';

describe('times in Asia/Shanghai', () => {
  it('formats whatever the machine zone is', () => {
    expect(formatTimeOfDay(T0)).toBe('10:30:00');
    expect(formatDateTime(T0)).toBe('2026-11-22 10:30');
    expect(formatShortDateTime(T0)).toBe('11-22 10:30');
  });

  it('crosses midnight in Shanghai, not in UTC', () => {
    expect(formatDateTime(Date.UTC(2026, 10, 22, 16, 5))).toBe('2026-11-23 00:05');
  });
});

describe('countdowns', () => {
  it('shows hours unwrapped and pads minutes and seconds', () => {
    expect(formatCountdown(27 * 3_600_000 + 4 * 60_000 + 10_000)).toBe('27:04:10');
    expect(formatCountdown(59_999)).toBe('0:00:59');
  });

  it('shows the distance past a deadline as a positive time', () => {
    expect(formatCountdown(-(12 * 60_000 + 3_000))).toBe('0:12:03');
  });
});

describe('durations', () => {
  const unit = (name: string, value: number) => `${value}${name}`;
  it('keeps the two most significant units', () => {
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000 + 5 * 60_000, unit)).toBe('2d3h');
    expect(formatDuration(5 * 60_000 + 12_000, unit)).toBe('5m12s');
  });

  it('skips a zero second unit and shows zero as seconds', () => {
    expect(formatDuration(3 * 3_600_000 + 20_000, unit)).toBe('3h');
    expect(formatDuration(0, unit)).toBe('0s');
    expect(formatDuration(-5000, unit)).toBe('0s');
  });
});

describe('typed dates', () => {
  it('writes what a person typed as the console writes dates', () => {
    expect(normaliseDateText('2026-11-22', 'date')).toBe('2026-11-22');
    expect(normaliseDateText(' 2026/11/2 ', 'date')).toBe('2026-11-02');
    expect(normaliseDateText('2026.1.5 9:05', 'datetime')).toBe('2026-01-05 09:05');
    expect(normaliseDateText('2026-11-22T23:59', 'datetime')).toBe('2026-11-22 23:59');
  });

  it('refuses what is no date, or not the kind the field asks for', () => {
    for (const text of ['', '11/22/2026', '2026-02-30', '2026-11-22 24:00', '2026-11-22 10:60', '2026-13-01', 'yesterday']) {
      expect(normaliseDateText(text, 'date') ?? normaliseDateText(text, 'datetime')).toBeNull();
    }
    expect(normaliseDateText('2026-11-22 10:00', 'date')).toBeNull();
    expect(normaliseDateText('2026-11-22', 'datetime')).toBeNull();
  });
});

describe('overdue on the wall', () => {
  const translator = (lng: 'zh-CN' | 'en') => {
    const i18n = i18next.createInstance();
    void i18n.init({ lng, resources: { [lng]: { translation: STRINGS[lng] } }, interpolation: { escapeValue: false }, initAsync: false });
    return i18n.t;
  };

  it('reads as a duration, never like a time of day', () => {
    const zh = translator('zh-CN');
    const en = translator('en');
    const late = 17 * 3_600_000 + 35 * 60_000 + 12_000;
    expect(zh('wall.overdue', { duration: overdueDuration(zh, late) })).toBe('超时 17时35分');
    expect(en('wall.overdue', { duration: overdueDuration(en, late) })).toBe('overdue 17 h 35 min');
    expect(overdueDuration(zh, 4 * 60_000 + 5_000)).toBe('4分05秒');
    expect(overdueDuration(en, 59_999)).toBe('0 min 59 s');
    // Hours are not wrapped into days: two overdue tickets compare at a glance.
    expect(overdueDuration(zh, 27 * 3_600_000 + 60_000)).toBe('27时01分');
  });
});

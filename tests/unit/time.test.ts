import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFileStamp, formatShanghaiMinute, parseRfc3339, shanghaiHour, toShanghaiIso } from '../../shared/time';

describe('Asia/Shanghai time', () => {
  it('renders RFC 3339 with +08:00 across midnight UTC', () => {
    expect(toShanghaiIso(Date.parse('2026-11-21T16:30:05Z'))).toBe('2026-11-22T00:30:05+08:00');
    expect(formatShanghaiMinute(Date.parse('2026-12-31T23:59:00+08:00'))).toBe('2026-12-31 23:59');
    expect(formatFileStamp(Date.parse('2026-11-22T10:30:59+08:00'))).toBe('2026-11-22_1030');
    expect(shanghaiHour(Date.parse('2026-11-22T01:00:00Z'))).toBe(9);
  });

  it('round-trips every second through toShanghaiIso and parseRfc3339', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z') / 1000, max: Date.parse('2099-12-31T00:00:00Z') / 1000 }), (seconds) => {
        expect(parseRfc3339(toShanghaiIso(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });

  it('refuses times without an offset', () => {
    expect(() => parseRfc3339('2026-11-22T10:00:00')).toThrow('not an RFC 3339 time with offset');
    expect(() => parseRfc3339('yesterday')).toThrow();
  });
});

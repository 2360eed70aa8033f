// When a screen sounds: at once for a new alarm, then at the worst open
// alarm's interval, never for an acknowledged one, one it does not show, or
// while silenced; under a hand-moved clock.
import { describe, expect, it } from 'vitest';
import { nextSound, type SoundMemory } from '../../../renderer/src/alarms/sounder';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const critical = { id: 'c', key: 'js:NJ-1', severity: 'critical' as const, repeatMs: 30_000, acknowledged: null };
const minor = { id: 'm', key: 'js:SZ-1', severity: 'minor' as const, repeatMs: null, acknowledged: null };
const all = () => true;
const fresh = (): SoundMemory => ({ heard: new Set(), lastPlayedAt: null });

describe('nextSound', () => {
  it('sounds a new alarm at once and repeats it at its interval until acknowledged', () => {
    const memory = fresh();
    expect(nextSound([critical], all, false, T0, memory)).toBe('critical');
    expect(nextSound([critical], all, false, T0 + 29_000, memory)).toBeNull();
    expect(nextSound([critical], all, false, T0 + 30_000, memory)).toBe('critical');
    const owned = { ...critical, acknowledged: { by: '张晓华' } };
    expect(nextSound([owned], all, false, T0 + 90_000, memory)).toBeNull();
  });

  it('sounds a once-only alarm once', () => {
    const memory = fresh();
    expect(nextSound([minor], all, false, T0, memory)).toBe('minor');
    expect(nextSound([minor], all, false, T0 + 3_600_000, memory)).toBeNull();
  });

  it('stays silent for what the screen does not show', () => {
    const onlyNanjing = (key: string) => key.includes('NJ');
    const memory = fresh();
    expect(nextSound([minor], onlyNanjing, false, T0, memory)).toBeNull();
    expect(nextSound([minor, critical], onlyNanjing, false, T0 + 1000, memory)).toBe('critical');
  });

  it('stays silent while silenced; what came meanwhile does not burst out after, what is still open repeats', () => {
    const memory = fresh();
    expect(nextSound([critical], all, true, T0, memory)).toBeNull();
    expect(nextSound([critical, minor], all, true, T0 + 60_000, memory)).toBeNull();
    expect(nextSound([critical, minor], all, false, T0 + 120_000, memory)).toBe('critical');
    expect(nextSound([critical, minor], all, false, T0 + 121_000, memory)).toBeNull();
  });
});

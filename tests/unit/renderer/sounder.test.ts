// When a screen sounds: at once for a new alarm, then at the worst open
// alarm's interval, never for an acknowledged one, one it does not show, or
// while silenced; under a hand-moved clock.
import { describe, expect, it } from 'vitest';
import { nextSound, type SoundMemory } from '../../../renderer/src/alarms/sounder';
import { openOn } from '../../../renderer/src/alarms/view';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const critical = { id: 'c', key: 'js:NJ-1', severity: 'critical' as const, repeatMs: 30_000, acknowledged: null };
const minor = { id: 'm', key: 'js:SZ-1', severity: 'minor' as const, repeatMs: null, acknowledged: null };
const fresh = (): SoundMemory => ({ heard: new Set(), lastPlayedAt: null });

describe('nextSound', () => {
  it('sounds a new alarm at once and repeats it at its interval until acknowledged', () => {
    const memory = fresh();
    expect(nextSound([critical], false, T0, memory)).toBe('critical');
    expect(nextSound([critical], false, T0 + 29_000, memory)).toBeNull();
    expect(nextSound([critical], false, T0 + 30_000, memory)).toBe('critical');
    const owned = { ...critical, acknowledged: { by: '张晓华' } };
    expect(nextSound([owned], false, T0 + 90_000, memory)).toBeNull();
  });

  it('asked about the same list every second (the tick), repeats at the interval and sounds nothing twice; silenced meanwhile, stays so', () => {
    const memory = fresh();
    const shown = [minor, critical];
    expect(nextSound(shown, true, T0, memory)).toBeNull();
    expect(nextSound(shown, true, T0 + 1000, memory)).toBeNull();
    // The silence ends: what came during it does not burst out; the worst still open repeats.
    expect(nextSound(shown, false, T0 + 2000, memory)).toBe('critical');
    for (let second = 3; second < 32; second += 1) expect(nextSound(shown, false, T0 + second * 1000, memory)).toBeNull();
    expect(nextSound(shown, false, T0 + 32_000, memory)).toBe('critical');
    // A new list with one more alarm: that one sounds at once.
    const more = { ...minor, id: 'm2' };
    expect(nextSound([...shown, more], false, T0 + 33_000, memory)).toBe('minor');
  });

  it('sounds a once-only alarm once', () => {
    const memory = fresh();
    expect(nextSound([minor], false, T0, memory)).toBe('minor');
    expect(nextSound([minor], false, T0 + 3_600_000, memory)).toBeNull();
  });

  it('stays silent for what the screen does not show', () => {
    const onlyNanjing = (key: string) => key.includes('NJ');
    const memory = fresh();
    expect(nextSound(openOn([minor], onlyNanjing), false, T0, memory)).toBeNull();
    expect(nextSound(openOn([critical, minor], onlyNanjing), false, T0 + 1000, memory)).toBe('critical');
  });
});

describe('openOn: the alarms a screen lists and sounds', () => {
  const feed = { id: 'f', key: null, severity: 'major' as const, repeatMs: 60_000, acknowledged: null };
  const owned = { ...critical, id: 'c2', acknowledged: { by: '张晓华' } };
  const nowhere = () => false;

  it('a feed alarm on every screen whatever its filters; a ticket alarm where its row is shown', () => {
    expect(openOn([critical, feed, minor], nowhere).map((a) => a.id)).toEqual(['f']);
    expect(openOn([critical, feed, minor], (key) => key.includes('SZ')).map((a) => a.id)).toEqual(['f', 'm']);
  });

  it('stops at the first acknowledged alarm: the store keeps those last', () => {
    expect(openOn([critical, owned, minor], () => true).map((a) => a.id)).toEqual(['c']);
  });

  it('stays silent while silenced; what came meanwhile does not burst out after, what is still open repeats', () => {
    const memory = fresh();
    expect(nextSound([critical], true, T0, memory)).toBeNull();
    expect(nextSound([critical, minor], true, T0 + 60_000, memory)).toBeNull();
    expect(nextSound([critical, minor], false, T0 + 120_000, memory)).toBe('critical');
    expect(nextSound([critical, minor], false, T0 + 121_000, memory)).toBeNull();
  });
});

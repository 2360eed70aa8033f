// A screen's alarms folded from the service's deltas: the same list, in the
// same order, as the whole state sorted afresh.
import { describe, expect, it } from 'vitest';
import { applyAlarmDelta, compareAlarms, mergeAlarmDeltas } from '../../../shared/alarms';
import type { AlarmDelta } from '../../../shared/contract';
import type { AlarmDto, AlarmState } from '../../../shared/contract';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');

function alarm(id: string, severity: AlarmDto['severity'], since: number, acknowledged = false): AlarmDto {
  return {
    id,
    cause: severity === 'critical' ? 'groupBreach' : 'provinceBreach',
    severity,
    source: 'js',
    key: `js:${id}`,
    ticketId: id,
    city: '南京',
    customer: null,
    boards: ['group'],
    clock: 'repair',
    index: 0,
    since,
    dueAt: since - 1,
    repeatMs: 30_000,
    acknowledged: acknowledged ? { by: '张晓华', console: 'desk-duty', at: since + 60_000 } : null,
  };
}

const sorted = (alarms: AlarmDto[]) => [...alarms].sort(compareAlarms);

describe('applyAlarmDelta', () => {
  it('raises, changes and clears alarms and keeps the most pressing first', () => {
    const a = alarm('A', 'critical', T0);
    const b = alarm('B', 'major', T0 + 1000);
    const c = alarm('C', 'critical', T0 + 2000);
    const start: AlarmState = { at: T0, alarms: sorted([a, b, c]), silence: null };
    const bAcknowledged = { ...b, acknowledged: { by: '李娜', console: 'wall-1', at: T0 + 5000 } };
    const d = alarm('D', 'critical', T0 + 3000);
    const silence = { by: '张晓华', console: 'desk-duty', reason: '机房演练', from: T0, until: T0 + 20 * 60_000 };

    const next = applyAlarmDelta(start, { at: T0 + 9000, changed: [bAcknowledged, d], removed: ['A', 'never-shown'], silence });

    expect(next).toEqual({ at: T0 + 9000, alarms: sorted([bAcknowledged, c, d]), silence });
    expect(next.alarms.map((x) => x.id)).toEqual(['D', 'C', 'B']);
    expect(start.alarms.map((x) => x.id)).toEqual(['C', 'A', 'B']);
  });

  it('agrees with sorting the whole state after a long run of random deltas', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const held = new Map<string, AlarmDto>();
    let screen: AlarmState = { at: T0, alarms: [], silence: null };
    for (let step = 0; step < 300; step += 1) {
      const changed: AlarmDto[] = [];
      const removed: string[] = [];
      for (let k = 0; k < 5; k += 1) {
        const id = `T${Math.floor(random() * 40)}`;
        // As the service gathers them: an alarm's last change in the interval is the one sent.
        const earlier = changed.findIndex((x) => x.id === id);
        if (earlier >= 0) changed.splice(earlier, 1);
        const gone = removed.indexOf(id);
        if (gone >= 0) removed.splice(gone, 1);
        if (random() < 0.3) {
          held.delete(id);
          removed.push(id);
        } else {
          const next = alarm(id, random() < 0.5 ? 'critical' : 'major', T0 + Math.floor(random() * 10) * 1000, random() < 0.3);
          held.set(id, next);
          changed.push(next);
        }
      }
      screen = applyAlarmDelta(screen, { at: T0 + step, changed, removed, silence: null });
      expect(screen.alarms).toEqual(sorted([...held.values()]));
    }
  });
});

describe('mergeAlarmDeltas', () => {
  it('gives, applied once, what its deltas give applied one by one, for random runs of them', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const silence = { by: '张晓华', console: 'desk-duty', reason: '机房演练', from: T0, until: T0 + 20 * 60_000 };
    let oneByOne: AlarmState = { at: T0, alarms: [], silence: null };
    let merged = oneByOne;
    for (let run = 0; run < 60; run += 1) {
      const deltas: AlarmDelta[] = [];
      for (let n = 1 + Math.floor(random() * 6); n > 0; n -= 1) {
        const changed: AlarmDto[] = [];
        const removed: string[] = [];
        for (let k = 0; k < 4; k += 1) {
          const id = `T${Math.floor(random() * 25)}`;
          if (changed.some((x) => x.id === id) || removed.includes(id)) continue;
          if (random() < 0.35) removed.push(id);
          else changed.push(alarm(id, random() < 0.5 ? 'critical' : 'major', T0 + Math.floor(random() * 10) * 1000, random() < 0.3));
        }
        deltas.push({ at: T0 + run * 100 + n, changed, removed, silence: random() < 0.5 ? silence : null });
      }
      for (const delta of deltas) oneByOne = applyAlarmDelta(oneByOne, delta);
      merged = applyAlarmDelta(merged, mergeAlarmDeltas(deltas));
      expect(merged).toEqual(oneByOne);
    }
    expect(merged.alarms.length).toBeGreaterThan(0);
  });
});

// A screen's alarms folded from the service's deltas, and taken in pages while
// deltas keep coming: the same list, in the same order, as the whole state
// sorted afresh.
import { describe, expect, it } from 'vitest';
import { alarmCursor, alarmsUpTo, applyAlarmDelta, applyAlarmPage, comesAfter, compareAlarms, mergeAlarmDeltas } from '../../../shared/alarms';
import type { AlarmCursor, AlarmDelta, AlarmPage } from '../../../shared/contract';
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

describe('applyAlarmPage', () => {
  /** A page of `held` as the service answers it (electron/core/alarms/service.ts page). */
  function pageOf(held: Map<string, AlarmDto>, after: AlarmCursor | null, first: number, at: number): AlarmPage {
    const ordered = sorted([...held.values()]);
    const start = alarmsUpTo(ordered, after);
    const alarms = ordered.slice(start, start + first);
    return { at, alarms, silence: null, next: start + alarms.length < ordered.length ? alarmCursor(alarms.at(-1)!) : null };
  }

  it('finds where a page starts: after every alarm at or before the cursor', () => {
    const ordered = sorted([alarm('A', 'critical', T0), alarm('B', 'critical', T0 + 1000), alarm('C', 'major', T0), alarm('D', 'major', T0, true)]);
    expect(ordered.map((x) => x.id)).toEqual(['B', 'A', 'C', 'D']);
    expect(alarmsUpTo(ordered, null)).toBe(0);
    expect(ordered.map((x) => alarmsUpTo(ordered, alarmCursor(x)))).toEqual([1, 2, 3, 4]);
    // A cursor whose alarm has gone since: the page starts where it stood.
    expect(alarmsUpTo(ordered, alarmCursor(alarm('AB', 'critical', T0)))).toBe(2);
    expect(comesAfter(ordered[0]!, alarmCursor(ordered[0]!))).toBe(false);
  });

  it('keeps the order when a page strays from its own stretch (a broken or hostile core): its alarms merged, the stretch replaced', () => {
    const held = sorted([alarm('A', 'critical', T0 + 3000), alarm('B', 'critical', T0 + 2000), alarm('C', 'major', T0 + 1000), alarm('D', 'major', T0)]);
    const after = alarmCursor(held[0]!);
    // The page claims the stretch after A up to C, but holds an alarm that sorts before A and one past C.
    const early = alarm('E', 'critical', T0 + 9000);
    const late = alarm('F', 'major', T0 - 5000, true);
    const page: AlarmPage = { at: T0 + 1, alarms: [late, early], silence: null, next: alarmCursor(held[2]!) };
    const taken = applyAlarmPage({ at: T0, alarms: held, silence: null }, page, after);
    expect(taken.alarms.map((x) => x.id)).toEqual(['E', 'A', 'D', 'F']);
    expect(taken.alarms).toEqual(sorted(taken.alarms));
  });

  it('takes a page in its place among tens of thousands held, with a moved alarm dropped from its old place', () => {
    const held = sorted(Array.from({ length: 20_000 }, (_, k) => alarm(`T${k}`, k % 2 === 0 ? 'critical' : 'major', T0 + (k % 997) * 1000)));
    const after = alarmCursor(held[9_999]!);
    const next = alarmCursor(held[10_499]!);
    // An alarm held far before the stretch that has since moved into it (re-timed): only the page's copy stays.
    const moved = { ...held[3]!, severity: held[10_200]!.severity, since: held[10_200]!.since };
    const pageAlarms = sorted([...held.slice(10_000, 10_499).filter((x) => x.id !== 'T1'), moved, held[10_499]!]);
    expect(pageAlarms.every((x) => comesAfter(x, after) && !comesAfter(x, next))).toBe(true);
    const taken = applyAlarmPage({ at: T0, alarms: held, silence: null }, { at: T0 + 1, alarms: pageAlarms, silence: null, next }, after);
    expect(taken.alarms).toEqual(sorted([...held.slice(0, 10_000).filter((x) => x.id !== moved.id), ...pageAlarms, ...held.slice(10_500)]));
    expect(taken.alarms.filter((x) => x.id === moved.id)).toEqual([moved]);
  });

  it('ends, page by page with deltas between the pages, with the whole state: from nothing, and from a stale list after a reconnect', () => {
    let seed = 5;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const randomAlarm = (id: string) => alarm(id, random() < 0.5 ? 'critical' : 'major', T0 + Math.floor(random() * 10) * 1000, random() < 0.3);
    for (let run = 0; run < 40; run += 1) {
      const held = new Map<string, AlarmDto>();
      for (let k = 0; k < 60; k += 1) if (random() < 0.6) held.set(`T${k}`, randomAlarm(`T${k}`));
      // Every other run the screen still holds what it had before a reconnect: alarms since cleared or changed.
      const stale = run % 2 === 1 ? sorted(Array.from({ length: 30 }, (_, k) => randomAlarm(`T${k * 2}`))) : [];
      let screen: AlarmState = { at: T0, alarms: stale, silence: null };
      let after: AlarmCursor | null = null;
      let pages = 0;
      for (;;) {
        // The service changes its alarms between two pages and pushes each change before the next page.
        const changed: AlarmDto[] = [];
        const removed: string[] = [];
        for (let k = Math.floor(random() * 4); k > 0; k -= 1) {
          const id = `T${Math.floor(random() * 70)}`;
          if (changed.some((x) => x.id === id) || removed.includes(id)) continue;
          if (random() < 0.4) {
            held.delete(id);
            removed.push(id);
          } else {
            held.set(id, randomAlarm(id));
            changed.push(held.get(id)!);
          }
        }
        screen = applyAlarmDelta(screen, { at: T0 + pages, changed, removed, silence: null });
        const page = pageOf(held, after, 7, T0 + pages);
        screen = applyAlarmPage(screen, page, after);
        pages += 1;
        // What the pages covered so far is the service's state there, in its order.
        const upTo = (alarms: AlarmDto[]) => (page.next === null ? alarms : alarms.filter((x) => !comesAfter(x, page.next)));
        expect(upTo(screen.alarms)).toEqual(upTo(sorted([...held.values()])));
        if (page.next === null) break;
        after = page.next;
      }
      expect(screen.alarms).toEqual(sorted([...held.values()]));
      expect(pages).toBeGreaterThan(1);
    }
  });
});

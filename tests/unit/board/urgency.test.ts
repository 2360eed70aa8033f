import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUrgency, countStates, liveClockState, nextClock, nextStateChangeAt, rowState, severity } from '../../../shared/board/urgency';
import type { BoardRow } from '../../../shared/contract';
import { WorseningTracker } from '../../../renderer/src/store/worsening';
import { clock, row, T0 } from '../renderer/fixtures';

describe('live clock state', () => {
  const running = clock({ dueAt: T0 + 1000, warnAt: T0 - 1000 });

  it('warns from warnAt and breaches only once past dueAt (the limit is inclusive)', () => {
    expect(liveClockState(clock(), T0)).toBe('ok');
    expect(liveClockState(running, T0)).toBe('warning');
    expect(liveClockState(running, T0 + 1000)).toBe('warning');
    expect(liveClockState(running, T0 + 1001)).toBe('breached');
  });

  it('leaves stopped and paused clocks as main computed them', () => {
    expect(liveClockState(clock({ state: 'met', dueAt: T0 - 5000 }), T0)).toBe('met');
    expect(liveClockState(clock({ dueAt: null, warnAt: null }), T0 + 9e9)).toBe('ok');
  });

  it('takes the worst clock as the row state', () => {
    const r = row('a', { clocks: [clock({ state: 'metLate', dueAt: null }), clock({ name: 'accept', dueAt: T0 - 1 })] });
    expect(rowState(r, T0)).toBe('breached');
  });
});

describe('board order', () => {
  it('puts breached rows first, then the soonest deadline, rows without a deadline last', () => {
    const later = row('later', { clocks: [clock({ dueAt: T0 + 50 * 60_000 })] });
    const sooner = row('sooner', { clocks: [clock({ dueAt: T0 + 5 * 60_000 })] });
    const overdue = row('overdue', { clocks: [clock({ dueAt: T0 - 60_000 })] });
    const pausedBreach = row('paused', { clocks: [clock({ state: 'breached', dueAt: null })], nextDueAt: null });
    const idle = row('idle', { clocks: [clock({ state: 'met', dueAt: null })], nextDueAt: null });
    const sorted = [idle, later, pausedBreach, sooner, overdue].sort((a, b) => compareUrgency(a, b, T0));
    expect(sorted.map((r) => r.key)).toEqual(['overdue', 'paused', 'sooner', 'later', 'idle']);
  });

  it('finds the running clock due first', () => {
    const r = row('a', { clocks: [clock({ name: 'repair', dueAt: T0 + 9000 }), clock({ name: 'stageFeedback', dueAt: T0 + 100 }), clock({ name: 'dispatch', state: 'met', stoppedAt: T0, dueAt: null })] });
    expect(nextClock(r)?.name).toBe('stageFeedback');
  });

  it('counts breached and warning rows at a moment', () => {
    const rows = [row('a', { clocks: [clock({ dueAt: T0 - 1 })] }), row('b', { clocks: [clock({ warnAt: T0 })] }), row('c')];
    expect(countStates(rows, T0)).toEqual({ total: 3, breached: 1, warning: 1 });
  });
});

describe('order as time passes', () => {
  // The grid re-places only the rows time made worse (a delta sort: the others
  // kept in their order, the worsened ones merged in), instead of re-sorting
  // the board every second. That equals a whole re-sort for any rows and times.
  const MINUTE = 60_000;
  const arbitraryClock = fc.record({
    state: fc.constantFrom('ok', 'ok', 'warning', 'breached', 'met', 'metLate'),
    due: fc.option(fc.integer({ min: -60, max: 120 }), { nil: null }),
    warnBefore: fc.integer({ min: 0, max: 30 }),
  });
  const arbitraryRows = fc.array(fc.array(arbitraryClock, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 40 }).map((rows) =>
    rows.map((clocks, n) =>
      row(`r${n}`, {
        clocks: clocks.map(({ state, due, warnBefore }) =>
          clock({ state, dueAt: due === null ? null : T0 + due * MINUTE, warnAt: due === null ? null : T0 + (due - warnBefore) * MINUTE }),
        ),
      }),
    ),
  );
  const mergeSorted = (kept: BoardRow[], moved: BoardRow[], now: number) => {
    const merged: BoardRow[] = [];
    let k = 0;
    let m = 0;
    while (k < kept.length && m < moved.length) merged.push(compareUrgency(kept[k]!, moved[m]!, now) <= 0 ? kept[k++]! : moved[m++]!);
    return [...merged, ...kept.slice(k), ...moved.slice(m)];
  };

  it('re-placing the rows made worse by time gives the order a whole re-sort gives', () => {
    fc.assert(
      fc.property(arbitraryRows, fc.integer({ min: 0, max: 150 }), (rows, minutes) => {
        const later = T0 + minutes * MINUTE;
        const before = [...rows].sort((a, b) => compareUrgency(a, b, T0));
        const worse = new Set(rows.filter((r) => severity(rowState(r, later)) > severity(rowState(r, T0))).map((r) => r.key));
        const kept = before.filter((r) => !worse.has(r.key));
        const moved = rows.filter((r) => worse.has(r.key)).sort((a, b) => compareUrgency(a, b, later));
        const whole = [...rows].sort((a, b) => compareUrgency(a, b, later));
        expect(mergeSorted(kept, moved, later).map((r) => r.key)).toEqual(whole.map((r) => r.key));
      }),
    );
  });
});

describe('a row flashes once when it gets worse', () => {
  it('reports a row the first time it is worse, not on later ticks, and not when first seen', () => {
    const tracker = new WorseningTracker();
    const r = row('a', { clocks: [clock({ dueAt: T0 + 1000, warnAt: T0 + 500 })] });
    expect(tracker.observe([r], T0)).toEqual([]);
    expect(tracker.observe([r], T0 + 600)).toEqual(['a']);
    expect(tracker.observe([r], T0 + 700)).toEqual([]);
    expect(tracker.observe([r], T0 + 1001)).toEqual(['a']);
    expect(tracker.observe([r], T0 + 5000)).toEqual([]);
  });

  it('looks only at the rows a grid transaction carries, and forgets the ones it removes', () => {
    const tracker = new WorseningTracker();
    const fine = row('a', { clocks: [clock({ dueAt: T0 + 1000, warnAt: T0 + 500 })] });
    const other = row('b');
    tracker.observe([fine, other], T0);
    const overdue = row('a', { clocks: [clock({ dueAt: T0 - 1 })] });
    expect(tracker.observeTransaction({ add: [], update: [overdue], remove: [] }, T0)).toEqual(['a']);
    expect(tracker.observeTransaction({ add: [], update: [overdue], remove: [] }, T0)).toEqual([]);
    tracker.observeTransaction({ add: [], update: [], remove: [overdue] }, T0);
    // Gone, so it comes back as first seen: nothing to flash.
    expect(tracker.observeTransaction({ add: [overdue], update: [], remove: [] }, T0)).toEqual([]);
  });

  it('does not flash an improvement, and forgets rows that left', () => {
    const tracker = new WorseningTracker();
    const bad = row('a', { clocks: [clock({ dueAt: T0 - 1 })] });
    tracker.observe([bad], T0);
    expect(tracker.observe([row('a')], T0)).toEqual([]);
    tracker.observe([], T0);
    expect(tracker.observe([bad], T0)).toEqual([]);
  });
});

describe('a row is looked at again only when time can change it', () => {
  const arbClock = fc
    .record({
      state: fc.constantFrom('ok', 'warning', 'met', 'metLate', 'breached', 'notApplicable'),
      due: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: null }),
      warn: fc.option(fc.integer({ min: -5000, max: 5000 }), { nil: null }),
    })
    .map(({ state, due, warn }) => clock({ state: state as ReturnType<typeof clock>['state'], dueAt: due === null ? null : T0 + due, warnAt: warn === null ? null : T0 + warn }));
  const arbRow = (key: string) => fc.array(arbClock, { minLength: 1, maxLength: 3 }).map((clocks) => row(key, { clocks }));

  it('nextStateChangeAt: the state holds from now until that instant', () => {
    fc.assert(
      fc.property(arbRow('a'), fc.integer({ min: -6000, max: 6000 }), fc.array(fc.integer({ min: 0, max: 12_000 }), { maxLength: 20 }), (r, offset, steps) => {
        const now = T0 + offset;
        const next = nextStateChangeAt(r, now);
        expect(next).toBeGreaterThan(now);
        const state = rowState(r, now);
        for (const step of steps) {
          const later = now + step;
          if (later < next) expect(rowState(r, later)).toBe(state);
        }
        // No change goes unannounced: the state at any later instant differs only from `next` on.
        if (next === Number.POSITIVE_INFINITY) expect(rowState(r, now + 1e9)).toBe(state);
      }),
    );
  });

  it('observeTime flashes exactly what a walk of every row each tick would', () => {
    const keys = ['a', 'b', 'c', 'd'];
    const step = fc.oneof(
      fc.record({ tick: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ update: fc.constantFrom(...keys), clocks: fc.array(arbClock, { minLength: 1, maxLength: 3 }) }),
      fc.record({ remove: fc.constantFrom(...keys) }),
    );
    fc.assert(
      fc.property(fc.tuple(...keys.map(arbRow)), fc.array(step, { maxLength: 40 }), (initial, steps) => {
        const rows = new Map(initial.map((r) => [r.key, r]));
        let now = T0 - 6000;
        const queued = new WorseningTracker();
        const walked = new WorseningTracker();
        queued.observe(rows.values(), now);
        walked.observe(rows.values(), now);
        for (const s of steps) {
          if ('tick' in s) {
            now += s.tick;
            expect(queued.observeTime(now).sort()).toEqual(walked.observe(rows.values(), now).sort());
          } else if ('update' in s) {
            const r = row(s.update, { clocks: s.clocks });
            const tx = rows.has(s.update) ? { add: [], update: [r], remove: [] } : { add: [r], update: [], remove: [] };
            rows.set(s.update, r);
            expect(queued.observeTransaction(tx, now)).toEqual(walked.observeTransaction(tx, now));
          } else {
            const gone = rows.get(s.remove);
            if (!gone) continue;
            rows.delete(s.remove);
            const tx = { add: [], update: [], remove: [gone] };
            expect(queued.observeTransaction(tx, now)).toEqual(walked.observeTransaction(tx, now));
          }
        }
      }),
    );
  });

  it('keeps its queue to the rows it holds however often they change', () => {
    const tracker = new WorseningTracker();
    tracker.observe([], T0);
    for (let n = 0; n < 20_000; n += 1) tracker.observeTransaction({ add: [], update: [row(`r${n % 10}`, { clocks: [clock({ dueAt: T0 + n, warnAt: T0 })] })], remove: [] }, T0 - 1);
    expect(tracker.queued).toBeLessThanOrEqual(2 * 10 + 1024 + 1);
    // The latest of each row is still what time is looked at for.
    expect(tracker.observeTime(T0 + 20_000).sort()).toEqual(Array.from({ length: 10 }, (_, n) => `r${n}`).sort());
  });
});

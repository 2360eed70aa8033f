import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../shared/protocol';
import { Engine } from '../../../electron/core/ingest/engine';
import { DeadlineScheduler, FIRST_PASS_SLICE } from '../../../electron/core/board/deadlines';
import type { Timers } from '../../../electron/core/timers';
import { boardRows } from '../../../electron/core/board/rows';
import type { Store } from '../../../electron/core/store/db';
import { openTemp, policy, SOURCE, START, tempDir } from '../support/cache';
import { manualTimers as everyTimer } from '../../support/timers';

const MINUTE = 60_000;

/** Timers driven by the test's clock: `advance` runs what falls due. */
function manualTimers(clock: { now: number }) {
  let pending: { at: number; callback: () => void } | null = null;
  const timers: Timers = {
    set: (callback, delayMs) => (pending = { at: clock.now + delayMs, callback }),
    clear: () => (pending = null),
  };
  return {
    timers,
    nextAt: () => pending?.at ?? null,
    advanceTo(at: number) {
      clock.now = at;
      if (pending && pending.at <= at) pending.callback();
    },
  };
}

const created: FeedEvent = {
  seq: 1,
  id: 'e-1',
  ticketId: 'T1',
  type: 'created',
  at: new Date(START).toISOString(),
  data: {
    customer: { id: 'C1', name: '某省政府', tier: 'province' },
    circuit: { id: 'CIR-1', level: 'A' },
    service: 'sdh',
    city: '苏州',
    channel: 'account-manager',
    title: '电路中断',
  },
};

describe('DeadlineScheduler', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  beforeEach(() => {
    dir = tempDir('deadlines');
    cache = openTemp(dir);
  });
  afterEach(async () => {
    await cache.close();
    dir.remove();
  });

  /** A scheduler on an engine at START + 1 min, its timers driven by the test's clock. */
  async function started() {
    const clock = { now: START + MINUTE };
    const engine = await Engine.open(cache, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    const manual = manualTimers(clock);
    const reported: string[][] = [];
    const scheduler = new DeadlineScheduler(engine, (keys) => reported.push([...keys]), manual.timers);
    scheduler.start();
    return { clock, engine, manual, reported, scheduler };
  }

  it('reports a ticket when a clock crosses into warning and into breach without any event', async () => {
    const { clock, engine, manual, reported, scheduler } = await started();
    await engine.ingest(SOURCE.id, [created]);
    await engine.flushed();

    // The first escalation clock (5 min, warning at 80%) is the first to move.
    const warnAt = START + 4 * MINUTE;
    expect(manual.nextAt()).toBe(warnAt);
    manual.advanceTo(warnAt);
    expect(reported).toEqual([['src-a:T1']]);
    const stateOf = () => boardRows(engine, 'province', clock.now)[0]!.clocks.find((c) => c.name === 'firstEscalation')!.state;
    expect(stateOf()).toBe('warning');

    manual.advanceTo(manual.nextAt()!);
    expect(reported).toHaveLength(2);
    expect(stateOf()).toBe('breached');
    scheduler.stop();
    expect(manual.nextAt()).toBeNull();
  });

  it('moves its timer earlier for a ticket that crosses sooner, keeps it for one that crosses later, and reports each ticket at its own instant', async () => {
    const { engine, manual, reported, scheduler } = await started();
    const createdAt = (ticketId: string, seq: number, at: number): FeedEvent => ({ ...created, seq, id: `e-${seq}`, ticketId, at: new Date(at).toISOString() });
    await engine.ingest(SOURCE.id, [createdAt('T1', 1, START)]);
    await engine.flushed();
    expect(manual.nextAt()).toBe(START + 4 * MINUTE);
    // Created two minutes earlier: its first escalation warns at START + 2 min, before T1's.
    await engine.ingest(SOURCE.id, [createdAt('T2', 2, START - 2 * MINUTE)]);
    await engine.flushed();
    expect(manual.nextAt()).toBe(START + 2 * MINUTE);
    // Created later: its warning comes after T1's, and the timer stays.
    await engine.ingest(SOURCE.id, [createdAt('T3', 3, START + MINUTE)]);
    await engine.flushed();
    expect(manual.nextAt()).toBe(START + 2 * MINUTE);

    // Warnings at 4 of 5 minutes, breaches just after 5: each ticket is reported at its own instant, in order.
    const expected: [number, string][] = [
      [START + 2 * MINUTE, 'T2'],
      [START + 3 * MINUTE + 1, 'T2'],
      [START + 4 * MINUTE, 'T1'],
      [START + 5 * MINUTE, 'T3'],
      [START + 5 * MINUTE + 1, 'T1'],
    ];
    for (const [instant, ticketId] of expected) {
      expect(manual.nextAt()).toBe(instant);
      manual.advanceTo(instant);
      expect(reported.at(-1)).toEqual([`src-a:${ticketId}`]);
    }
    expect(reported).toHaveLength(expected.length);
    scheduler.stop();
  });

  it('takes the open tickets of a start a slice a turn, and then schedules every one of them', async () => {
    const clock = { now: START + MINUTE };
    const engine = await Engine.open(cache, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    const count = 2 * FIRST_PASS_SLICE + 7;
    await engine.ingest(
      SOURCE.id,
      Array.from({ length: count }, (_, i): FeedEvent => ({ ...created, seq: i + 1, id: `e-${i + 1}`, ticketId: `T${i + 1}`, at: new Date(START).toISOString() })),
    );
    await engine.flushed();
    const manual = everyTimer(clock);
    // The first pass's turns are its zero-delay timers (the deadline's is minutes ahead).
    let turns = 0;
    const timers: Timers = { set: (callback, delayMs) => ((turns += delayMs === 0 ? 1 : 0), manual.timers.set(callback, delayMs)), clear: manual.timers.clear };
    const reported: string[][] = [];
    const scheduler = new DeadlineScheduler(engine, (keys) => reported.push([...keys]), timers);
    scheduler.start();
    manual.advanceTo(clock.now);
    expect(turns).toBe(Math.ceil(count / FIRST_PASS_SLICE) - 1);
    // Every ticket warns at START + 4 min, all at once.
    expect(manual.nextAt()).toBe(START + 4 * MINUTE);
    manual.advanceTo(START + 4 * MINUTE);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.length).toBe(count);
    scheduler.stop();
    expect(manual.pendingCount()).toBe(0);
  });
});

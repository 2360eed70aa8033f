// The live spine under a fake clock: an event → the engine (on disk) → board
// deltas (coalesced on injected timers) → the push bus (validated against the
// contract) → the renderer's board store → one grid transaction; and a
// deadline passing with no event takes the same path.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../shared/protocol';
import { boardDelta, type BoardDelta } from '../../../shared/contract';
import { Engine } from '../../../electron/core/ingest/engine';
import { BoardDeltas, MAX_ROWS_PER_PUSH } from '../../../electron/core/board/deltas';
import { boardPage, currentRow } from '../../../electron/core/board/rows';
import { DeadlineScheduler } from '../../../electron/core/board/deadlines';
import { PushBus } from '../../../electron/core/push-bus';
import type { Store } from '../../../electron/core/store/db';
import { BoardStore, type RowTransaction } from '../../../renderer/src/store/boardStore';
import { openTemp, policy, SOURCE, START, tempDir } from '../support/cache';
import { manualTimers } from '../../support/timers';
import type { Timers } from '../../../electron/core/timers';

const MINUTE = 60_000;

const created = (seq: number, ticketId: string, tier: 'group' | 'province', minutes: number): FeedEvent => ({
  seq,
  id: `e-${seq}`,
  ticketId,
  type: 'created',
  at: new Date(START + minutes * MINUTE).toISOString(),
  data: {
    customer: { id: `C-${ticketId}`, name: '某集团客户', tier },
    circuit: { id: `CIR-${ticketId}`, level: 'A' },
    service: 'sdh',
    city: '南京',
    channel: 'group-one-stop',
    title: '电路中断',
  },
});

/**
 * A screen's boards fed by the core's deltas through the push bus: the
 * renderer's bridge validates what it receives, as main validated what it sent.
 */
function screenOf(engine: Engine, clock: { now: number }, timers: Timers) {
  const bus = new PushBus();
  const boards = new BoardStore();
  const sent: BoardDelta[] = [];
  bus.subscribe((channel, payload) => {
    if (channel !== 'board:delta') return;
    const delta = boardDelta.parse(payload);
    sent.push(delta);
    boards.applyDelta(delta);
  });
  const deltas = new BoardDeltas({ engine, now: () => clock.now, publish: (delta) => bus.publish('board:delta', delta), timers });
  return { boards, sent, deltas };
}

describe('the live spine', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir('spine');
    store = openTemp(dir);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('carries an event and a passing deadline to one grid transaction each, on the fake clock alone', async () => {
    const clock = { now: START + MINUTE };
    const manual = manualTimers(clock);
    const engine = await Engine.open(store, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    const { boards, sent, deltas } = screenOf(engine, clock, manual.timers);
    const transactions: { level: string; tx: RowTransaction }[] = [];
    boards.onTransaction((level, tx) => transactions.push({ level, tx }));
    engine.onChange((keys) => deltas.touch(keys));
    const deadlines = new DeadlineScheduler(engine, (keys) => deltas.touch(keys), manual.timers);
    deadlines.start();

    await engine.ingest(SOURCE.id, [created(1, 'T1', 'group', 0), created(2, 'T2', 'province', 0)]);
    await engine.flushed();
    // Coalesced: nothing reaches the store until the delta timer fires, on the next turn (no fixed wait).
    expect(transactions).toEqual([]);
    expect(manual.nextAt()).toBe(clock.now);
    manual.advanceTo(clock.now);
    expect(transactions.map(({ level, tx }) => [level, tx.add.map((row) => row.ticketId), tx.update.length, tx.remove.length])).toEqual([
      ['group', ['T1'], 0, 0],
      ['province', ['T2'], 0, 0],
    ]);

    // The 5-minute first escalation (group and province tiers) warns at 4 minutes with no event: one update per board.
    transactions.length = 0;
    const warnAt = START + 4 * MINUTE;
    manual.advanceTo(warnAt);
    expect(transactions.map(({ level, tx }) => [level, tx.update.map((row) => row.ticketId)])).toEqual([
      ['group', ['T1']],
      ['province', ['T2']],
    ]);
    const row = boards.rows('group')[0]!;
    expect(row.clocks.find((c) => c.name === 'firstEscalation')).toMatchObject({ state: 'warning', dueAt: START + 5 * MINUTE });
    // The rows went whole once; the warning came as patches, and laid over the rows held they are the rows the core holds.
    expect(sent.map((delta) => [delta.upserts.length, delta.patches.length])).toEqual([
      [2, 0],
      [0, 2],
    ]);
    for (const held of [...boards.rows('group'), ...boards.rows('province')]) expect(held).toEqual(currentRow(engine, engine.openTicket(held.key)!));

    deadlines.stop();
    deltas.stop();
  });

  it('sends a row a screen holds from its list as a patch, nothing when it did not change, and no row the risk watch touches that no screen holds', async () => {
    const clock = { now: START + MINUTE };
    const manual = manualTimers(clock);
    const engine = await Engine.open(store, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    await engine.ingest(SOURCE.id, [created(1, 'T1', 'group', 0), created(2, 'T2', 'province', 0)]);
    await engine.flushed();
    const { boards, sent, deltas } = screenOf(engine, clock, manual.timers);
    // Rows no screen was given: the risk watch's touch sends none (a screen that lists them gets them as they are).
    deltas.touchHeld(engine.openKeys());
    manual.advanceTo(clock.now);
    expect(sent).toEqual([]);
    // A screen connects and loads its whole lists, as console-core serves them; no row has been pushed yet.
    for (const level of ['group', 'province'] as const) {
      const page = boardPage(engine, level, clock.now, '', 500);
      deltas.listed(page.rows);
      boards.page(level, page.rows, '', page.next, clock.now);
    }
    // Touched with nothing changed (the risk watch's pass once its history loaded, every row that has a risk): nothing goes out.
    deltas.touchHeld(engine.openKeys());
    manual.advanceTo(clock.now);
    expect(sent).toEqual([]);
    // The first escalation warns at 4 minutes: patches over the listed rows, not the rows again whole.
    const deadlines = new DeadlineScheduler(engine, (keys) => deltas.touch(keys), manual.timers);
    deadlines.start();
    manual.advanceTo(START + 4 * MINUTE);
    expect(sent.map((delta) => [delta.upserts.length, delta.patches.length])).toEqual([[0, 2]]);
    for (const held of [...boards.rows('group'), ...boards.rows('province')]) expect(held).toEqual(currentRow(engine, engine.openTicket(held.key)!));
    deadlines.stop();
    deltas.stop();
  });

  it('sends the rows of a touch of many tickets in pushes of at most MAX_ROWS_PER_PUSH, one per turn, every row once', async () => {
    const clock = { now: START + MINUTE };
    const manual = manualTimers(clock);
    const engine = await Engine.open(store, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    const count = MAX_ROWS_PER_PUSH * 2 + 17;
    await engine.ingest(SOURCE.id, Array.from({ length: count }, (_, i) => created(i + 1, `T${i}`, 'group', 0)));
    await engine.flushed();
    const { boards, sent, deltas } = screenOf(engine, clock, manual.timers);
    const page = boardPage(engine, 'group', clock.now, '', count);
    deltas.listed(page.rows);
    boards.page('group', page.rows, '', page.next, clock.now);
    // The first escalation warns at 4 minutes on every ticket at once: every row changes, as after the risk watch's first pass.
    const deadlines = new DeadlineScheduler(engine, (keys) => deltas.touch(keys), manual.timers);
    deadlines.start();
    manual.advanceTo(START + 4 * MINUTE);
    expect(sent.map((delta) => delta.patches.length)).toEqual([MAX_ROWS_PER_PUSH, MAX_ROWS_PER_PUSH, 17]);
    expect(new Set(sent.flatMap((delta) => delta.patches.map((patch) => patch.key))).size).toBe(count);
    for (const held of boards.rows('group')) expect(held).toEqual(currentRow(engine, engine.openTicket(held.key)!));
    deadlines.stop();
    deltas.stop();
  });
});

// A window's grids follow the whole list's pages once a summary tick, as one
// transaction that takes them from where they were to where the store is
// (renderer/src/store/boardStore.ts, netTransaction.ts); the first rows,
// pushes and the last page reach them at once. Ticks come from the test's clock.
import { describe, expect, it } from 'vitest';
import { BoardStore, type RowTransaction } from '../../../renderer/src/store/boardStore';
import { manualTimers } from '../../support/timers';
import { row, T0 } from './fixtures';

const TICK_MS = 250;
const onGroup = (key: string, ticketId = key) => row(key, { boards: ['group'], ticketId });
const keysOf = (tx: RowTransaction) => ({ add: tx.add.map((r) => r.key), update: tx.update.map((r) => r.key), remove: tx.remove.map((r) => r.key) });

function rig() {
  const clock = { now: 0 };
  const manual = manualTimers(clock);
  const boards = new BoardStore((callback) => void manual.timers.set(callback, TICK_MS));
  const transactions: RowTransaction[] = [];
  boards.onTransaction((_level, tx) => transactions.push(tx));
  return { clock, manual, boards, transactions };
}

describe("the grids and the whole list's pages", () => {
  it('hold the pages until the tick, then have them as one transaction; the store has them at once', () => {
    const { clock, manual, boards, transactions } = rig();
    boards.preview('group', [onGroup('c')], T0);
    // The first rows are on the grid at once.
    expect(transactions.map(keysOf)).toEqual([{ add: ['c'], update: [], remove: [] }]);
    transactions.length = 0;

    boards.page('group', [onGroup('a'), onGroup('c', 'c2')], '', 'c', T0 + 1);
    boards.page('group', [onGroup('d'), onGroup('e')], 'c', 'e', T0 + 2);
    expect(transactions).toEqual([]);
    expect(boards.rows('group').map((r) => r.key).sort()).toEqual(['a', 'c', 'd', 'e']);
    expect(manual.pendingCount()).toBe(1);

    manual.advanceTo(clock.now + TICK_MS);
    expect(transactions.map(keysOf)).toEqual([{ add: ['a', 'd', 'e'], update: ['c'], remove: [] }]);
    expect(transactions[0]!.update[0]!.ticketId).toBe('c2');
  });

  it('hand a push over at once with the pages before it, each row at its latest, and what came and went not at all', () => {
    const { boards, transactions } = rig();
    boards.replace('group', [onGroup('b'), onGroup('x')], T0);
    transactions.length = 0;

    // The page drops b and brings a; then a push closes a, changes x and opens y.
    boards.page('group', [onGroup('a')], '', 'b', T0 + 1);
    boards.applyDelta({ at: T0 + 2, upserts: [onGroup('x', 'x2'), onGroup('y')], patches: [], removes: ['a'] });
    expect(transactions.map(keysOf)).toEqual([{ add: ['y'], update: ['x'], remove: ['b'] }]);
    expect(transactions[0]!.update[0]!.ticketId).toBe('x2');
  });

  it('have the last page at once, with the pages held before it', () => {
    const { manual, boards, transactions } = rig();
    boards.page('group', [onGroup('a')], '', 'a', T0);
    boards.page('group', [onGroup('b')], 'a', null, T0 + 1);
    expect(transactions.map(keysOf)).toEqual([{ add: ['a', 'b'], update: [], remove: [] }]);
    expect(boards.meta.get().loaded.group).toBe(true);
    // The tick still asked for finds nothing left.
    manual.advanceTo(TICK_MS);
    expect(transactions).toHaveLength(1);
  });

  it('give a grid created meanwhile nothing twice: it catches up before it takes the rows', () => {
    const { manual, boards, transactions } = rig();
    boards.page('group', [onGroup('a')], '', 'a', T0);
    boards.catchUp('group');
    expect(transactions.map(keysOf)).toEqual([{ add: ['a'], update: [], remove: [] }]);
    manual.advanceTo(TICK_MS);
    expect(transactions).toHaveLength(1);
  });

  it('follow every page at once in a store without a tick', () => {
    const boards = new BoardStore();
    const transactions: RowTransaction[] = [];
    boards.onTransaction((_level, tx) => transactions.push(tx));
    boards.page('group', [onGroup('a')], '', 'a', T0);
    expect(transactions.map(keysOf)).toEqual([{ add: ['a'], update: [], remove: [] }]);
  });
});

// Pushed board deltas wait for the next display frame and are applied there as
// one grid transaction per board, each ticket at its latest; a snapshot never
// lets older deltas overtake it. Frames come from the test's clock.
import { describe, expect, it } from 'vitest';
import { BoardStore, type RowTransaction } from '../../../renderer/src/store/boardStore';
import { DeltaBatcher, mergeDeltas, type RequestFrame } from '../../../renderer/src/store/frames';
import { manualTimers } from '../../support/timers';
import { row, T0 } from './fixtures';
import type { BoardDelta } from '../../../shared/contract';

const FRAME_MS = 1000 / 60;
const onGroup = (key: string, stage: 'accepted' | 'inRepair' = 'accepted') => row(key, { boards: ['group'], stage });

function rig() {
  const clock = { now: T0 };
  const manual = manualTimers(clock);
  const frames: RequestFrame = (callback) => void manual.timers.set(callback, FRAME_MS);
  const boards = new BoardStore();
  const transactions: RowTransaction[] = [];
  boards.onTransaction((level, tx) => level === 'group' && transactions.push(tx));
  const batcher = new DeltaBatcher(frames, (delta: BoardDelta) => boards.applyDelta(delta), mergeDeltas);
  return { clock, manual, boards, transactions, batcher };
}

describe('deltas applied per display frame', () => {
  it('applies every delta received before a frame as one transaction, each ticket at its latest', () => {
    const { clock, manual, boards, transactions, batcher } = rig();
    boards.replace('group', [onGroup('a'), onGroup('b'), onGroup('c')], T0);
    transactions.length = 0;

    batcher.push({ at: T0 + 1, upserts: [onGroup('a', 'inRepair'), onGroup('new')], patches: [], removes: ['c'] });
    batcher.push({ at: T0 + 2, upserts: [onGroup('c', 'inRepair')], patches: [], removes: ['b', 'new'] });
    batcher.push({ at: T0 + 3, upserts: [onGroup('a'), onGroup('late')], patches: [], removes: [] });
    expect(transactions).toEqual([]);
    expect(boards.meta.get().lastUpdateAt).toBe(T0);
    // One frame is asked for, however many pushes came.
    expect(manual.pendingCount()).toBe(1);

    manual.advanceTo(clock.now + FRAME_MS);
    expect(transactions).toEqual([{ add: [onGroup('late')], update: [onGroup('c', 'inRepair'), onGroup('a')], remove: [onGroup('b')] }]);
    expect(boards.rows('group').map((r) => r.key).sort()).toEqual(['a', 'c', 'late']);
    expect(boards.meta.get().lastUpdateAt).toBe(T0 + 3);
    expect(manual.pendingCount()).toBe(0);
  });

  it('applies waiting deltas before a snapshot received after them, and the frame then has nothing left', () => {
    const { clock, manual, boards, transactions, batcher } = rig();
    batcher.push({ at: T0 + 1, upserts: [onGroup('a', 'inRepair')], patches: [], removes: [] });
    // The snapshot was taken after that delta: it holds a's newer row and not b.
    batcher.flush();
    boards.replace('group', [onGroup('a')], T0 + 2);
    manual.advanceTo(clock.now + FRAME_MS);
    expect(boards.rows('group')).toEqual([onGroup('a')]);
    expect(transactions).toHaveLength(2);
  });
});

describe('mergeDeltas', () => {
  it('keeps a removal made in the same delta as an upsert, as the store applies one delta', () => {
    const merged = mergeDeltas([
      { at: T0, upserts: [onGroup('x')], patches: [], removes: [] },
      { at: T0 + 1, upserts: [onGroup('x', 'inRepair')], patches: [], removes: ['x'] },
    ]);
    expect(merged).toEqual({ at: T0 + 1, upserts: [], patches: [], removes: ['x'] });
  });
});

describe('deltas of patches', () => {
  it('lays patches over the rows held, the rows of earlier deltas and earlier patches, and drops one to a row not held', () => {
    const { clock, manual, boards, transactions, batcher } = rig();
    boards.replace('group', [onGroup('a'), onGroup('b')], T0);
    transactions.length = 0;
    batcher.push({ at: T0 + 1, upserts: [], patches: [{ key: 'a', handler: '值守1' }, { key: 'unknown', handler: '值守9' }], removes: [] });
    batcher.push({ at: T0 + 2, upserts: [onGroup('c')], patches: [{ key: 'a', stage: 'inRepair' }], removes: [] });
    batcher.push({ at: T0 + 3, upserts: [], patches: [{ key: 'c', handler: '值守3' }, { key: 'b', boards: [] }], removes: [] });
    clock.now += FRAME_MS;
    manual.advanceTo(clock.now);
    expect(transactions).toHaveLength(1);
    const [tx] = transactions;
    expect(tx!.add.map((r) => [r.key, r.handler])).toEqual([['c', '值守3']]);
    expect(tx!.update.map((r) => [r.key, r.handler, r.stage])).toEqual([['a', '值守1', 'inRepair']]);
    expect(tx!.remove.map((r) => r.key)).toEqual(['b']);
    expect(boards.row('group', 'unknown')).toBeUndefined();
    expect(boards.row('group', 'a')).toEqual({ ...onGroup('a'), handler: '值守1', stage: 'inRepair' });
  });
});

// A board's first rows arrive ahead of its whole list (board:list with
// `first`): they show at once, the board does not count as loaded on them, and
// the whole list then settles what the board holds, pushes in between included.
import { describe, expect, it } from 'vitest';
import { BoardStore, type RowTransaction } from '../../../renderer/src/store/boardStore';
import { row, T0 } from './fixtures';

const onProvince = (key: string) => row(key, { boards: ['province'] });

describe('the board store, first rows then the whole list', () => {
  it('shows a preview without removing rows or counting the board as loaded, and the whole list settles it', () => {
    const boards = new BoardStore();
    const transactions: RowTransaction[] = [];
    boards.onTransaction((_level, tx) => transactions.push(tx));
    // Rows from before a reconnect: the preview must not drop them, only the whole list may.
    boards.replace('province', [onProvince('old'), onProvince('a')], T0);
    transactions.length = 0;

    boards.preview('province', [onProvince('a'), onProvince('b')], T0 + 1);
    expect(boards.meta.get().loaded).toEqual({ group: false, province: true });
    expect(boards.rows('province').map((r) => r.key).sort()).toEqual(['a', 'b', 'old']);
    expect(transactions).toEqual([{ add: [onProvince('b')], update: [onProvince('a')], remove: [] }]);

    // A push between the preview and the whole list: it closes b.
    boards.applyDelta({ at: T0 + 2, upserts: [], patches: [], removes: ['b'] });
    boards.replace('province', [onProvince('a'), onProvince('c')], T0 + 3);
    expect(boards.rows('province').map((r) => r.key).sort()).toEqual(['a', 'c']);
    expect(boards.meta.get().lastUpdateAt).toBe(T0 + 3);
  });

  it('does not count a board as loaded on its first rows alone', () => {
    const boards = new BoardStore();
    boards.preview('group', [row('x', { boards: ['group'] })], T0);
    expect(boards.meta.get().loaded.group).toBe(false);
    expect(boards.rows('group')).toHaveLength(1);
  });
});

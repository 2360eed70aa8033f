// A board's first rows arrive ahead of its whole list (board:list with
// `first`): they show at once, the board does not count as loaded on them, and
// the whole list then settles what the board holds, pushes in between included.
import { describe, expect, it } from 'vitest';
import { BoardStore, type RowTransaction } from '../../../renderer/src/store/boardStore';
import { countStates } from '../../../shared/board/urgency';
import { clock, row, T0 } from './fixtures';

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

  it('settles the whole list page by page: each page its range of keys, pushes in between kept, loaded with the last', () => {
    const boards = new BoardStore();
    const onGroup = (key: string, ticketId = key) => row(key, { boards: ['group'], ticketId });
    // Held before: a preview (c), a row gone since (b), a row the page after this one settles (x).
    boards.replace('group', [onGroup('b'), onGroup('x')], T0);
    boards.preview('group', [onGroup('c')], T0 + 1);
    const transactions: RowTransaction[] = [];
    boards.onTransaction((_level, tx) => transactions.push(tx));

    boards.page('group', [onGroup('a'), onGroup('c', 'c2')], '', 'c', T0 + 2);
    expect(transactions).toEqual([{ add: [onGroup('a')], update: [onGroup('c', 'c2')], remove: [onGroup('b')] }]);
    expect(boards.meta.get().loaded.group).toBe(true); // from the replace before: a reconnect keeps showing the board
    expect(boards.rows('group').map((r) => r.key).sort()).toEqual(['a', 'c', 'x']);

    // A push after the first page: it changes c (held) and opens y (in the next page's range).
    boards.applyDelta({ at: T0 + 3, upserts: [onGroup('c', 'c3'), onGroup('y')], patches: [], removes: [] });
    boards.page('group', [onGroup('y')], 'c', null, T0 + 4);
    expect(boards.rows('group').map((r) => r.key).sort()).toEqual(['a', 'c', 'y']);
    expect(boards.row('group', 'c')?.ticketId).toBe('c3');
    expect(boards.meta.get().lastUpdateAt).toBe(T0 + 4);
  });

  it('counts a board as loaded only with its last page', () => {
    const boards = new BoardStore();
    boards.page('group', [row('a', { boards: ['group'] })], '', 'a', T0);
    expect(boards.meta.get().loaded.group).toBe(false);
    boards.page('group', [row('b', { boards: ['group'] })], 'a', null, T0 + 1);
    expect(boards.meta.get().loaded.group).toBe(true);
    expect(boards.rows('group').map((r) => r.key).sort()).toEqual(['a', 'b']);
  });
});

describe("the board store's meta", () => {
  it('moves membership only when a board gains or loses a row, revision on every change', () => {
    const boards = new BoardStore();
    const onGroup = (key: string, handler = '值守1') => row(key, { boards: ['group'], handler });
    const meta = () => ({ revision: boards.meta.get().revision, membership: boards.meta.get().membership });
    boards.replace('group', [onGroup('a'), onGroup('b')], T0);
    expect(meta()).toEqual({ revision: 1, membership: 1 });
    // A row changes: every board look recomputes, a look at which rows are held does not.
    boards.applyDelta({ at: T0 + 1, upserts: [onGroup('a', '值守2')], patches: [{ key: 'b', handler: '值守3' }], removes: [] });
    expect(meta()).toEqual({ revision: 2, membership: 1 });
    // A row joins (a ticket new to the boards), one leaves (closed), one moves to the other board.
    boards.applyDelta({ at: T0 + 2, upserts: [onGroup('c')], patches: [], removes: [] });
    expect(meta()).toEqual({ revision: 3, membership: 2 });
    boards.applyDelta({ at: T0 + 3, upserts: [], patches: [], removes: ['c'] });
    expect(meta()).toEqual({ revision: 4, membership: 3 });
    boards.applyDelta({ at: T0 + 4, upserts: [row('a', { boards: ['province'] })], patches: [], removes: [] });
    expect(meta()).toEqual({ revision: 5, membership: 4 });
    expect(boards.row('province', 'a')).toBeDefined();
    expect(boards.row('group', 'a')).toBeUndefined();
  });

  it("lists a board's rows once until that board changes", () => {
    const boards = new BoardStore();
    boards.replace('group', [row('a', { boards: ['group'] })], T0);
    boards.replace('province', [row('p', { boards: ['province'] })], T0);
    const listed = boards.rows('group');
    expect(boards.rows('group')).toBe(listed);
    // The other board changes: this one's list stays.
    boards.applyDelta({ at: T0 + 1, upserts: [row('q', { boards: ['province'] })], patches: [], removes: [] });
    expect(boards.rows('group')).toBe(listed);
    boards.applyDelta({ at: T0 + 2, upserts: [], patches: [{ key: 'a', handler: '值守9' }], removes: [] });
    expect(boards.rows('group')).not.toBe(listed);
    expect(boards.rows('group').map((r) => r.handler)).toEqual(['值守9']);
    expect(listed.map((r) => r.key)).toEqual(['a']);
  });

  it('counts a board once per instant and list, as countStates counts it', () => {
    const boards = new BoardStore();
    const breached = row('b', { boards: ['group'], clocks: [clock({ state: 'ok', dueAt: T0 + 60_000 })] });
    boards.replace('group', [row('a', { boards: ['group'] }), breached], T0);
    const first = boards.counts('group', T0);
    expect(first).toEqual(countStates(boards.rows('group'), T0));
    expect(boards.counts('group', T0)).toBe(first);
    // Time alone moves a count: the clock runs past its due time.
    expect(boards.counts('group', T0 + 120_000)).toEqual(countStates(boards.rows('group'), T0 + 120_000));
    expect(boards.counts('group', T0 + 120_000).breached).toBe(first.breached + 1);
    boards.applyDelta({ at: T0 + 1, upserts: [], patches: [], removes: ['b'] });
    expect(boards.counts('group', T0 + 120_000)).toEqual(countStates(boards.rows('group'), T0 + 120_000));
    expect(boards.counts('group', T0 + 120_000).total).toBe(1);
  });
});

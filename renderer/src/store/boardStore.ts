import type { BoardDelta, BoardLevel, BoardRow, BoardRowPatch } from '../../../shared/contract';
import { patchedRow } from '../../../shared/board/patch';
import { inPage } from '../../../shared/board/page';
import { countStates, type StateCounts } from '../../../shared/board/urgency';
import { NetTransaction } from './netTransaction';
import { Observable } from './observable';

/** What one board's grid must do to catch up: ag-grid's transaction shape. */
export interface RowTransaction {
  add: BoardRow[];
  update: BoardRow[];
  remove: BoardRow[];
}

export interface BoardMeta {
  /** Bumped on every change so selectors (counts, wall rows) recompute. */
  revision: number;
  /**
   * Bumped when a board gains or loses a row, not when a row changes: what
   * follows only which rows the boards hold (the alarms an unfiltered screen
   * shows) recomputes on it, not on every revision.
   */
  membership: number;
  loaded: Record<BoardLevel, boolean>;
  /** When main last told us anything about the boards. */
  lastUpdateAt: number | null;
}

const LEVELS: readonly BoardLevel[] = ['group', 'province'];

/**
 * Both boards' open tickets, kept by key. Snapshots (at start, after a
 * reconnect) and pushed deltas both end as per-board transactions, so a grid
 * never reloads and keeps its scroll position and selection.
 */
export class BoardStore {
  private readonly rowsByLevel: Record<BoardLevel, Map<string, BoardRow>> = { group: new Map(), province: new Map() };
  /** The whole lists' pages the grids have not had yet (see `page`). */
  private readonly pagesHeld: Record<BoardLevel, NetTransaction> = { group: new NetTransaction(), province: new NetTransaction() };
  private pagesDue = false;
  private readonly listeners = new Set<(level: BoardLevel, tx: RowTransaction) => void>();
  readonly meta = new Observable<BoardMeta>({ revision: 0, membership: 0, loaded: { group: false, province: false }, lastUpdateAt: null });
  /** Each board's counts as `counts` last counted them: its rows then, and the instant. */
  private readonly counted: Record<BoardLevel, { rows: readonly BoardRow[]; now: number; counts: StateCounts } | null> = { group: null, province: null };
  /** Each board's rows as `rows` last listed them, until the board changes. */
  private readonly listed: Record<BoardLevel, readonly BoardRow[] | null> = { group: null, province: null };
  /** A row was added or removed since the meta last moved. */
  private joinedOrLeft = false;

  /**
   * `pageTick`: when the grids catch up with the whole lists' pages (the
   * summary's tick in a window); without one, at once.
   */
  constructor(private readonly pageTick?: (callback: () => void) => void) {}

  /**
   * A board's rows, the same array until the board next changes: the board
   * page, the navigation's count and the wall each list them on every summary,
   * a copy of 10,000 rows each time (profiled). Never changed by its readers.
   */
  rows(level: BoardLevel): readonly BoardRow[] {
    return (this.listed[level] ??= [...this.rowsByLevel[level].values()]);
  }

  /**
   * A board's rows counted by state at `now` (shared/board/urgency), once for
   * every part of a screen that shows them at that instant (the board page and
   * the navigation each counted 10,000 rows, profiled).
   */
  counts(level: BoardLevel, now: number): StateCounts {
    const rows = this.rows(level);
    const last = this.counted[level];
    if (last?.rows === rows && last.now === now) return last.counts;
    const counts = countStates(rows, now);
    this.counted[level] = { rows, now, counts };
    return counts;
  }

  /** One row of a board by its key, if the board holds it. */
  row(level: BoardLevel, key: string): BoardRow | undefined {
    return this.rowsByLevel[level].get(key);
  }

  onTransaction(listener: (level: BoardLevel, tx: RowTransaction) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  replace(level: BoardLevel, rows: readonly BoardRow[], at: number): void {
    const current = this.rowsByLevel[level];
    const incoming = new Map(rows.map((row) => [row.key, row]));
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const [key, row] of current) if (!incoming.has(key)) tx.remove.push(row);
    for (const [key, row] of incoming) (current.has(key) ? tx.update : tx.add).push(row);
    this.commit(level, tx);
    this.touch(at, level);
  }

  /**
   * The most urgent rows of a board, ahead of its whole list: added or
   * updated, nothing removed, and the board not yet loaded (its counts are
   * not shown as if they were the whole board's).
   */
  preview(level: BoardLevel, rows: readonly BoardRow[], at: number): void {
    const current = this.rowsByLevel[level];
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const row of rows) (current.has(row.key) ? tx.update : tx.add).push(row);
    this.commit(level, tx);
    this.touch(at);
  }

  /**
   * One page of a board's whole list (board:list with `after`), as it stood at
   * `at`: it settles the keys from after `after` to `next` (to the end when
   * `next` is null) as replace() settles the whole board, the rows held there
   * and not in it removed. The board counts as loaded with its last page.
   */
  page(level: BoardLevel, rows: readonly BoardRow[], after: string, next: string | null, at: number): void {
    const current = this.rowsByLevel[level];
    const incoming = new Map(rows.map((row) => [row.key, row]));
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const [key, row] of current) if (inPage(key, after, next) && !incoming.has(key)) tx.remove.push(row);
    for (const [key, row] of incoming) (current.has(key) ? tx.update : tx.add).push(row);
    this.commit(level, tx, { held: this.pageTick !== undefined && next !== null });
    this.touch(at, next === null ? level : undefined);
  }

  /**
   * Hands the grids every page they have not had, as one transaction a board.
   * A grid created from `rows` calls it first: what it was held back is in
   * those rows already.
   */
  catchUp(level?: BoardLevel): void {
    for (const each of level ? [level] : LEVELS) {
      const held = this.pagesHeld[each];
      if (!held.empty) this.notify(each, held.take(this.rowsByLevel[each]));
    }
  }

  applyDelta(delta: BoardDelta): void {
    const removed = new Set(delta.removes);
    const upserts = delta.patches.length === 0 ? delta.upserts : [...delta.upserts, ...this.patched(delta.patches)];
    for (const level of LEVELS) {
      const current = this.rowsByLevel[level];
      const tx: RowTransaction = { add: [], update: [], remove: [] };
      for (const key of removed) {
        const row = current.get(key);
        if (row) tx.remove.push(row);
      }
      for (const row of upserts) {
        if (removed.has(row.key)) continue;
        const old = current.get(row.key);
        if (row.boards.includes(level)) (old ? tx.update : tx.add).push(row);
        else if (old) tx.remove.push(old);
      }
      this.commit(level, tx);
    }
    this.touch(delta.at);
  }

  /**
   * The rows the patches make of the rows held. A patch to a row not held is
   * dropped: the screen's boards are loading, and their lists, which come
   * after it, hold the change.
   */
  private patched(patches: readonly BoardRowPatch[]): BoardRow[] {
    const rows: BoardRow[] = [];
    for (const patch of patches) {
      const held = this.rowsByLevel.group.get(patch.key) ?? this.rowsByLevel.province.get(patch.key);
      const row = held && patchedRow(held, patch);
      if (row) rows.push(row);
    }
    return rows;
  }

  /**
   * `held`: the grids have it with the next page tick, not now. A whole list's
   * pages come some thirty a second; each was a grid transaction that merged
   * its rows with the thousands held (delta sort) and made the grid measure
   * its new height (a forced layout).
   */
  private commit(level: BoardLevel, tx: RowTransaction, { held = false } = {}): void {
    if (tx.add.length + tx.update.length + tx.remove.length === 0) return;
    const current = this.rowsByLevel[level];
    for (const row of tx.remove) current.delete(row.key);
    for (const row of [...tx.add, ...tx.update]) current.set(row.key, row);
    this.listed[level] = null;
    if (tx.add.length + tx.remove.length > 0) this.joinedOrLeft = true;
    if (held) {
      this.pagesHeld[level].add(tx);
      if (!this.pagesDue) {
        this.pagesDue = true;
        this.pageTick!(() => {
          this.pagesDue = false;
          this.catchUp();
        });
      }
      return;
    }
    // Whatever this changes comes after the pages held: the grid has those first.
    const pages = this.pagesHeld[level];
    if (!pages.empty) {
      pages.add(tx);
      this.notify(level, pages.take(current));
    } else this.notify(level, tx);
  }

  private notify(level: BoardLevel, tx: RowTransaction): void {
    if (tx.add.length + tx.update.length + tx.remove.length === 0) return;
    for (const listener of this.listeners) listener(level, tx);
  }

  private touch(at: number, loadedLevel?: BoardLevel): void {
    const joinedOrLeft = this.joinedOrLeft;
    this.joinedOrLeft = false;
    this.meta.update((meta) => ({
      revision: meta.revision + 1,
      membership: meta.membership + (joinedOrLeft ? 1 : 0),
      loaded: loadedLevel ? { ...meta.loaded, [loadedLevel]: true } : meta.loaded,
      lastUpdateAt: Math.max(at, meta.lastUpdateAt ?? 0),
    }));
  }
}

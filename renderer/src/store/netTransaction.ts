// Several transactions of one board as the one that takes its grid from where
// they found it to where the store is now: what the whole list's pages become
// when the grid follows them once a summary tick (boardStore.ts).
import type { BoardRow } from '../../../shared/contract';
import type { RowTransaction } from './boardStore';

export class NetTransaction {
  /** Each key touched since the last `take`: the row the grid held then (any row of that key), or null when it held none. */
  private readonly before = new Map<string, BoardRow | null>();

  get empty(): boolean {
    return this.before.size === 0;
  }

  /** A transaction the store made and the grid has not had. */
  add(tx: RowTransaction): void {
    for (const row of tx.add) if (!this.before.has(row.key)) this.before.set(row.key, null);
    for (const row of [...tx.update, ...tx.remove]) if (!this.before.has(row.key)) this.before.set(row.key, row);
  }

  /** The grid's one transaction to the store's `current` rows; starts over. */
  take(current: ReadonlyMap<string, BoardRow>): RowTransaction {
    const tx: RowTransaction = { add: [], update: [], remove: [] };
    for (const [key, held] of this.before) {
      const now = current.get(key);
      if (now) (held ? tx.update : tx.add).push(now);
      else if (held) tx.remove.push(held);
    }
    this.before.clear();
    return tx;
  }
}

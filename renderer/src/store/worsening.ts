import type { BoardRow } from '../../../shared/contract';
import { rowState, severity } from './urgency';

/**
 * Remembers each row's severity so a row flashes exactly once when it gets
 * worse (a delta, or a deadline passing), never on every tick.
 */
export class WorseningTracker {
  private readonly seen = new Map<string, number>();

  /** Keys of rows that are worse than last time; rows seen for the first time are not. */
  observe(rows: Iterable<BoardRow>, now: number): string[] {
    const worse: string[] = [];
    const present = new Set<string>();
    for (const row of rows) {
      present.add(row.key);
      const level = severity(rowState(row, now));
      const before = this.seen.get(row.key);
      if (before !== undefined && level > before) worse.push(row.key);
      this.seen.set(row.key, level);
    }
    for (const key of this.seen.keys()) if (!present.has(key)) this.seen.delete(key);
    return worse;
  }
}

// The clocks the breach risk learns from (core/risk): every clock that started
// in a window, with what its row says of how it ran, from the index
// clocks_started_at by its range of start instants.
import { perConnection, prepareRead, type ReadDb } from './read';

export interface RiskClockRow {
  source: string;
  ticket_id: string;
  name: string;
  idx: number;
  city: string | null;
  service: string | null;
  tier: string | null;
  circuit_level: string | null;
  started_at: number;
  due_at: number | null;
  stopped_at: number | null;
  elapsed_ms: number | null;
  limit_ms: number;
  breach_at: number | null;
}

/** Some of the clocks started in a range, in order of their start, and where the rest begin. */
export interface RiskClockPage {
  rows: RiskClockRow[];
  /** The start instant the next page reads from; null when the range is read. */
  next: number | null;
}

const COLUMNS = `c.source, c.ticket_id, c.name, c.idx, c.city, c.service, c.tier, c.circuit_level, c.started_at, c.due_at,
            c.stopped_at, c.elapsed_ms, c.limit_ms, c.breach_at`;

export const riskReads = perConnection((db: ReadDb) => {
  const started = prepareRead<[number, number], RiskClockRow>(db, `SELECT ${COLUMNS} FROM clocks c WHERE c.started_at >= ? AND c.started_at <= ?`);
  // In the index's order, so the first `limit` need no sort.
  const firstStarted = prepareRead<[number, number, number], RiskClockRow>(
    db,
    `SELECT ${COLUMNS} FROM clocks c WHERE c.started_at >= ? AND c.started_at <= ? ORDER BY c.started_at LIMIT ?`,
  );
  return {
    /** Clocks started in [from, to], in no particular order. */
    startedBetween: (from: number, to: number): RiskClockRow[] => started.all(from, to),
    /**
     * About `limit` of the clocks started in [from, to], the earliest first: the
     * clocks of the last instant read are left to the next page, unless every
     * clock read started at that instant (then all of its clocks are read).
     */
    startedPage(from: number, to: number, limit: number): RiskClockPage {
      const rows = firstStarted.all(from, to, limit);
      if (rows.length < limit) return { rows, next: null };
      const last = rows[rows.length - 1]!.started_at;
      let cut = rows.length - 1;
      while (cut > 0 && rows[cut - 1]!.started_at === last) cut -= 1;
      if (cut > 0) return { rows: rows.slice(0, cut), next: last };
      return { rows: started.all(last, last), next: last < to ? last + 1 : null };
    },
  };
});

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

export const riskReads = perConnection((db: ReadDb) => {
  const started = prepareRead<[number, number], RiskClockRow>(
    db,
    `SELECT c.source, c.ticket_id, c.name, c.idx, c.city, c.service, c.tier, c.circuit_level, c.started_at, c.due_at,
            c.stopped_at, c.elapsed_ms, c.limit_ms, c.breach_at
       FROM clocks c WHERE c.started_at >= ? AND c.started_at <= ?`,
  );
  return {
    /** Clocks started in [from, to], in no particular order. */
    startedBetween: (from: number, to: number): RiskClockRow[] => started.all(from, to),
  };
});

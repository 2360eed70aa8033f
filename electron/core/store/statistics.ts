// The SQL of the statistics (heatmap/stats.ts): the period's tickets counted
// per city and day from the covering index tickets_statistics (migration
// 0005), with their response times listed for the medians. Grouped in SQL: a
// row per ticket took three times as long to hand to JavaScript (21,906 rows:
// 35 ms against 10 ms on a loaded 2-core machine).
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { perConnection, prepareRead, type ReadDb } from './read';

const DAY_MS = 86_400_000;

/** The tickets of one city and day, in column order. */
export type TicketCountsRow = [
  city: string | null,
  day: number,
  tickets: number,
  /** Repaired by the period's end. */
  resolved: number,
  /** With a call-back's satisfaction. */
  callbacks: number,
  satisfied: number,
  /** Response times (accepted into the system → accepted by a handler, by the period's end), comma-separated; null when none. */
  responses: string | null,
];

export const statisticsReads = perConnection((db: ReadDb) => {
  const counts = prepareRead<[{ from: number; to: number }], TicketCountsRow>(
    db,
    `SELECT city, (repair_started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS} AS day, COUNT(*) AS tickets,
       SUM(repaired_at IS NOT NULL AND repaired_at <= @to) AS resolved, SUM(satisfaction IS NOT NULL) AS callbacks,
       SUM(satisfaction IS 'satisfied') AS satisfied,
       group_concat(CASE WHEN accept_stopped_at <= @to THEN accept_stopped_at - repair_started_at END) AS responses
     FROM tickets WHERE repair_started_at >= @from AND repair_started_at < @to
     GROUP BY city, day`,
  ).raw(true);
  return {
    /** The tickets accepted into the system in [from, to), per city and Shanghai day. */
    countsOfPeriod: (period: { from: number; to: number }): TicketCountsRow[] => counts.all(period),
  };
});

// The SQL of the statistics (heatmap/stats.ts): the period's tickets counted
// per city and day from the covering index tickets_statistics (migrations
// 0005 and 0015), with their response times listed for the medians. Grouped in SQL: a
// row per ticket took three times as long to hand to JavaScript (21,906 rows:
// 35 ms against 10 ms on a loaded 2-core machine), and by day first: the
// grouping's sort compared the integer day before the city's text (14-15 ms
// of CPU against 15-17 in alternating runs over 22,581 tickets); the index is
// now keyed by the day, so nothing is sorted (migration 0015).
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { shanghaiDayIndex } from '../../../shared/heatmap/period';
import { perConnection, prepareRead, type ReadDb } from './read';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The tickets of one city and day (and hour, when asked by the hour), in column order. */
export type TicketCountsRow = [
  city: string | null,
  day: number,
  /** The hour index (epoch ms / 1 h) when counted by the hour, else null. */
  hour: number | null,
  tickets: number,
  /** Repaired by the period's end. */
  resolved: number,
  /** With a call-back's satisfaction. */
  callbacks: number,
  satisfied: number,
  /** Response times (accepted into the system → accepted by a handler, by the period's end), comma-separated; null when none. */
  responses: string | null,
];

// The day's expression is the first column of the index tickets_statistics (migration 0015): grouped by it, then
// by city, the rows come in the index's order with no sort; the range of days finds them, the instants cut them.
const DAY = `(repair_started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
const countsBy = (hour: string | null) => `SELECT city, ${DAY} AS day, ${hour ?? 'NULL'} AS hour, COUNT(*) AS tickets,
       SUM(repaired_at IS NOT NULL AND repaired_at <= @to) AS resolved, SUM(satisfaction IS NOT NULL) AS callbacks,
       SUM(satisfaction IS 'satisfied') AS satisfied,
       group_concat(CASE WHEN accept_stopped_at <= @to THEN accept_stopped_at - repair_started_at END) AS responses
     FROM tickets WHERE ${DAY} BETWEEN @firstDay AND @lastDay AND repair_started_at >= @from AND repair_started_at < @to
     GROUP BY ${DAY}, city${hour === null ? '' : ', hour'}`;

export const statisticsReads = perConnection((db: ReadDb) => {
  type Range = { from: number; to: number; firstDay: number; lastDay: number };
  const byDay = prepareRead<[Range], TicketCountsRow>(db, countsBy(null)).raw(true);
  // The hourly trend of a short period (up to three days: a few hundred groups).
  const byHour = prepareRead<[Range], TicketCountsRow>(db, countsBy(`repair_started_at / ${HOUR_MS}`)).raw(true);
  return {
    /** The tickets accepted into the system in [from, to), per city and Shanghai day, and per hour if asked. */
    countsOfPeriod: (period: { from: number; to: number }, options: { hourly: boolean }): TicketCountsRow[] =>
      (options.hourly ? byHour : byDay).all({ ...period, firstDay: shanghaiDayIndex(period.from), lastDay: shanghaiDayIndex(period.to - 1) }),
  };
});

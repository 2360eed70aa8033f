// The SQL of the statistics (heatmap/stats.ts): the period's tickets counted
// per city and day from the covering index tickets_statistics (migrations
// 0005 and 0015), with the instants that decide what each had done by the
// period's end listed (one row per city and day: a row per ticket took three
// times as long to hand to JavaScript). Grouped by day first: the index is
// keyed by the day, so nothing is sorted (migration 0015). Whether a ticket was
// repaired, and its response time known, by the end `to` is decided here in
// JavaScript from those instants, so the whole days of a period are kept by
// the read connection at their versions (migration 0017, store/day-versions.ts)
// and serve any `to`; the partial days at its edges are read each time.
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { shanghaiDayIndex } from '../../../shared/heatmap/period';
import { DayCache, dayVersionReads } from './day-versions';
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
  /** Response times (accepted into the system → accepted by a handler, by the period's end). */
  responses: number[],
];

/** The tickets of one city and day (and hour) with the instants that decide the counts at any end: NaN for none. */
interface TicketLists {
  key: [city: string | null, day: number, hour: number | null];
  tickets: number;
  callbacks: number;
  satisfied: number;
  repairedAt: Float64Array;
  acceptStoppedAt: Float64Array;
  responses: Float64Array;
}

type ListsRow = [string | null, number, number | null, number, number, number, string, string, string];

// The day's expression is the first column of the index tickets_statistics (migration 0015): grouped by it, then
// by city, the rows come in the index's order with no sort; the range of days finds them, the instants cut them.
// Satisfaction is the ticket's latest call-back as the cache knows it: call-backs come after closing, so the
// period's end would hide most of them.
const DAY = `(repair_started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
const listsBy = (hour: string | null) => `SELECT city, ${DAY} AS day, ${hour ?? 'NULL'} AS hour, COUNT(*) AS tickets,
       SUM(satisfaction IS NOT NULL) AS callbacks, SUM(satisfaction IS 'satisfied') AS satisfied,
       json_group_array(repaired_at) AS repaired_at, json_group_array(accept_stopped_at) AS accept_stopped_at,
       json_group_array(accept_stopped_at - repair_started_at) AS responses
     FROM tickets WHERE ${DAY} BETWEEN @firstDay AND @lastDay AND repair_started_at >= @from AND repair_started_at < @to
     GROUP BY ${DAY}, city${hour === null ? '' : ', hour'}`;

const instants = (list: string) => Float64Array.from(JSON.parse(list) as (number | null)[], (at) => (at === null ? NaN : at));

/** The counts of `lists` at `at` (as the SQL `repaired_at <= @to`, `CASE WHEN accept_stopped_at <= @to`). */
function countsAt(lists: TicketLists, at: number): TicketCountsRow {
  let resolved = 0;
  const responses: number[] = [];
  for (let i = 0; i < lists.tickets; i += 1) {
    if (lists.repairedAt[i]! <= at) resolved += 1;
    if (lists.acceptStoppedAt[i]! <= at) responses.push(lists.responses[i]!);
  }
  return [...lists.key, lists.tickets, resolved, lists.callbacks, lists.satisfied, responses];
}

export const statisticsReads = perConnection((db: ReadDb) => {
  type Range = { from: number; to: number; firstDay: number; lastDay: number };
  const byDay = prepareRead<[Range], ListsRow>(db, listsBy(null)).raw(true);
  // The hourly trend of a short period (up to three days: a few hundred groups).
  const byHour = prepareRead<[Range], ListsRow>(db, listsBy(`repair_started_at / ${HOUR_MS}`)).raw(true);
  const days = dayVersionReads(db);
  const kept = new DayCache<TicketLists[]>();
  const listsOf = (period: { from: number; to: number }, hourly: boolean): TicketLists[] =>
    (hourly ? byHour : byDay)
      .all({ ...period, firstDay: shanghaiDayIndex(period.from), lastDay: shanghaiDayIndex(period.to - 1) })
      .map(([city, day, hour, tickets, callbacks, satisfied, repairedAt, acceptStoppedAt, responses]) => ({
        key: [city, day, hour],
        tickets,
        callbacks,
        satisfied,
        repairedAt: instants(repairedAt),
        acceptStoppedAt: instants(acceptStoppedAt),
        responses: instants(responses),
      }));
  return {
    /**
     * The tickets accepted into the system in [from, to), per city and Shanghai day, and per hour if asked,
     * as they stood at `to`: the whole days of a daily count as kept at their versions.
     */
    countsOfPeriod: (period: { from: number; to: number }, options: { hourly: boolean }): TicketCountsRow[] => {
      const at = (lists: TicketLists[]) => lists.map((one) => countsAt(one, period.to));
      const first = Math.ceil((period.from + SHANGHAI_OFFSET_MS) / DAY_MS);
      const end = Math.floor((period.to + SHANGHAI_OFFSET_MS) / DAY_MS);
      if (options.hourly || first >= end) return at(listsOf(period, options.hourly));
      const version = days.versions(first, end);
      const rows: TicketCountsRow[] = [];
      const start = first * DAY_MS - SHANGHAI_OFFSET_MS;
      const stop = end * DAY_MS - SHANGHAI_OFFSET_MS;
      if (period.from < start) rows.push(...at(listsOf({ from: period.from, to: start }, false)));
      for (let day = first; day < end; day += 1) {
        const dayStart = day * DAY_MS - SHANGHAI_OFFSET_MS;
        rows.push(...at(kept.get(day, version(day), () => listsOf({ from: dayStart, to: dayStart + DAY_MS }, false))));
      }
      if (stop < period.to) rows.push(...at(listsOf({ from: stop, to: period.to }, false)));
      return rows;
    },
  };
});

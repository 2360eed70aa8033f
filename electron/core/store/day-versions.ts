// The versions of the clocks' start days (migration 0017) and the read
// connection's cache of whole days built on them (issue 19). The heatmaps and
// statistics of a month read the same past days again and again, and reading
// their breached clocks and tickets was most of their time (about 21,900
// breached clocks and 22,600 tickets over 30 days of a million tickets); a
// day's data is kept per connection with the version it was read at, and read
// again only when the version moved: every write that changes a clock row
// started on that day, or the statistics columns of a ticket whose repair
// started on it, raises the day's version in the same batch (store/rollups.ts),
// so a late event that changes the past is seen at the next read. Whatever
// depends on the instant asked about (breached by `to`, the overrun, repaired
// by `to`) is kept as instants and decided per query.
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { perConnection, prepareRead, type ReadDb } from './read';
import { defineWrite } from './statements';

const DAY_MS = 86_400_000;

/** Raises one day's version. */
export const BUMP_DAY = defineWrite(
  'INSERT INTO clock_day_versions (day, version) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET version = version + 1',
);

/** Raises the version of the start day of every clock `clocks` selects (alias c, a SQL FROM ... WHERE ...): before they are deleted. */
export const bumpDaysOfSql = (clocks: string): string =>
  `INSERT INTO clock_day_versions (day, version)
   SELECT (c.started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}, 1 ${clocks} AND c.started_at IS NOT NULL GROUP BY 1
   ON CONFLICT (day) DO UPDATE SET version = version + 1`;

/** Raises every day's version (a rebuild clears the projection: nothing read before it stands). */
export const BUMP_EVERY_DAY = defineWrite('UPDATE clock_day_versions SET version = version + 1');

/**
 * How many days a cache keeps (the least recently used go first): four months,
 * the 30-day preset four times over; about 4 MB a grouping on a million tickets' cache.
 */
const KEPT_DAYS = 120;

/** Days' data, each kept with the version it was read at. */
export class DayCache<T> {
  private readonly days = new Map<number, { version: number; data: T }>();

  constructor(private readonly kept = KEPT_DAYS) {}

  /** The day's data at `version`, read by `load` unless kept at that version. */
  get(day: number, version: number, load: (day: number) => T): T {
    const kept = this.days.get(day);
    if (kept) this.days.delete(day);
    const entry = kept && kept.version === version ? kept : { version, data: load(day) };
    this.days.set(day, entry);
    if (this.days.size > this.kept) this.days.delete(this.days.keys().next().value!);
    return entry.data;
  }
}

export const dayVersionReads = perConnection((db: ReadDb) => {
  const range = prepareRead<[{ first: number; end: number }], [number, number]>(
    db,
    'SELECT day, version FROM clock_day_versions WHERE day >= @first AND day < @end',
  ).raw(true);
  return {
    /** The version of each day in [first, end) (0 for a day never written). */
    versions: (first: number, end: number): (day: number) => number => {
      const versions = new Map(range.all({ first, end }));
      return (day) => versions.get(day) ?? 0;
    },
  };
});

// A version per Shanghai start day of the clocks (issue 19), for the read
// connection's cache of whole days (store/day-versions.ts): every write that
// changes a clock row started on a day, or the statistics columns of a ticket
// whose repair started on it, raises that day's version in the same batch
// (store/rollups.ts), so a day's data cached at a version is the data of every
// snapshot showing that version. A day with no row is at version 0; versions
// only ever grow (a rebuild raises every day's), so a version is never reused.
//
// The breached clocks of a day are now read from the index of breaching clocks
// and kept, so nothing counts from the breach days of migration 0014 any more:
// the city × clock rollup goes back to a row per start day, city and clock
// (231,012 rows on the bench's million tickets, 134,160 without), and a clock
// whose breach instant moves to another day is no longer a rollup write.
export default `
CREATE TABLE clock_day_versions (
  -- The Shanghai day (days since the epoch).
  day INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;

CREATE TABLE clock_counts_city_clock_by_start (
  -- The Shanghai day the clocks started on (days since the epoch).
  day INTEGER NOT NULL,
  city TEXT NOT NULL,
  name TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (day, city, name)
) STRICT, WITHOUT ROWID;
INSERT INTO clock_counts_city_clock_by_start (day, city, name, total)
  SELECT day, city, name, SUM(total) FROM clock_counts_city_clock GROUP BY 1, 2, 3 HAVING SUM(total) <> 0;
DROP TABLE clock_counts_city_clock;
ALTER TABLE clock_counts_city_clock_by_start RENAME TO clock_counts_city_clock;
`;

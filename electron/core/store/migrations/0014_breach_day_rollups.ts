// The rollup of the clocks per start day, city and clock (migration 0009)
// counts by the Shanghai day each clock breaches on too (issue 19), so
// "breached at `to`" per city, day and clock comes from it as well:
// a clock that breaches on a day before `to`'s has breached at `to`, one of a
// later day has not, and only those breaching on `to`'s own day are read, from
// the index clocks_breach_at (a day's breaches, not the period's). On a loaded
// 2-core machine the statistics read the period's breached clocks one by one
// (about 21,900 over 30 days of a million tickets, grouped per city, day and
// clock) in 33 ms; from the rollup the same counts take a few. The heatmaps
// read every breached clock anyway, for the median overrun, so the other two
// rollups (service and tier; hour and city) keep their size: this one grew
// from 134,160 to 231,012 rows on that cache (a clock breaches on its start
// day or a later one).
//
// breach_day is 2147483647 for a clock with no breach instant (met in time,
// or paused short of its limit), so the key holds no NULL and no such clock is
// ever "before `to`'s day". A clock's breach instant changes with its state
// (met, paused, resumed), so the projection now writes the rollups when it
// moves to another breach day too.
export default `
DROP TABLE clock_counts_city_clock;

CREATE TABLE clock_counts_city_clock (
  -- The Shanghai day the clocks started on (days since the epoch).
  day INTEGER NOT NULL,
  city TEXT NOT NULL,
  name TEXT NOT NULL,
  -- The Shanghai day their breach instant falls on; 2147483647 when they have none.
  breach_day INTEGER NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (day, city, name, breach_day)
) STRICT, WITHOUT ROWID;

INSERT INTO clock_counts_city_clock (day, city, name, breach_day, total)
  SELECT (started_at + 28800000) / 86400000, coalesce(city, ''), name, coalesce((breach_at + 28800000) / 86400000, 2147483647), COUNT(*)
  FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2, 3, 4;
`;

// Rollups of the clocks for the heatmaps and statistics (board/breaches.ts).
//
// A heatmap over 30 days of a million-ticket cache counted about 70,000 clocks
// from the index clocks_started_at, grouped them (a sort) and read the table
// row of each breached one for its overrun: 130-180 ms. Now:
// - how many clocks started (`total`) comes from counts kept per start bucket:
//   per Shanghai day for the groupings by city and clock and by service and tier,
//   per hour for the groupings by hour; the partial buckets at the period's
//   edges are counted from clocks_started_at;
// - which of them had breached at the period's end `to`, and by how much, comes
//   from the index clocks_breaching: only the clocks with a breach instant (a
//   sixth of them), with everything the count and the overrun read, so no table
//   row is read. A clock breached at `to` iff breach_at <= to, and `to` is any
//   instant, so the breaches are not bucketed: the index range by started_at
//   is filtered by breach_at.
// Counts only change when a clock is inserted, deleted, or changes its start or
// its cell (a late `updated` moving the ticket to another city), never with its
// state. Every write of the clocks table writes the counts it changes in the
// same batch (store/rollups.ts): ingest and rebuilds add up a unit's changes
// per cell and write each changed cell once (one write for about fifteen new
// clocks in a catch-up); rewriting a ticket whose rows are not known, retention
// and forgetting a source take out what they delete, counted in SQL. (Triggers
// did the same at about 15 µs of writer time per new clock, more than twice an
// event's own insert.) A missing city, service or tier is stored as '' (the
// protocol never sends an empty one), so the primary keys hold no NULL.
export default `
CREATE TABLE clock_counts_city_clock (
  -- The Shanghai day the clocks started on (days since the epoch).
  day INTEGER NOT NULL,
  city TEXT NOT NULL,
  name TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (day, city, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE clock_counts_service_tier (
  day INTEGER NOT NULL,
  service TEXT NOT NULL,
  tier TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (day, service, tier)
) STRICT, WITHOUT ROWID;

CREATE TABLE clock_counts_city_hour (
  -- The hour the clocks started in (hours since the epoch; Shanghai's offset is whole hours).
  hour INTEGER NOT NULL,
  city TEXT NOT NULL,
  total INTEGER NOT NULL,
  PRIMARY KEY (hour, city)
) STRICT, WITHOUT ROWID;

-- The clocks that breach (or breached), by start, with what the breach count and the overrun read.
CREATE INDEX clocks_breaching ON clocks (started_at, breach_at, city, name, service, tier, stopped_at, elapsed_ms, limit_ms)
  WHERE breach_at IS NOT NULL;

INSERT INTO clock_counts_city_clock (day, city, name, total)
  SELECT (started_at + 28800000) / 86400000, coalesce(city, ''), name, COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO clock_counts_service_tier (day, service, tier, total)
  SELECT (started_at + 28800000) / 86400000, coalesce(service, ''), coalesce(tier, ''), COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2, 3;
INSERT INTO clock_counts_city_hour (hour, city, total)
  SELECT started_at / 3600000, coalesce(city, ''), COUNT(*) FROM clocks WHERE started_at IS NOT NULL GROUP BY 1, 2;
`;

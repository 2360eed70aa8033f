// The statistics (store/statistics.ts) count the period's tickets per Shanghai
// day and city. The index of migration 0005 holds them in order of their
// acceptance instant, then city, so the grouping sorted every ticket of the
// period first: over 30 days of a million-ticket cache (22,581 tickets) the
// sort was half the statement (20 ms of CPU against 9.4 ms on a loaded 2-core
// machine). Keyed by the day first, the same index hands them over already
// grouped: the statement reads the range of days, then the exact instants.
// The same columns, so the same rows are written when they change, and one
// index as before.
export default `
DROP INDEX tickets_statistics;
CREATE INDEX tickets_statistics ON tickets ((repair_started_at + 28800000) / 86400000, city, repair_started_at, accept_stopped_at, repaired_at, satisfaction)
  WHERE repair_started_at IS NOT NULL;
`;

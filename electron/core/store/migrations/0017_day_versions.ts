// A version per Shanghai start day of the clocks (issue 19), for the read
// connection's cache of whole days (store/day-versions.ts): every write that
// changes a clock row started on a day, or the statistics columns of a ticket
// whose repair started on it, raises that day's version in the same batch
// (store/rollups.ts), so a day's data cached at a version is the data of every
// snapshot showing that version. A day with no row is at version 0; versions
// only ever grow (a rebuild raises every day's), so a version is never reused.
export default `
CREATE TABLE clock_day_versions (
  -- The Shanghai day (days since the epoch).
  day INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;
`;

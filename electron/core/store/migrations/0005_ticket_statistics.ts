// The statistics (response time, resolution, call-back satisfaction per city
// and day) read one row per ticket. They joined each ticket's repair clock to
// its first accept clock and to the ticket's facts JSON, about 230 ms for a
// 30-day period of a million-ticket cache; these columns, copied from the same
// clocks and facts when the ticket is projected, are read from one index alone.
// Written only when they change (with the other rarely changing columns), so
// ingest does not rewrite the index on every event. The projection is rebuilt
// (the engine does it on open when projectionPolicyVersion is missing).
export default `
-- The repair clock's start: when the ticket was accepted into the system (null without a repair clock).
ALTER TABLE tickets ADD COLUMN repair_started_at INTEGER;
-- When the first accept clock stopped: the statistics' response.
ALTER TABLE tickets ADD COLUMN accept_stopped_at INTEGER;
-- When the repair clock stopped.
ALTER TABLE tickets ADD COLUMN repaired_at INTEGER;
-- The latest call-back's verdict, as facts.satisfaction holds it.
ALTER TABLE tickets ADD COLUMN satisfaction TEXT;
CREATE INDEX tickets_statistics ON tickets (repair_started_at, city, accept_stopped_at, repaired_at, satisfaction)
  WHERE repair_started_at IS NOT NULL;
DELETE FROM meta WHERE key = 'projectionPolicyVersion';
`;

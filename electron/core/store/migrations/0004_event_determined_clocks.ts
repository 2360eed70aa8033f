// Clock rows hold only what the events decide (running, paused, met, metLate;
// due, warning and breach instants; elapsed time once stopped), never what the
// time of writing decides (ok, warning or breached; elapsed so far). An event
// then rewrites only the clocks it changes, not every clock of its ticket; the
// time-dependent part is computed by whoever asks, at the time asked about.
//
// Clocks no longer carry their ticket's last_event_at: the breach queries find
// the tickets with events after an instant in the tickets table, by
// last_event_at and clocks_from (the earliest instant any of its clocks starts
// from: a ticket with no clock before an instant cannot count then). The projection is rebuilt from the events (the
// engine does it on open when projectionPolicyVersion is missing), so every
// row follows the new rules.
export default `
DROP TABLE clocks;
CREATE TABLE clocks (
  source TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  name TEXT NOT NULL,
  idx INTEGER NOT NULL,
  -- Copied from the ticket so heatmaps group without a join.
  city TEXT,
  service TEXT,
  tier TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'metLate')),
  started_at INTEGER,
  -- paused: suspended short of its limit, so it has no due instant (due_at null) until it resumes.
  due_at INTEGER,
  warn_at INTEGER,
  stopped_at INTEGER,
  -- The first instant at which the clock counts as breached (already breached,
  -- or running towards due_at); null if it never will.
  breach_at INTEGER,
  limit_ms INTEGER NOT NULL,
  -- Measured at the stop; null while the clock runs or is paused.
  elapsed_ms INTEGER,
  paused_ms INTEGER,
  PRIMARY KEY (source, ticket_id, name, idx)
) STRICT;
CREATE INDEX clocks_started_at ON clocks (started_at, city, name, service, tier, breach_at);
DELETE FROM tickets;
ALTER TABLE tickets ADD COLUMN clocks_from INTEGER;
DROP INDEX tickets_last_event_at;
CREATE INDEX tickets_last_event_at ON tickets (last_event_at, clocks_from);
DELETE FROM meta WHERE key = 'projectionPolicyVersion';
`;

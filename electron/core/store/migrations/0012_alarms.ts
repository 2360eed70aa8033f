// Alarms (告警):
// - alarm_log: one row per alarm, from raised to cleared: its cause, severity,
//   ticket and clock instance (a feed's alarm: the feed as `source`, no
//   ticket), who acknowledged it (认领) and when (from the source's echo, or on
//   this console for a feed), whether this console was silenced when it was
//   raised, and when its condition ended. Active alarms (cleared_at NULL) are
//   read back at start so a restart does not raise them again.
// - alarm_silences: this console silenced, by whom, why, until when, and when
//   it was ended early; a console's own, belonging to no source.
export default `
CREATE TABLE alarm_log (
  id TEXT PRIMARY KEY,
  cause TEXT NOT NULL,
  severity TEXT NOT NULL,
  source TEXT NOT NULL,
  ticket_id TEXT,
  city TEXT,
  customer TEXT,
  clock TEXT,
  idx INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  acknowledged_by TEXT,
  acknowledged_console TEXT,
  acknowledged_at INTEGER,
  silenced INTEGER NOT NULL DEFAULT 0,
  cleared_at INTEGER
) STRICT;
CREATE INDEX alarm_log_by_raised ON alarm_log (raised_at);
CREATE INDEX alarm_log_active ON alarm_log (raised_at) WHERE cleared_at IS NULL;
-- Forgetting a source deletes by it.
CREATE INDEX alarm_log_by_source ON alarm_log (source);

CREATE TABLE alarm_silences (
  id INTEGER PRIMARY KEY,
  by TEXT NOT NULL,
  console TEXT NOT NULL,
  reason TEXT NOT NULL,
  from_at INTEGER NOT NULL,
  until INTEGER NOT NULL,
  ended_at INTEGER,
  ended_by TEXT
) STRICT;
CREATE INDEX alarm_silences_by_from ON alarm_silences (from_at);
CREATE INDEX alarm_silences_by_until ON alarm_silences (until);
`;

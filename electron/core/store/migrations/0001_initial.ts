// The first schema of the local cache. Times are epoch milliseconds; the raw
// JSON of every event is kept as received so the projection can be rebuilt.
export default `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('group', 'province', 'city')),
  url TEXT NOT NULL,
  -- The last seq consumed (applied, quarantined or skipped): the next subscribe's since.
  since INTEGER NOT NULL DEFAULT 0,
  head_seq INTEGER,
  -- When the last batch from this source was written, for the offline banner.
  last_batch_at INTEGER
) STRICT;

CREATE TABLE events (
  source TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  ticket_id TEXT,
  at INTEGER,
  type TEXT,
  -- 0 when the payload failed validation (it is quarantined too); only valid events fold.
  valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
  raw TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (source, seq),
  UNIQUE (source, event_id)
) STRICT;
CREATE INDEX events_by_ticket ON events (source, ticket_id, at, seq) WHERE valid = 1;

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  seq INTEGER,
  event_id TEXT,
  ticket_id TEXT,
  -- invalid: failed validation; rejected: the lifecycle cannot apply it; duplicate: id seen
  -- under another seq; gap: seqs the source did not resend on refill.
  kind TEXT NOT NULL CHECK (kind IN ('invalid', 'rejected', 'duplicate', 'gap')),
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX quarantine_by_source ON quarantine (source, id);
CREATE INDEX quarantine_by_ticket ON quarantine (source, ticket_id);

CREATE TABLE tickets (
  source TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  incomplete INTEGER NOT NULL CHECK (incomplete IN (0, 1)),
  tier TEXT,
  city TEXT,
  service TEXT,
  stage TEXT NOT NULL,
  open INTEGER NOT NULL CHECK (open IN (0, 1)),
  on_group_board INTEGER NOT NULL CHECK (on_group_board IN (0, 1)),
  on_province_board INTEGER NOT NULL CHECK (on_province_board IN (0, 1)),
  created_at INTEGER,
  closed_at INTEGER,
  last_event_at INTEGER,
  next_due_at INTEGER,
  facts TEXT NOT NULL,
  evaluated_at INTEGER NOT NULL,
  PRIMARY KEY (source, ticket_id)
) STRICT;
CREATE INDEX tickets_group_board ON tickets (next_due_at) WHERE open = 1 AND on_group_board = 1;
CREATE INDEX tickets_province_board ON tickets (next_due_at) WHERE open = 1 AND on_province_board = 1;
CREATE INDEX tickets_open ON tickets (source, ticket_id) WHERE open = 1;
CREATE INDEX tickets_closed_at ON tickets (closed_at) WHERE open = 0;
CREATE INDEX tickets_last_event_at ON tickets (last_event_at);
CREATE INDEX tickets_created_at ON tickets (created_at);

CREATE TABLE clocks (
  source TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  name TEXT NOT NULL,
  idx INTEGER NOT NULL,
  -- Copied from the ticket so heatmaps group without a join.
  city TEXT,
  service TEXT,
  tier TEXT,
  state TEXT NOT NULL,
  started_at INTEGER,
  due_at INTEGER,
  warn_at INTEGER,
  breached_at INTEGER,
  stopped_at INTEGER,
  -- The first instant at which the clock counts as breached given the events known
  -- (already breached, or running towards due_at); null if it never will.
  breach_at INTEGER,
  elapsed_ms INTEGER NOT NULL,
  limit_ms INTEGER NOT NULL,
  paused_ms INTEGER NOT NULL,
  PRIMARY KEY (source, ticket_id, name, idx)
) STRICT;
CREATE INDEX clocks_started_at ON clocks (started_at, city, name, service, tier, breach_at);
`;

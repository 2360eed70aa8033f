// The outbox of upward reports. A row is written before its first send and is
// never deleted: it is the report history, and its id is the idempotency key
// the server dedupes on, so a resend after a crash or reconnect files nothing twice.
export default `
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('progress', 'stage-feedback', 'fault-report', 'suspend-request')),
  audience TEXT NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  customer TEXT,
  -- JSON array of {name, mime, base64}; the wire payload's attachments as sent.
  attachments TEXT NOT NULL DEFAULT '[]',
  -- JSON of the structured report the PDF is rendered from, as it was when written.
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  next_attempt_at INTEGER,
  last_error TEXT,
  receipt TEXT,
  received_at INTEGER,
  -- When this console got the acknowledgement: the moment the cadence clock restarts.
  acked_at INTEGER,
  refusal_code TEXT,
  refusal_message TEXT,
  replaces TEXT REFERENCES outbox (id),
  superseded_by TEXT REFERENCES outbox (id)
) STRICT;
CREATE INDEX outbox_by_ticket ON outbox (source, ticket_id, created_at);
CREATE INDEX outbox_pending ON outbox (state) WHERE state IN ('queued', 'sent');
CREATE INDEX outbox_by_created ON outbox (created_at);
`;

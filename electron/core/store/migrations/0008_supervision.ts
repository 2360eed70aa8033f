// Protocol 1.1 (supervision, echo and claims):
// - The outbox takes every report kind a 1.1 source takes (check, urge,
//   acknowledge, handover beside the 1.0 four), a handover without a ticket,
//   the console it was sent from, the clock an urge or acknowledgement names
//   (`subject`, JSON), and the cycle a cadence report claims (`claim_cycle`, the
//   dueAt of the clock instance it satisfies). A report whose cycle another
//   console claimed is `yielded`, with who holds it (`claimed_by`, JSON): it is
//   never sent. SQLite cannot change a CHECK, so the table is rebuilt.
// - Sources remember the protocol and features their subscribe acknowledgement
//   named: whether reports are echoed, claims taken, checks answered.
// - A source's own events (a handover's echo, no ticket) are listed by time.
export default `
CREATE TABLE outbox_1_1 (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  ticket_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('progress', 'stage-feedback', 'fault-report', 'suspend-request', 'check', 'urge', 'acknowledge', 'handover')),
  audience TEXT NOT NULL,
  locale TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  customer TEXT,
  attachments TEXT NOT NULL DEFAULT '[]',
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  operator TEXT NOT NULL,
  console TEXT NOT NULL DEFAULT '',
  subject TEXT,
  claim_cycle INTEGER,
  claimed_by TEXT,
  policy_version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused', 'yielded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  next_attempt_at INTEGER,
  last_error TEXT,
  receipt TEXT,
  received_at INTEGER,
  acked_at INTEGER,
  refusal_code TEXT,
  refusal_message TEXT,
  replaces TEXT REFERENCES outbox (id),
  superseded_by TEXT REFERENCES outbox (id),
  CHECK ((ticket_id IS NULL) = (kind = 'handover'))
) STRICT;
INSERT INTO outbox_1_1 (id, source, ticket_id, kind, audience, locale, title, body, customer, attachments, document, created_at,
    operator, policy_version, state, attempts, last_attempt_at, next_attempt_at, last_error, receipt, received_at, acked_at,
    refusal_code, refusal_message, replaces, superseded_by)
  SELECT id, source, ticket_id, kind, audience, locale, title, body, customer, attachments, document, created_at,
    operator, policy_version, state, attempts, last_attempt_at, next_attempt_at, last_error, receipt, received_at, acked_at,
    refusal_code, refusal_message, replaces, superseded_by
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_1_1 RENAME TO outbox;
CREATE INDEX outbox_by_ticket ON outbox (source, ticket_id, created_at);
CREATE INDEX outbox_pending ON outbox (state) WHERE state IN ('queued', 'sent');
CREATE INDEX outbox_by_created ON outbox (created_at);

ALTER TABLE sources ADD COLUMN protocol TEXT NOT NULL DEFAULT '1.0';
ALTER TABLE sources ADD COLUMN features TEXT NOT NULL DEFAULT '[]';

CREATE INDEX events_of_sources ON events (source, at) WHERE ticket_id IS NULL AND valid = 1;
`;

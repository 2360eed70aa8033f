// Shift handover (交接班):
// - handovers: each handover signed on this console, with the sheet as signed
//   (JSON), the outgoing lead, the reason given for a handover while a
//   group-tier clock was breached, and the note. Its id is the id of the
//   `handover` report that carried it upstream (the outbox row).
// - handover_acks: the incoming lead's acknowledgements on this console, item
//   by item (the sheet's item keys) or of the whole ('*'); a handover signed on
//   another console is known from its echo, so there is no foreign key; the
//   source it came through is kept so that forgetting a source forgets them.
// - The sheet finds closed tickets by their clocks: a fault report still owed,
//   or a clock that breached during the shift (indexed by its breach instant).
export default `
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  at INTEGER NOT NULL,
  shift_from INTEGER NOT NULL,
  shift_to INTEGER NOT NULL,
  outgoing TEXT NOT NULL,
  outgoing_console TEXT NOT NULL,
  reason TEXT,
  note TEXT NOT NULL,
  sheet TEXT NOT NULL
) STRICT;
CREATE INDEX handovers_by_at ON handovers (at);
CREATE INDEX handovers_by_source ON handovers (source);

CREATE TABLE handover_acks (
  handover_id TEXT NOT NULL,
  source TEXT NOT NULL,
  item TEXT NOT NULL,
  by TEXT NOT NULL,
  console TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (handover_id, item)
) STRICT;
-- Forgetting a source deletes by it.
CREATE INDEX handover_acks_by_source ON handover_acks (source);

CREATE INDEX clocks_fault_report ON clocks (started_at) WHERE name = 'faultReport';
CREATE INDEX clocks_breach_at ON clocks (breach_at) WHERE breach_at IS NOT NULL;
`;

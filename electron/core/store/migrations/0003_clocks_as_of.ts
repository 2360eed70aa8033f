// Clocks carry their ticket's last_event_at, and the heatmaps' index holds it:
// "no event after `to`" (the stored state is the state at `to`) is then read
// from the index itself instead of joining every clock of the period to its
// ticket, which cost more than the aggregate.
export default `
ALTER TABLE clocks ADD COLUMN last_event_at INTEGER;
UPDATE clocks SET last_event_at = (
  SELECT t.last_event_at FROM tickets t WHERE t.source = clocks.source AND t.ticket_id = clocks.ticket_id
);
DROP INDEX clocks_started_at;
CREATE INDEX clocks_started_at ON clocks (started_at, last_event_at, city, name, service, tier, breach_at);
`;

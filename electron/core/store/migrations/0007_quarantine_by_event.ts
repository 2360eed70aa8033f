// An event refused without a place in the stream (a seq beyond the source's
// head, a seq that is not a safe integer) is served again on every reconnect:
// it is quarantined once, found by its source and id.
export default `
CREATE INDEX quarantine_by_event ON quarantine (source, event_id, seq) WHERE event_id IS NOT NULL;
`;

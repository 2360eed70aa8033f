// The tickets row no longer keeps the ticket's facts as JSON. Nothing read it:
// the engine folds tickets from their events, the boards list them from memory,
// and every column a query reads is a column of its own. It was rewritten
// with every projection of the ticket, about 900 bytes a write: over half the
// bytes the ingest handed the writer besides the events themselves, and most of
// a tickets row on disk.
export default `
ALTER TABLE tickets DROP COLUMN facts;
`;

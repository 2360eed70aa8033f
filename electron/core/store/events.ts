// The events as received; the projection is a function of the valid ones.
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

export interface StoredEvent {
  source: string;
  seq: number;
  eventId: string;
  ticketId: string | null;
  at: number | null;
  type: string | null;
  valid: boolean;
  raw: string;
  receivedAt: number;
}

const INSERT = defineWrite(
  `INSERT OR IGNORE INTO events (source, seq, event_id, ticket_id, at, type, valid, raw, received_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);

/** Writes one received event (a repeated seq or id is ignored: the reader checked it first). */
export function insertEvent(batch: WriteBatch, event: StoredEvent): void {
  const { source, seq, eventId, ticketId, at, type, valid, raw, receivedAt } = event;
  batch.add(INSERT, source, seq, eventId, ticketId, at, type, valid ? 1 : 0, raw, receivedAt);
}

export const eventReads = perConnection((db: ReadDb) => {
  const ofTicket = prepareRead<[string, string, number], string>(
    db,
    'SELECT raw FROM events WHERE source = ? AND ticket_id = ? AND valid = 1 AND at <= ? ORDER BY at, seq',
  ).pluck();
  const keys = prepareRead<[], { source: string; ticket_id: string }>(db, 'SELECT DISTINCT source, ticket_id FROM events WHERE valid = 1');
  const storedIds = prepareRead<[string, string], string>(
    db,
    'SELECT event_id FROM events WHERE source = ? AND event_id IN (SELECT value FROM json_each(?))',
  ).pluck();
  return {
    /** Raw JSON of a ticket's valid events with `at` ≤ `until`, in (at, seq) order. */
    rawOfTicket: (source: string, ticketId: string, until = Number.MAX_SAFE_INTEGER): string[] => ofTicket.all(source, ticketId, until),
    /** Every ticket that has a valid event, for a rebuild. */
    ticketKeys: (): { source: string; ticketId: string }[] => keys.all().map((row) => ({ source: row.source, ticketId: row.ticket_id })),
    /** Which of `eventIds` the source already has stored (one query for a whole slice). */
    storedIds: (source: string, eventIds: readonly string[]): Set<string> =>
      new Set(eventIds.length === 0 ? [] : storedIds.all(source, JSON.stringify(eventIds))),
  };
});

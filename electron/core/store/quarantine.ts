// Events kept whole with the reason they were not applied.
import type { QuarantineEntry } from '../../../shared/contract';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

export type QuarantineKind = 'invalid' | 'rejected' | 'duplicate' | 'gap';

export interface NewQuarantine {
  source: string;
  seq: number | null;
  eventId: string | null;
  ticketId: string | null;
  kind: QuarantineKind;
  reason: string;
  raw: string;
  receivedAt: number;
}

interface QuarantineRecord {
  id: number;
  source: string;
  seq: number | null;
  event_id: string | null;
  ticket_id: string | null;
  reason: string;
  raw: string;
  received_at: number;
}

function toEntry(record: QuarantineRecord): QuarantineEntry {
  return {
    id: record.id,
    sourceId: record.source,
    seq: record.seq,
    eventId: record.event_id,
    ticketId: record.ticket_id,
    reason: record.reason,
    raw: record.raw,
    receivedAt: record.received_at,
  };
}

const INSERT = defineWrite(
  `INSERT INTO quarantine (source, seq, event_id, ticket_id, kind, reason, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
);
/** Only when the same event (source, id, seq) is not quarantined yet: see addOnce. */
const INSERT_ONCE = defineWrite(
  `INSERT INTO quarantine (source, seq, event_id, ticket_id, kind, reason, raw, received_at)
   SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE source = ? AND event_id = ? AND seq IS ?)`,
);
const CLEAR_REJECTED = defineWrite("DELETE FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'");
const CLEAR_ALL_REJECTED = defineWrite("DELETE FROM quarantine WHERE kind = 'rejected'");

export const quarantineWrites = {
  add(batch: WriteBatch, entry: NewQuarantine): void {
    batch.add(INSERT, entry.source, entry.seq, entry.eventId, entry.ticketId, entry.kind, entry.reason, entry.raw, entry.receivedAt);
  },
  /**
   * Quarantines an event that has no place in the stream (no usable seq, or
   * one the source may not be skipped to) unless the same event (source, id,
   * seq) is there already: a source serves it again on every reconnect. An
   * event without an id cannot be told apart and is always added.
   */
  addOnce(batch: WriteBatch, entry: NewQuarantine): void {
    if (entry.eventId === null) return quarantineWrites.add(batch, entry);
    const { source, seq, eventId, ticketId, kind, reason, raw, receivedAt } = entry;
    batch.add(INSERT_ONCE, source, seq, eventId, ticketId, kind, reason, raw, receivedAt, source, eventId, seq);
  },
  /**
   * Whether an event can apply is decided over all of its ticket's events, so a
   * late event may lift or add rejections: they are replaced as a set.
   */
  replaceRejected(batch: WriteBatch, source: string, ticketId: string, entries: readonly NewQuarantine[]): void {
    batch.add(CLEAR_REJECTED, source, ticketId);
    for (const entry of entries) quarantineWrites.add(batch, entry);
  },
  /** Drops every rejection before a rebuild decides them afresh. */
  clearAllRejected(batch: WriteBatch): void {
    batch.add(CLEAR_ALL_REJECTED);
  },
};

export const quarantineReads = perConnection((db: ReadDb) => {
  const latest = prepareRead<[number], QuarantineRecord>(db, 'SELECT * FROM quarantine ORDER BY id DESC LIMIT ?');
  const latestOfSource = prepareRead<[string, number], QuarantineRecord>(db, 'SELECT * FROM quarantine WHERE source = ? ORDER BY id DESC LIMIT ?');
  const ofTicket = prepareRead<[string, string], QuarantineRecord>(db, 'SELECT * FROM quarantine WHERE source = ? AND ticket_id = ? ORDER BY id');
  const counts = prepareRead<[], { source: string; n: number }>(db, 'SELECT source, COUNT(*) AS n FROM quarantine GROUP BY source');
  const holds = prepareRead<[string, string, number | null], number>(
    db,
    'SELECT 1 FROM quarantine WHERE source = ? AND event_id = ? AND seq IS ? LIMIT 1',
  ).pluck();
  const rejectedOfTicket = prepareRead<[string, string], number>(
    db,
    "SELECT COUNT(*) FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'",
  ).pluck();
  return {
    latest: (limit: number, sourceId?: string): QuarantineEntry[] =>
      (sourceId === undefined ? latest.all(limit) : latestOfSource.all(sourceId, limit)).map(toEntry),
    ofTicket: (source: string, ticketId: string): QuarantineEntry[] => ofTicket.all(source, ticketId).map(toEntry),
    countsBySource: (): Map<string, number> => new Map(counts.all().map((row) => [row.source, row.n])),
    /** Whether this event (source, id, seq) is quarantined already (addOnce). */
    holds: (source: string, eventId: string, seq: number | null): boolean => holds.get(source, eventId, seq) !== undefined,
    /** How many of a ticket's events are quarantined as rejected (what a replaceRejected removes). */
    rejectedOfTicket: (source: string, ticketId: string): number => rejectedOfTicket.get(source, ticketId) ?? 0,
  };
});

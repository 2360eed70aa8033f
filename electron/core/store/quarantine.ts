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
const CLEAR_REJECTED = defineWrite("DELETE FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'");
const CLEAR_ALL_REJECTED = defineWrite("DELETE FROM quarantine WHERE kind = 'rejected'");

export const quarantineWrites = {
  add(batch: WriteBatch, entry: NewQuarantine): void {
    batch.add(INSERT, entry.source, entry.seq, entry.eventId, entry.ticketId, entry.kind, entry.reason, entry.raw, entry.receivedAt);
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
  const rejectedOfTicket = prepareRead<[string, string], number>(
    db,
    "SELECT COUNT(*) FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'",
  ).pluck();
  return {
    latest: (limit: number, sourceId?: string): QuarantineEntry[] =>
      (sourceId === undefined ? latest.all(limit) : latestOfSource.all(sourceId, limit)).map(toEntry),
    ofTicket: (source: string, ticketId: string): QuarantineEntry[] => ofTicket.all(source, ticketId).map(toEntry),
    countsBySource: (): Map<string, number> => new Map(counts.all().map((row) => [row.source, row.n])),
    /** How many of a ticket's events are quarantined as rejected (what a replaceRejected removes). */
    rejectedOfTicket: (source: string, ticketId: string): number => rejectedOfTicket.get(source, ticketId) ?? 0,
  };
});

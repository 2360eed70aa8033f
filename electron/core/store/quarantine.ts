import type Database from 'better-sqlite3';
import type { QuarantineEntry } from '../../../shared/contract';

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

/** Events kept whole with the reason they were not applied. */
export class QuarantineRepo {
  private readonly insertStmt: Database.Statement;
  private readonly clearRejectedStmt: Database.Statement;
  private readonly clearAllRejectedStmt: Database.Statement;
  private readonly latestStmt: Database.Statement<[number], QuarantineRecord>;
  private readonly latestOfSourceStmt: Database.Statement<[string, number], QuarantineRecord>;
  private readonly ofTicketStmt: Database.Statement<[string, string], QuarantineRecord>;
  private readonly countsStmt: Database.Statement<[], { source: string; n: number }>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO quarantine (source, seq, event_id, ticket_id, kind, reason, raw, received_at)
       VALUES (@source, @seq, @eventId, @ticketId, @kind, @reason, @raw, @receivedAt)`,
    );
    this.clearRejectedStmt = db.prepare(
      "DELETE FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'",
    );
    this.clearAllRejectedStmt = db.prepare("DELETE FROM quarantine WHERE kind = 'rejected'");
    this.latestStmt = db.prepare('SELECT * FROM quarantine ORDER BY id DESC LIMIT ?');
    this.latestOfSourceStmt = db.prepare('SELECT * FROM quarantine WHERE source = ? ORDER BY id DESC LIMIT ?');
    this.ofTicketStmt = db.prepare('SELECT * FROM quarantine WHERE source = ? AND ticket_id = ? ORDER BY id');
    this.countsStmt = db.prepare('SELECT source, COUNT(*) AS n FROM quarantine GROUP BY source');
  }

  add(entry: NewQuarantine): void {
    this.insertStmt.run(entry);
  }

  /**
   * Whether an event can apply is decided over all of its ticket's events, so a
   * late event may lift or add rejections: they are replaced as a set.
   */
  replaceRejected(source: string, ticketId: string, entries: NewQuarantine[]): number {
    const removed = this.clearRejectedStmt.run(source, ticketId).changes;
    for (const entry of entries) this.add(entry);
    return entries.length - removed;
  }

  /** Drops every rejection before a rebuild decides them afresh. */
  clearAllRejected(): void {
    this.clearAllRejectedStmt.run();
  }

  latest(limit: number, sourceId?: string): QuarantineEntry[] {
    const records = sourceId === undefined ? this.latestStmt.all(limit) : this.latestOfSourceStmt.all(sourceId, limit);
    return records.map(toEntry);
  }

  ofTicket(source: string, ticketId: string): QuarantineEntry[] {
    return this.ofTicketStmt.all(source, ticketId).map(toEntry);
  }

  countsBySource(): Map<string, number> {
    return new Map(this.countsStmt.all().map((row) => [row.source, row.n]));
  }
}

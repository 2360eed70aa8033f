import type Database from 'better-sqlite3';

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

interface RawRow {
  raw: string;
}

/** The events as received; the projection is a function of the valid ones. */
export class EventsRepo {
  private readonly insertStmt: Database.Statement;
  private readonly ofTicketStmt: Database.Statement<[string, string, number], RawRow>;
  private readonly keysStmt: Database.Statement<[], { source: string; ticket_id: string }>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO events (source, seq, event_id, ticket_id, at, type, valid, raw, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.ofTicketStmt = db.prepare(
      'SELECT raw FROM events WHERE source = ? AND ticket_id = ? AND valid = 1 AND at <= ? ORDER BY at, seq',
    );
    this.keysStmt = db.prepare('SELECT DISTINCT source, ticket_id FROM events WHERE valid = 1');
  }

  /** False when (source, seq) or (source, id) is already stored. */
  insert(event: StoredEvent): boolean {
    const { source, seq, eventId, ticketId, at, type, valid, raw, receivedAt } = event;
    return this.insertStmt.run(source, seq, eventId, ticketId, at, type, valid ? 1 : 0, raw, receivedAt).changes === 1;
  }

  /** Raw JSON of a ticket's valid events with `at` ≤ `until`, in (at, seq) order. */
  rawOfTicket(source: string, ticketId: string, until = Number.MAX_SAFE_INTEGER): string[] {
    return this.ofTicketStmt.all(source, ticketId, until).map((row) => row.raw);
  }

  /** Every ticket that has a valid event, for a rebuild. */
  ticketKeys(): { source: string; ticketId: string }[] {
    return this.keysStmt.all().map((row) => ({ source: row.source, ticketId: row.ticket_id }));
  }
}

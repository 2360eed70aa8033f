import type Database from 'better-sqlite3';
import type { ReportEntry, ReportFilter, ReportState } from '../../../shared/contract';
import type { AcknowledgedReport } from '../../../shared/domain';
import type { ReportAttachment, ReportAudience, ReportKind } from '../../../shared/protocol';
import type { ReportDocument } from '../../../shared/reports';
import type { AckedReports } from '../store/reports';
import type { ReportLocale } from './templates';

/** A report as written to the outbox, before its first send. */
export interface NewReport {
  id: string;
  source: string;
  ticketId: string;
  kind: ReportKind;
  audience: ReportAudience;
  locale: ReportLocale;
  title: string;
  body: string;
  customer: string | null;
  attachments: ReportAttachment[];
  document: ReportDocument;
  createdAt: number;
  operator: string;
  policyVersion: string;
  replaces: string | null;
}

interface OutboxRecord {
  id: string;
  source: string;
  ticket_id: string;
  kind: ReportKind;
  audience: ReportAudience;
  locale: ReportLocale;
  title: string;
  body: string;
  customer: string | null;
  attachments: string;
  document: string;
  created_at: number;
  operator: string;
  policy_version: string;
  state: ReportState;
  attempts: number;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  last_error: string | null;
  receipt: string | null;
  received_at: number | null;
  acked_at: number | null;
  refusal_code: string | null;
  refusal_message: string | null;
  replaces: string | null;
  superseded_by: string | null;
}

function toEntry(record: OutboxRecord): ReportEntry {
  const attachments = JSON.parse(record.attachments) as ReportAttachment[];
  return {
    id: record.id,
    source: record.source,
    ticketId: record.ticket_id,
    kind: record.kind,
    audience: record.audience,
    locale: record.locale,
    title: record.title,
    body: record.body,
    customer: record.customer,
    createdAt: record.created_at,
    operator: record.operator,
    policyVersion: record.policy_version,
    state: record.state,
    attempts: record.attempts,
    lastAttemptAt: record.last_attempt_at,
    nextAttemptAt: record.next_attempt_at,
    lastError: record.last_error,
    receipt: record.receipt,
    receivedAt: record.received_at,
    refusal: record.refusal_code === null ? null : { code: record.refusal_code, message: record.refusal_message ?? '' },
    replaces: record.replaces,
    supersededBy: record.superseded_by,
    attachments: attachments.map(({ name, mime }) => ({ name, mime })),
  };
}

/**
 * The outbox: every upward report, written before it is sent and kept after.
 * It is also where the clocks learn which reports were acknowledged.
 */
export class OutboxRepo implements AckedReports {
  private readonly insertStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement<[string], OutboxRecord>;
  private readonly pendingStmt: Database.Statement<[], OutboxRecord>;
  private readonly openOfKindStmt: Database.Statement<[string, string, string], OutboxRecord>;
  private readonly ofTicketStmt: Database.Statement<[string, string], OutboxRecord>;
  private readonly ackedStmt: Database.Statement<[string, string], { kind: ReportKind; created_at: number; acked_at: number }>;
  private readonly attemptStmt: Database.Statement;
  private readonly retryStmt: Database.Statement;
  private readonly ackStmt: Database.Statement;
  private readonly refuseStmt: Database.Statement;
  private readonly supersedeStmt: Database.Statement;
  private readonly requeueStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (id, source, ticket_id, kind, audience, locale, title, body, customer, attachments, document,
         created_at, operator, policy_version, state, replaces)
       VALUES (@id, @source, @ticketId, @kind, @audience, @locale, @title, @body, @customer, @attachments, @document,
         @createdAt, @operator, @policyVersion, 'queued', @replaces)`,
    );
    this.byIdStmt = db.prepare('SELECT * FROM outbox WHERE id = ?');
    this.pendingStmt = db.prepare("SELECT * FROM outbox WHERE state IN ('queued', 'sent') ORDER BY created_at, id");
    this.openOfKindStmt = db.prepare(
      "SELECT * FROM outbox WHERE source = ? AND ticket_id = ? AND kind = ? AND state IN ('queued', 'sent') ORDER BY created_at LIMIT 1",
    );
    this.ofTicketStmt = db.prepare('SELECT * FROM outbox WHERE source = ? AND ticket_id = ? ORDER BY created_at, id');
    this.ackedStmt = db.prepare(
      "SELECT kind, created_at, acked_at FROM outbox WHERE source = ? AND ticket_id = ? AND state = 'acknowledged' ORDER BY created_at",
    );
    this.attemptStmt = db.prepare(
      `UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = @at, next_attempt_at = NULL
       WHERE id = @id AND state IN ('queued', 'sent')`,
    );
    this.retryStmt = db.prepare(
      `UPDATE outbox SET last_error = @error, next_attempt_at = @nextAt WHERE id = @id AND state IN ('queued', 'sent')`,
    );
    this.ackStmt = db.prepare(
      `UPDATE outbox SET state = 'acknowledged', receipt = @receipt, received_at = @receivedAt, acked_at = @ackedAt,
         last_error = NULL, next_attempt_at = NULL, refusal_code = NULL, refusal_message = NULL
       WHERE id = @id AND state IN ('queued', 'sent')`,
    );
    this.refuseStmt = db.prepare(
      `UPDATE outbox SET state = 'refused', refusal_code = @code, refusal_message = @message, next_attempt_at = NULL
       WHERE id = @id AND state IN ('queued', 'sent')`,
    );
    this.supersedeStmt = db.prepare("UPDATE outbox SET superseded_by = @by WHERE id = @id AND state = 'refused'");
    this.requeueStmt = db.prepare(
      "UPDATE outbox SET state = 'queued', refusal_code = NULL, refusal_message = NULL WHERE id = ? AND state = 'refused' AND superseded_by IS NULL",
    );
  }

  insert(report: NewReport): ReportEntry {
    this.insertStmt.run({
      ...report,
      attachments: JSON.stringify(report.attachments),
      document: JSON.stringify(report.document),
    });
    return this.get(report.id)!;
  }

  /** Writes an edited resend and marks the refused original as replaced by it, together. */
  insertReplacement(report: NewReport & { replaces: string }): ReportEntry {
    this.db.transaction(() => {
      this.insert(report);
      this.supersedeStmt.run({ id: report.replaces, by: report.id });
    })();
    return this.get(report.id)!;
  }

  get(id: string): ReportEntry | null {
    const record = this.byIdStmt.get(id);
    return record ? toEntry(record) : null;
  }

  /** What goes on the wire: exactly the stored payload, whatever the attempt. */
  payload(id: string): { source: string; wire: { id: string; ticketId: string; kind: ReportKind; audience: ReportAudience; createdAt: number; title: string; body: string; attachments: ReportAttachment[] } } | null {
    const record = this.byIdStmt.get(id);
    if (!record) return null;
    return {
      source: record.source,
      wire: {
        id: record.id,
        ticketId: record.ticket_id,
        kind: record.kind,
        audience: record.audience,
        createdAt: record.created_at,
        title: record.title,
        body: record.body,
        attachments: JSON.parse(record.attachments) as ReportAttachment[],
      },
    };
  }

  document(id: string): ReportDocument | null {
    const record = this.byIdStmt.get(id);
    return record ? (JSON.parse(record.document) as ReportDocument) : null;
  }

  /** Reports not yet answered, oldest first: what a (re)started sender sends. */
  pending(): ReportEntry[] {
    return this.pendingStmt.all().map(toEntry);
  }

  /** An unanswered report of this kind for the ticket, so a second click does not make a second report. */
  openOfKind(source: string, ticketId: string, kind: ReportKind): ReportEntry | null {
    const record = this.openOfKindStmt.get(source, ticketId, kind);
    return record ? toEntry(record) : null;
  }

  ofTicket(source: string, ticketId: string): ReportEntry[] {
    return this.ofTicketStmt.all(source, ticketId).map(toEntry);
  }

  ackedReportsOf(source: string, ticketId: string): readonly AcknowledgedReport[] {
    return this.ackedStmt
      .all(source, ticketId)
      .map((row) => ({ kind: row.kind, createdAt: row.created_at, acknowledgedAt: row.acked_at }));
  }

  list(filter: ReportFilter): ReportEntry[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    const inList = (column: string, name: string, values: readonly string[] | undefined) => {
      if (!values?.length) return;
      where.push(`${column} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
      values.forEach((value, i) => (params[`${name}${i}`] = value));
    };
    inList('state', 'state', filter.states);
    inList('kind', 'kind', filter.kinds);
    if (filter.ticket) {
      where.push("ticket_id LIKE @ticket ESCAPE '\\'");
      params.ticket = `%${filter.ticket.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.source) {
      where.push('source = @source');
      params.source = filter.source;
    }
    if (filter.from !== undefined) {
      where.push('created_at >= @from');
      params.from = filter.from;
    }
    if (filter.to !== undefined) {
      where.push('created_at <= @to');
      params.to = filter.to;
    }
    const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as OutboxRecord[]).map(toEntry);
  }

  markAttempt(id: string, at: number): void {
    this.attemptStmt.run({ id, at });
  }

  /** Records why an attempt got no answer; `nextAt` null waits for the source to reconnect. */
  markRetry(id: string, error: string, nextAt: number | null): void {
    this.retryStmt.run({ id, error, nextAt });
  }

  acknowledge(id: string, ack: { receipt: string; receivedAt: number; ackedAt: number }): boolean {
    return this.ackStmt.run({ id, ...ack }).changes === 1;
  }

  refuse(id: string, refusal: { code: string; message: string }): boolean {
    return this.refuseStmt.run({ id, ...refusal }).changes === 1;
  }

  /** Puts a refused, unedited report back in the queue under its own id. */
  requeue(id: string): boolean {
    return this.requeueStmt.run(id).changes === 1;
  }
}

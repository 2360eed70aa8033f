// The outbox of upward reports: every report, written before it is sent and
// kept after. Its id is the idempotency key the server dedupes on.
import type { ReportEntry, ReportFilter, ReportLocale, ReportState } from '../../../shared/contract';
import type { AcknowledgedReport } from '../../../shared/domain';
import type { ReportAttachment, ReportOperator, ReportSubject, UpwardReportAudience, UpwardReportKind } from '../../../shared/protocol';
import type { ReportDocument } from '../../../shared/reports';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

/** A report as written to the outbox, before its first send. */
export interface NewReport {
  id: string;
  source: string;
  /** Null for a handover. */
  ticketId: string | null;
  kind: UpwardReportKind;
  audience: UpwardReportAudience;
  locale: ReportLocale;
  title: string;
  body: string;
  customer: string | null;
  attachments: ReportAttachment[];
  /** The printable document; null for a supervision act (a check or an urge is words only). */
  document: ReportDocument | null;
  createdAt: number;
  operator: string;
  /** The console it is sent from. */
  console: string;
  /** The clock an urge or an acknowledgement names. */
  subject?: ReportSubject | null;
  /** The cycle a cadence report claims before it leaves (the due instant of its clock instance). */
  claimCycle?: number | null;
  policyVersion: string;
  replaces: string | null;
}

/** What goes on the wire: exactly the stored payload, whatever the attempt. */
export interface StoredPayload {
  source: string;
  wire: {
    id: string;
    ticketId: string | null;
    kind: UpwardReportKind;
    audience: UpwardReportAudience;
    createdAt: number;
    title: string;
    body: string;
    attachments: ReportAttachment[];
    operator: ReportOperator;
    subject?: ReportSubject;
  };
  /** Claimed (its cycle) before the first send, when the source takes claims. */
  claimCycle: number | null;
}

interface OutboxRecord {
  id: string;
  source: string;
  ticket_id: string | null;
  kind: UpwardReportKind;
  audience: UpwardReportAudience;
  locale: ReportLocale;
  title: string;
  body: string;
  customer: string | null;
  attachments: string;
  document: string;
  created_at: number;
  operator: string;
  console: string;
  subject: string | null;
  claim_cycle: number | null;
  claimed_by: string | null;
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
    console: record.console,
    subject: record.subject === null ? null : (JSON.parse(record.subject) as ReportSubject),
    claimCycle: record.claim_cycle,
    claimedBy: record.claimed_by === null ? null : (JSON.parse(record.claimed_by) as ReportOperator),
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

const INSERT = defineWrite(
  `INSERT INTO outbox (id, source, ticket_id, kind, audience, locale, title, body, customer, attachments, document,
     created_at, operator, console, subject, claim_cycle, policy_version, state, replaces)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?)`,
);
const YIELD = defineWrite(
  `UPDATE outbox SET state = 'yielded', claimed_by = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ? AND state IN ('queued', 'sent')`,
);
const SUPERSEDE = defineWrite("UPDATE outbox SET superseded_by = ? WHERE id = ? AND state = 'refused'");
const ATTEMPT = defineWrite(
  `UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = ?, next_attempt_at = NULL
   WHERE id = ? AND state IN ('queued', 'sent')`,
);
const RETRY = defineWrite("UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ? AND state IN ('queued', 'sent')");
const ACK = defineWrite(
  `UPDATE outbox SET state = 'acknowledged', receipt = ?, received_at = ?, acked_at = ?,
     last_error = NULL, next_attempt_at = NULL, refusal_code = NULL, refusal_message = NULL
   WHERE id = ? AND state IN ('queued', 'sent')`,
);
const REFUSE = defineWrite(
  "UPDATE outbox SET state = 'refused', refusal_code = ?, refusal_message = ?, next_attempt_at = NULL WHERE id = ? AND state IN ('queued', 'sent')",
);
const REQUEUE = defineWrite(
  "UPDATE outbox SET state = 'queued', refusal_code = NULL, refusal_message = NULL WHERE id = ? AND state = 'refused' AND superseded_by IS NULL",
);

export const outboxWrites = {
  insert(batch: WriteBatch, report: NewReport): void {
    batch.add(
      INSERT, report.id, report.source, report.ticketId, report.kind, report.audience, report.locale, report.title, report.body,
      report.customer, JSON.stringify(report.attachments), JSON.stringify(report.document), report.createdAt, report.operator,
      report.console, report.subject ? JSON.stringify(report.subject) : null, report.claimCycle ?? null, report.policyVersion, report.replaces,
    );
  },
  /** An edited resend, and the refused original marked as replaced by it, in one batch. */
  insertReplacement(batch: WriteBatch, report: NewReport & { replaces: string }): void {
    outboxWrites.insert(batch, report);
    batch.add(SUPERSEDE, report.id, report.replaces);
  },
  markAttempt: (batch: WriteBatch, id: string, at: number) => batch.add(ATTEMPT, at, id),
  /** Why an attempt got no answer; `nextAt` null waits for the source to reconnect. */
  markRetry: (batch: WriteBatch, id: string, error: string, nextAt: number | null) => batch.add(RETRY, error, nextAt, id),
  acknowledge: (batch: WriteBatch, id: string, ack: { receipt: string; receivedAt: number; ackedAt: number }) =>
    batch.add(ACK, ack.receipt, ack.receivedAt, ack.ackedAt, id),
  refuse: (batch: WriteBatch, id: string, refusal: { code: string; message: string }) => batch.add(REFUSE, refusal.code, refusal.message, id),
  /** A refused, unedited report back in the queue under its own id. */
  requeue: (batch: WriteBatch, id: string) => batch.add(REQUEUE, id),
  /** Another console claimed the report's cycle first: it is not sent. */
  yieldTo: (batch: WriteBatch, id: string, claimedBy: ReportOperator) => batch.add(YIELD, JSON.stringify(claimedBy), id),
};

export const outboxReads = perConnection((db: ReadDb) => {
  const byId = prepareRead<[string], OutboxRecord>(db, 'SELECT * FROM outbox WHERE id = ?');
  const pending = prepareRead<[], OutboxRecord>(db, "SELECT * FROM outbox WHERE state IN ('queued', 'sent') ORDER BY created_at, id");
  const openOfKind = prepareRead<[string, string, string], OutboxRecord>(
    db,
    "SELECT * FROM outbox WHERE source = ? AND ticket_id = ? AND kind = ? AND state IN ('queued', 'sent') ORDER BY created_at LIMIT 1",
  );
  const openTo = prepareRead<[string, string, string, string], OutboxRecord>(
    db,
    "SELECT * FROM outbox WHERE source = ? AND ticket_id = ? AND kind = ? AND audience = ? AND state IN ('queued', 'sent') ORDER BY created_at LIMIT 1",
  );
  const ofTicket = prepareRead<[string, string], OutboxRecord>(db, 'SELECT * FROM outbox WHERE source = ? AND ticket_id = ? ORDER BY created_at, id');
  const acked = prepareRead<[string, string], { id: string; kind: UpwardReportKind; audience: UpwardReportAudience; created_at: number; acked_at: number }>(
    db,
    "SELECT id, kind, audience, created_at, acked_at FROM outbox WHERE source = ? AND ticket_id = ? AND state = 'acknowledged' ORDER BY created_at",
  );
  return {
    get: (id: string): ReportEntry | null => {
      const record = byId.get(id);
      return record ? toEntry(record) : null;
    },
    payload: (id: string): StoredPayload | null => {
      const record = byId.get(id);
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
          operator: { name: record.operator, console: record.console },
          ...(record.subject === null ? {} : { subject: JSON.parse(record.subject) as ReportSubject }),
        },
        claimCycle: record.claim_cycle,
      };
    },
    document: (id: string): ReportDocument | null => {
      const record = byId.get(id);
      return record ? (JSON.parse(record.document) as ReportDocument | null) : null;
    },
    /** Reports not yet answered, oldest first: what a (re)started sender sends. */
    pending: (): ReportEntry[] => pending.all().map(toEntry),
    /** An unanswered report of this kind (to this audience, if given) for the ticket, so a second click does not make a second report. */
    openOfKind: (source: string, ticketId: string, kind: UpwardReportKind, audience: UpwardReportAudience | null = null): ReportEntry | null => {
      const record = audience === null ? openOfKind.get(source, ticketId, kind) : openTo.get(source, ticketId, kind, audience);
      return record ? toEntry(record) : null;
    },
    ofTicket: (source: string, ticketId: string): ReportEntry[] => ofTicket.all(source, ticketId).map(toEntry),
    /** The ticket's acknowledged reports as the clocks see them. */
    acknowledged: (source: string, ticketId: string): AcknowledgedReport[] =>
      acked.all(source, ticketId).map((row) => ({ id: row.id, kind: row.kind, audience: row.audience, createdAt: row.created_at, acknowledgedAt: row.acked_at })),
    list: (filter: ReportFilter): ReportEntry[] => {
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
      return prepareRead<[Record<string, unknown>], OutboxRecord>(db, sql).all(params).map(toEntry);
    },
  };
});

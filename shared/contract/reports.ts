import { z } from 'zod';
import { REPLY_PARTIES, REPORT_KINDS, reportOperator, reportSubject, UPWARD_REPORT_AUDIENCES, UPWARD_REPORT_KINDS } from '../protocol';
import { LOCALES } from '../i18n';
import { request } from './define';
import { boardLevel, epochMs, ticketKey } from './common';

/**
 * queued: in the outbox, not yet on the wire; sent: emitted, no acknowledgement
 * yet (retried with the same id); acknowledged: filed upstream (receipt), or
 * seen echoed by the source; refused: the server said no (its reason), until
 * edited and resent; yielded: another console claimed the cycle first, so this
 * one was never sent (`claimedBy` says who is reporting).
 */
export const REPORT_STATES = ['queued', 'sent', 'acknowledged', 'refused', 'yielded'] as const;
export const reportState = z.enum(REPORT_STATES);
export type ReportState = z.infer<typeof reportState>;

/** The documents a person sends with one click (composed from the report templates). */
export const reportKind = z.enum(REPORT_KINDS);
/** Every kind the outbox holds: the documents and the supervision acts (check, urge, acknowledge, handover). */
export const outboxKind = z.enum(UPWARD_REPORT_KINDS);
export const reportLocale = z.enum(LOCALES);
export type ReportLocale = z.infer<typeof reportLocale>;

/**
 * Who sends a report and in which language: the seat's operator (a client
 * setting). The core refuses to send a report without a name (it is printed
 * on the report and filed with it upstream); a PDF to look at may have none.
 */
export const reporter = z.object({ operator: z.string().max(64), locale: reportLocale });
export type Reporter = z.infer<typeof reporter>;

/** One report of the outbox as the console shows it. */
export const reportEntry = z.object({
  /** The idempotency key sent upstream, made once when the report was written. */
  id: z.string(),
  source: z.string(),
  /** Null for a handover, which belongs to no ticket. */
  ticketId: z.string().nullable(),
  kind: outboxKind,
  audience: z.enum(UPWARD_REPORT_AUDIENCES),
  locale: reportLocale,
  title: z.string(),
  body: z.string(),
  customer: z.string().nullable(),
  createdAt: epochMs,
  operator: z.string(),
  /** The console it was sent from. */
  console: z.string(),
  /** The clock an urge presses or an acknowledgement owns. */
  subject: reportSubject.nullable(),
  /** The cycle (the due instant of the clock instance) a cadence report claimed before it was sent. */
  claimCycle: epochMs.nullable(),
  /** Who holds the cycle when this report yielded to another console's. */
  claimedBy: reportOperator.nullable(),
  policyVersion: z.string(),
  state: reportState,
  attempts: z.number().int().min(0),
  lastAttemptAt: epochMs.nullable(),
  nextAttemptAt: epochMs.nullable(),
  /** Why the last attempt did not get an answer (offline, timeout). */
  lastError: z.string().nullable(),
  receipt: z.string().nullable(),
  /** The server's time of filing. */
  receivedAt: epochMs.nullable(),
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The refused report this one is the edited resend of, and the other way round. */
  replaces: z.string().nullable(),
  supersededBy: z.string().nullable(),
  attachments: z.array(z.object({ name: z.string(), mime: z.string() })),
});
export type ReportEntry = z.infer<typeof reportEntry>;

export const reportFilter = z.object({
  states: z.array(reportState).optional(),
  kinds: z.array(outboxKind).optional(),
  /** Substring of the ticket number. */
  ticket: z.string().max(100).optional(),
  source: z.string().optional(),
  /** createdAt range, inclusive, epoch ms. */
  from: epochMs.optional(),
  to: epochMs.optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});
export type ReportFilter = z.infer<typeof reportFilter>;

/**
 * What a person writes into a fault report before it goes out: the cause
 * (原因分析), the measures taken (处理措施), the prevention (预防措施) and who
 * confirmed the recovery (确认人). The core refuses a fault report without them.
 */
export const faultReportFields = z.object({
  cause: z.string().trim().min(1).max(2000),
  measures: z.string().trim().min(1).max(2000),
  prevention: z.string().trim().min(1).max(2000),
  confirmer: z.string().trim().min(1).max(100),
});
export type FaultReportFields = z.infer<typeof faultReportFields>;

/** A fault report for the customer, or the NOC's own copy that adds its internal obligations and reports. */
export const reportEdition = z.enum(['customer', 'noc']);
export type ReportEdition = z.infer<typeof reportEdition>;

const pdfFile = z.object({ fileName: z.string(), mime: z.literal('application/pdf'), base64: z.string() });

export const reportRequests = {
  /** One click: builds the report from the ticket as it stands, writes it to the outbox, sends it. */
  'report:send': request(ticketKey.extend({ kind: reportKind, ...reporter.shape, faultReport: faultReportFields.optional() }), reportEntry),
  /** 核实: a check to the city NOC and one to the handler, each claimed for the check cycle first. */
  'report:check': request(ticketKey.extend(reporter.shape), z.object({ reports: z.array(reportEntry) })),
  /** 催办: presses the city NOC or the handler on one clock in warning or breached (`subject`). */
  'report:urge': request(ticketKey.extend({ audience: z.enum(REPLY_PARTIES), subject: reportSubject, ...reporter.shape }), reportEntry),
  /** Every due report of a board's open tickets (checks too), in one action. */
  'report:send-due': request(z.object({ level: boardLevel, ...reporter.shape }), z.object({ reports: z.array(reportEntry) })),
  'report:list': request(z.object({ filter: reportFilter.optional() }), z.array(reportEntry)),
  /** Sends a refused report again; an edited title or body makes it a new report with a new id. */
  'report:resend': request(
    z.object({
      id: z.string().min(1),
      title: z.string().min(1).max(200).optional(),
      body: z.string().min(1).max(20_000).optional(),
      ...reporter.shape,
    }),
    reportEntry,
  ),
  /** A4 PDF of a stored report (by id), or of a ticket's report built now. */
  'report:pdf': request(
    z.union([
      z.object({ id: z.string().min(1) }),
      ticketKey.extend({ kind: reportKind, ...reporter.shape, faultReport: faultReportFields.optional(), edition: reportEdition.optional() }),
    ]),
    pdfFile,
  ),
};

export const reportPushes = {
  'report:changed': reportEntry,
};

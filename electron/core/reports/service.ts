// Upward reports end to end: build from the ticket as it stands, write to the
// outbox, send, print. Shells reach it through handlers.ts; the CLI prints
// with `printTicketReport`.
//
// "Nothing is sent twice": an id is made once, when a report is written, and
// every attempt sends the stored payload under it, so the server files it at
// most once. A second click while a report of the same kind for the ticket is
// still unanswered sends that report again instead of writing another. A
// refused report resent unchanged keeps its id (the server filed nothing
// under it); an edited one is a different report: it gets a new id, points to
// the refused one (`replaces`), and the refused one is never sent again.
import { randomBytes } from 'node:crypto';
import type { BoardLevel, ReportEntry, ReportFilter, TicketKey } from '../../../shared/contract';
import type { ReportAttachment, ReportKind } from '../../../shared/protocol';
import { buildReport, documentText, dueReportKinds, type ReportDocument } from '../../../shared/reports';
import { formatFileStamp } from '../../../shared/time';
import { ticketDetail } from '../board/detail';
import { boardRows } from '../board/rows';
import type { Engine } from '../ingest/engine';
import type { PdfPrinter } from '../pdf';
import type { OutboxRepo } from './outbox';
import { printReport } from './print';
import type { ReportTransport } from './sender';
import { ReportSender } from './sender';
import type { ReportLocale, ReportTemplates } from './templates';

export interface ReportServiceOptions {
  /** Its `reports` must be `outbox`, so acknowledged reports move the clocks. */
  engine: Engine;
  outbox: OutboxRepo;
  transport: ReportTransport;
  printer: PdfPrinter;
  templates: ReportTemplates;
  now(): number;
  /** Who reports (settings.operator). */
  operator(): string;
  /** The language reports are written in (settings.locale). */
  locale(): ReportLocale;
  random?(): number;
  onChange?(entry: ReportEntry): void;
  /** An acknowledged report restarted a cadence: re-evaluate and push these tickets. */
  onAcknowledged?(key: TicketKey, entry: ReportEntry): void;
}

export interface PdfFile {
  fileName: string;
  mime: 'application/pdf';
  base64: string;
}

/** The idempotency key: made once per report, stored before the first send. */
function newReportId(at: number): string {
  return `r-${formatFileStamp(at).replace(/[-_]/g, '')}-${randomBytes(6).toString('hex')}`;
}

/** Wire times have whole seconds; the stored createdAt equals what the server sees. */
const wholeSecond = (at: number) => Math.floor(at / 1000) * 1000;

function pdfName(doc: ReportDocument, ticketId: string): string {
  return `${doc.name}_${ticketId}_${formatFileStamp(doc.generatedAt)}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-');
}

/** Builds the document of `kind` for a ticket as it stood at `at`, and names its customer. */
export function composeReport(
  options: Pick<ReportServiceOptions, 'engine' | 'outbox' | 'templates'>,
  key: TicketKey,
  kind: ReportKind,
  at: number,
  operator: string,
  locale: ReportLocale,
): { doc: ReportDocument; customer: string | null } {
  const detail = ticketDetail(options.engine, key, at);
  const history = options.outbox.ofTicket(key.source, key.ticketId).filter((r) => r.createdAt <= at);
  const doc = buildReport({ detail, kind, template: options.templates.get(locale), operator, at, history });
  return { doc, customer: detail.row.customer?.name ?? null };
}

export class ReportService {
  readonly sender: ReportSender;

  constructor(private readonly options: ReportServiceOptions) {
    this.sender = new ReportSender({
      outbox: options.outbox,
      transport: options.transport,
      now: options.now,
      random: options.random,
      // Ingest may hold the outbox row in an open group transaction.
      beforeSend: () => options.engine.settle(),
      onChange: options.onChange,
      onAcknowledged: (entry) => options.onAcknowledged?.({ source: entry.source, ticketId: entry.ticketId }, entry),
    });
  }

  start(): void {
    this.sender.start();
  }

  stop(): Promise<void> {
    return this.sender.stop();
  }

  /** One click: the ticket's report of `kind`, written to the outbox and sent. */
  async send(key: TicketKey, kind: ReportKind): Promise<ReportEntry> {
    const open = this.options.outbox.openOfKind(key.source, key.ticketId, kind);
    if (open) return this.sender.send(open.id);
    const at = wholeSecond(this.options.now());
    const { doc, customer } = composeReport(this.options, key, kind, at, this.options.operator(), this.options.locale());
    const attachments: ReportAttachment[] = [];
    if (kind === 'fault-report') {
      const pdf = await printReport(this.options.printer, doc);
      attachments.push({ name: pdfName(doc, key.ticketId), mime: 'application/pdf', base64: pdf.toString('base64') });
    }
    const entry = this.options.outbox.insert({
      id: newReportId(at),
      ...key,
      kind,
      audience: doc.audience,
      locale: doc.locale,
      title: doc.title,
      body: documentText(doc),
      customer,
      attachments,
      document: doc,
      createdAt: at,
      operator: this.options.operator(),
      policyVersion: doc.policyVersion,
      replaces: null,
    });
    this.options.onChange?.(entry);
    return this.sender.send(entry.id);
  }

  /** Every report the board's open tickets owe now, sent in one action. */
  async sendDue(level: BoardLevel): Promise<ReportEntry[]> {
    const rows = boardRows(this.options.engine, level, this.options.now());
    const wanted = rows.flatMap((row) => dueReportKinds(row).map((kind) => ({ key: { source: row.source, ticketId: row.ticketId }, kind })));
    // One at a time: each writes the outbox and may print; a failed ticket does not stop the others.
    const sent: ReportEntry[] = [];
    for (const { key, kind } of wanted) {
      try {
        sent.push(await this.send(key, kind));
      } catch (error) {
        console.warn(`report ${kind} of ${key.source}:${key.ticketId} not written: ${(error as Error).message}`);
      }
    }
    return sent;
  }

  list(filter: ReportFilter): ReportEntry[] {
    return this.options.outbox.list(filter);
  }

  /** Sends a refused report again: unchanged under its id, edited as a new report. */
  async resend(id: string, edit: { title?: string; body?: string }): Promise<ReportEntry> {
    const { outbox } = this.options;
    const entry = outbox.get(id);
    if (!entry) throw new Error(`no report ${id}`);
    if (entry.state === 'queued' || entry.state === 'sent') return this.sender.send(id);
    if (entry.state === 'acknowledged') throw new Error(`report ${id} is already acknowledged (${entry.receipt})`);
    if (entry.supersededBy) throw new Error(`report ${id} was edited and resent as ${entry.supersededBy}`);
    const title = edit.title ?? entry.title;
    const body = edit.body ?? entry.body;
    if (title === entry.title && body === entry.body) {
      outbox.requeue(id);
      return this.sender.send(id);
    }
    const payload = outbox.payload(id)!;
    const at = wholeSecond(this.options.now());
    const replacement = outbox.insertReplacement({
      id: newReportId(at),
      source: entry.source,
      ticketId: entry.ticketId,
      kind: entry.kind,
      audience: entry.audience,
      locale: entry.locale,
      title,
      body,
      customer: entry.customer,
      attachments: payload.wire.attachments,
      document: { ...outbox.document(id)!, title },
      createdAt: at,
      operator: this.options.operator(),
      policyVersion: entry.policyVersion,
      replaces: id,
    });
    this.options.onChange?.(outbox.get(id)!);
    this.options.onChange?.(replacement);
    return this.sender.send(replacement.id);
  }

  /** A stored report as it was sent, or a ticket's report as it stands now. */
  async pdf(args: { id: string } | (TicketKey & { kind: ReportKind })): Promise<PdfFile> {
    let doc: ReportDocument;
    let ticketId: string;
    if ('id' in args) {
      const stored = this.options.outbox.document(args.id);
      if (!stored) throw new Error(`no report ${args.id}`);
      doc = stored;
      ticketId = this.options.outbox.get(args.id)!.ticketId;
    } else {
      doc = composeReport(this.options, args, args.kind, this.options.now(), this.options.operator(), this.options.locale()).doc;
      ticketId = args.ticketId;
    }
    const pdf = await printReport(this.options.printer, doc);
    return { fileName: pdfName(doc, ticketId), mime: 'application/pdf', base64: pdf.toString('base64') };
  }
}

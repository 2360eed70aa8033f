// Upward reports end to end: build from the ticket as it stands, write to the
// outbox, send, print. Shells reach it through handlers.ts; the CLI prints
// with `printTicketReport`.
//
// "Nothing is sent twice": an id is made once, when a report is written, and
// every attempt sends the stored payload under it, so the server files it at
// most once. A second click while a report of the same kind for the ticket is
// still being written or unanswered sends that report again instead of writing
// another. A send resolves once the report is on disk and queued; how it goes
// upstream arrives as `report:changed` pushes. A
// refused report resent unchanged keeps its id (the server filed nothing
// under it); an edited one is a different report: it gets a new id, points to
// the refused one (`replaces`), and the refused one is never sent again.
import { randomBytes } from 'node:crypto';
import type { BoardLevel, BoardRow, FaultReportFields, Reporter, ReportEdition, ReportEntry, ReportFilter, TicketKey } from '../../../shared/contract';
import { limitMs } from '../../../shared/domain';
import {
  REPLY_PARTIES,
  REPORT_KINDS,
  type ReplyParty,
  type ReportAttachment,
  type ReportKind,
  type ReportSubject,
  type UpwardReportAudience,
  type UpwardReportKind,
} from '../../../shared/protocol';
import {
  acknowledgeMessage,
  buildReport,
  checkMessage,
  claimCycle,
  documentText,
  dueReportKinds,
  faultReportProblems,
  urgeMessage,
  type ReportDocument,
  type SupervisionMessage,
} from '../../../shared/reports';
import { formatFileStamp } from '../../../shared/time';
import { ticketDetail } from '../board/detail';
import { boardRows } from '../board/rows';
import type { Engine } from '../ingest/engine';
import type { Reads } from '../store/db';
import type { PdfPrinter } from '../pdf';
import { outboxWrites, type NewReport } from '../store/outbox';
import { WriteBatch } from '../store/statements';
import type { Timers } from '../timers';
import { printReport } from './print';
import type { ReportTransport } from './sender';
import { ReportSender } from './sender';
import type { ReportLocale, ReportTemplates } from './templates';

export interface ReportServiceOptions {
  engine: Engine;
  transport: ReportTransport;
  printer: PdfPrinter;
  templates: ReportTemplates;
  now(): number;
  random?(): number;
  timers?: Timers;
  onChange?(entry: ReportEntry): void;
  /** A report was acknowledged upstream (and that is on disk). */
  onAcknowledged?(entry: ReportEntry): void;
  /** The name this console gives itself upstream (settings), read at each report. */
  consoleName(): string;
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

/** A report goes out under its sender's name: the core refuses one without (each seat sets its own). */
function requireOperator(by: Reporter): void {
  if (by.operator.trim() === '') {
    throw new Error('no operator name: set your name in Settings first (it is printed on the report and filed with it upstream)');
  }
}

/** Wire times have whole seconds; the stored createdAt equals what the server sees. */
const wholeSecond = (at: number) => Math.floor(at / 1000) * 1000;

function pdfName(doc: ReportDocument, ticketId: string): string {
  return `${doc.name}_${ticketId}_${formatFileStamp(doc.generatedAt)}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-');
}

/** Why a fault report was refused: the problems of shared/reports/fault-report.ts, named. */
export class FaultReportIncompleteError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the fault report cannot go out yet: ${problems.map((p) => PROBLEM_TEXT[p] ?? p).join('; ')}`);
    this.name = 'FaultReportIncompleteError';
  }
}

const PROBLEM_TEXT: Record<string, string> = {
  notConfirmed: 'the repair is not confirmed (a fault report follows confirmed recovery)',
  operator: 'no operator is named',
  cause: 'the cause (原因分析) is empty',
  measures: 'the measures (处理措施) are empty',
  prevention: 'the prevention (预防措施) is empty',
  confirmer: 'the confirmer (确认人) is empty',
};

export interface ComposeOptions {
  operator: string;
  locale: ReportLocale;
  /** A fault report's fields written by a person; required for `fault-report`. */
  faultReport?: FaultReportFields;
  edition?: ReportEdition;
}

/**
 * Builds the document of `kind` for a ticket as it stood at `at`, and names its
 * customer. A fault report is refused (FaultReportIncompleteError) before the
 * repair is confirmed, without an operator, or without its written fields.
 */
export function composeReport(
  options: Pick<ReportServiceOptions, 'engine' | 'templates'>,
  key: TicketKey,
  kind: ReportKind,
  at: number,
  compose: ComposeOptions,
): { doc: ReportDocument; customer: string | null; row: BoardRow } {
  const detail = ticketDetail(options.engine, key, at);
  if (kind === 'fault-report') {
    const problems = faultReportProblems(detail, compose.faultReport, compose.operator);
    if (problems.length > 0) throw new FaultReportIncompleteError(problems);
  }
  // The customer's history lists the documents, not the NOC's checks and urges to the cities.
  const history = options.engine.store
    .read((reads) => reads.outbox.ofTicket(key.source, key.ticketId))
    .filter((r): r is ReportEntry & { kind: ReportKind } => r.createdAt <= at && isDocumentKind(r.kind));
  const doc = buildReport({
    detail,
    kind,
    template: options.templates.get(compose.locale),
    operator: compose.operator,
    at,
    history,
    faultReport: compose.faultReport,
    edition: compose.edition,
  });
  return { doc, customer: detail.row.customer?.name ?? null, row: detail.row };
}

const isDocumentKind = (kind: UpwardReportKind): kind is ReportKind => (REPORT_KINDS as readonly string[]).includes(kind);

/** A report with its own id (one per handover acknowledgement), or written with other rows in its batch. */
interface OwnReport {
  id?: string;
  alongside?(batch: WriteBatch, report: NewReport): void;
}

/** A `handover` report as its caller composes it: words, the printed sheet and its PDF. */
export interface HandoverReport {
  title: string;
  body: string;
  document: ReportDocument | null;
  attachments: ReportAttachment[];
  policyVersion: string;
}

/** One report to write: what it says and to whom, before it has an id. */
type Composed = Omit<NewReport, 'id' | 'source' | 'ticketId' | 'createdAt' | 'operator' | 'console' | 'replaces'>;

export class ReportService {
  readonly sender: ReportSender;
  /** Reports being written, by ticket, kind and audience: a second click joins the first. */
  private readonly writing = new Map<string, Promise<ReportEntry>>();

  constructor(private readonly options: ReportServiceOptions) {
    this.sender = new ReportSender({
      store: options.engine.store,
      transport: options.transport,
      now: options.now,
      random: options.random,
      timers: options.timers,
      onChange: options.onChange,
      onAcknowledged: options.onAcknowledged,
    });
  }

  start(): void {
    this.sender.start();
  }

  stop(): Promise<void> {
    return this.sender.stop();
  }

  /**
   * One click: the ticket's report of `kind` under `by`'s name and in `by`'s language, on disk and queued; it leaves at once if its source is connected.
   * A fault report needs its written fields (`faultReport`) and confirmed repair.
   */
  send(key: TicketKey, kind: ReportKind, by: Reporter, faultReport?: FaultReportFields): Promise<ReportEntry> {
    requireOperator(by);
    return this.once(key, kind, null, async (at) => {
      const { doc, customer, row } = composeReport(this.options, key, kind, at, { ...by, faultReport });
      const attachments: ReportAttachment[] = [];
      if (kind === 'fault-report') {
        const pdf = await printReport(this.options.printer, doc);
        attachments.push({ name: pdfName(doc, key.ticketId), mime: 'application/pdf', base64: pdf.toString('base64') });
      }
      const composed: Composed = {
        kind,
        audience: doc.audience,
        locale: doc.locale,
        title: doc.title,
        body: documentText(doc),
        customer,
        attachments,
        document: doc,
        policyVersion: doc.policyVersion,
        claimCycle: claimCycle(row, kind),
      };
      return composed;
    }, by);
  }

  /**
   * 核实: a check to the city NOC and one to the handler, each claimed for the
   * running check cycle before it leaves (a console that loses the claim
   * shows who is checking). A ticket the policy does not check is refused.
   */
  async check(key: TicketKey, by: Reporter): Promise<ReportEntry[]> {
    requireOperator(by);
    // Both parties at once: their outbox rows share a commit, their claims and sends overlap.
    return Promise.all(
      REPLY_PARTIES.map((party) =>
        this.once(key, 'check', party, (at) => {
          const row = this.row(key, at);
          if (!row.clocks.some((clock) => clock.name === 'check' && clock.state !== 'notApplicable')) {
            throw new Error(`ticket ${key.ticketId} is not checked under policy ${this.options.engine.policy.version} (tier and major-fault rules of the check clock)`);
          }
          const replyWithin = limitMs(this.options.engine.policy.clocks.check.noReplyAfter);
          return this.act(row, 'check', party, null, checkMessage(row, party, by.locale, at, replyWithin), by);
        }, by),
      ),
    );
  }

  /** 催办: presses `audience` on one clock of the ticket; only a running clock in warning or breached may be urged. */
  urge(key: TicketKey, target: { audience: ReplyParty; subject: ReportSubject }, by: Reporter): Promise<ReportEntry> {
    requireOperator(by);
    const { audience, subject } = target;
    return this.once(key, 'urge', audience, (at) => {
      const row = this.row(key, at);
      const clock = row.clocks.find((c) => c.name === subject.clock && c.index === subject.index);
      if (!clock) throw new Error(`ticket ${key.ticketId} has no ${subject.clock} limit #${subject.index + 1}`);
      return this.act(row, 'urge', audience, subject, urgeMessage(row, audience, clock, by.locale), by);
    }, by);
  }

  /**
   * 认领: the operator owns the alarm of one clock instance of the ticket, sent
   * to the NOC as an `acknowledge` report. Its id is made of the ticket and the
   * clock instance, so every console pressing it files one report upstream: the
   * first acknowledgement stands, and every console learns it from the echo.
   */
  acknowledge(key: TicketKey, subject: ReportSubject, by: Reporter): Promise<ReportEntry> {
    requireOperator(by);
    const id = `ack-${key.source}-${key.ticketId}-${subject.clock}-${subject.index}`;
    return this.once(key, 'acknowledge', 'noc', (at) => {
      const detail = ticketDetail(this.options.engine, key, at);
      const clock = detail.clocks.find((c) => c.name === subject.clock && c.index === subject.index);
      if (!clock) throw new Error(`ticket ${key.ticketId} has no ${subject.clock} limit #${subject.index + 1}`);
      const message = acknowledgeMessage(detail.row, clock.name, { operator: by.operator, console: this.options.consoleName() }, by.locale);
      return this.act(detail.row, 'acknowledge', 'noc', subject, message, by);
    }, by, { id });
  }

  /**
   * 交接班: a `handover` report to the NOC (no ticket), composed at the instant
   * it is written (`compose(at)`), written with the caller's rows (`alongside`)
   * in one batch, and sent to `source`. A fixed `id` writes it at most once.
   */
  handover(
    source: string,
    compose: (at: number) => Promise<HandoverReport>,
    by: Reporter,
    own: OwnReport = {},
  ): Promise<ReportEntry> {
    requireOperator(by);
    return this.once({ source, ticketId: null }, 'handover', 'noc', async (at) => {
      const report = await compose(at);
      return { kind: 'handover', audience: 'noc', locale: by.locale, customer: null, subject: null, claimCycle: null, ...report };
    }, by, own);
  }

  /** A supervision act as the outbox holds it: words, no printed document. */
  private act(row: BoardRow, kind: 'check' | 'urge' | 'acknowledge', audience: ReplyParty | 'noc', subject: ReportSubject | null, message: SupervisionMessage, by: Reporter): Composed {
    return {
      kind,
      audience,
      locale: by.locale,
      title: message.title,
      body: message.body,
      customer: row.customer?.name ?? null,
      attachments: [],
      document: null,
      policyVersion: this.options.engine.policy.version,
      subject,
      claimCycle: claimCycle(row, kind),
    };
  }

  private row(key: TicketKey, at: number): BoardRow {
    return ticketDetail(this.options.engine, key, at).row;
  }

  /**
   * Writes one report unless the ticket already has an unanswered one of the
   * same kind to the same audience (then that one is sent again), and hands it
   * to the sender. A second call while the first is being written joins it.
   */
  private once(
    key: TicketKey | { source: string; ticketId: null },
    kind: UpwardReportKind,
    audience: UpwardReportAudience | null,
    compose: (at: number) => Composed | Promise<Composed>,
    by: Reporter,
    own: OwnReport = {},
  ): Promise<ReportEntry> {
    const id = own.id ?? `${key.source}:${key.ticketId}:${kind}:${audience ?? ''}`;
    const under = this.writing.get(id);
    if (under) return under;
    const written = (async () => {
      const open = this.read((reads) =>
        own.id !== undefined ? reads.outbox.get(own.id) : key.ticketId === null ? null : reads.outbox.openOfKind(key.source, key.ticketId, kind, audience),
      );
      // A report written under a fixed id exists once: sent again while unanswered, returned as it stands after.
      if (open) return open.state === 'queued' || open.state === 'sent' ? this.dispatch(open) : open;
      const at = wholeSecond(this.options.now());
      const composed = await compose(at);
      const report: NewReport = {
        ...composed,
        id: own.id ?? newReportId(at),
        ...key,
        createdAt: at,
        operator: by.operator,
        console: this.options.consoleName(),
        replaces: null,
      };
      await this.commit((batch) => {
        outboxWrites.insert(batch, report);
        own.alongside?.(batch, report);
      });
      const entry = this.read((reads) => reads.outbox.get(report.id))!;
      this.options.onChange?.(entry);
      return this.dispatch(entry);
    })().finally(() => this.writing.delete(id));
    this.writing.set(id, written);
    return written;
  }

  /** Hands a queued report to the sender without waiting for its answer. */
  private dispatch(entry: ReportEntry): ReportEntry {
    this.sender.send(entry.id).catch((error: unknown) => console.warn(`report ${entry.id} not sent: ${(error as Error).message}`));
    return entry;
  }

  private read<T>(fn: (reads: Reads) => T): T {
    return this.options.engine.store.read(fn);
  }

  private commit(add: (batch: WriteBatch) => void): Promise<unknown> {
    const batch = new WriteBatch();
    add(batch);
    return this.options.engine.store.write(batch);
  }

  /** Every report the board's open tickets owe now (checks too), sent in one action; each cadence report is claimed first. */
  async sendDue(level: BoardLevel, by: Reporter): Promise<ReportEntry[]> {
    requireOperator(by);
    const rows = boardRows(this.options.engine, level, this.options.now());
    // A fault report is written by a person (cause, measures, prevention): never sent for them.
    const wanted = rows.flatMap((row) =>
      dueReportKinds(row)
        .filter((kind) => kind !== 'fault-report')
        .map((kind) => ({ key: { source: row.source, ticketId: row.ticketId }, kind })),
    );
    // All at once: the writer commits the outbox rows that wait for it together (one commit, not one
    // per report), and the claims and sends overlap; a failed ticket does not stop the others.
    const written = await Promise.allSettled(
      wanted.map(({ key, kind }) => (kind === 'check' ? this.check(key, by) : this.send(key, kind, by).then((entry) => [entry]))),
    );
    const sent: ReportEntry[] = [];
    written.forEach((result, i) => {
      if (result.status === 'fulfilled') sent.push(...result.value);
      else console.warn(`report ${wanted[i]!.kind} of ${wanted[i]!.key.source}:${wanted[i]!.key.ticketId} not written: ${(result.reason as Error).message}`);
    });
    return sent;
  }

  list(filter: ReportFilter): ReportEntry[] {
    return this.read((reads) => reads.outbox.list(filter));
  }

  /** Sends a refused report again: unchanged under its id, edited as a new report. */
  async resend(id: string, edit: { title?: string; body?: string }, by: Reporter): Promise<ReportEntry> {
    requireOperator(by);
    const entry = this.read((reads) => reads.outbox.get(id));
    if (!entry) throw new Error(`no report ${id}`);
    if (entry.state === 'queued' || entry.state === 'sent') return this.dispatch(entry);
    if (entry.state === 'acknowledged') throw new Error(`report ${id} is already acknowledged (${entry.receipt})`);
    if (entry.supersededBy) throw new Error(`report ${id} was edited and resent as ${entry.supersededBy}`);
    if (entry.state === 'yielded') {
      throw new Error(`report ${id} was not sent: ${entry.claimedBy?.name ?? 'another console'} (${entry.claimedBy?.console ?? '?'}) claimed its cycle first`);
    }
    const title = edit.title ?? entry.title;
    const body = edit.body ?? entry.body;
    if (title === entry.title && body === entry.body) {
      await this.commit((batch) => outboxWrites.requeue(batch, id));
      const requeued = this.read((reads) => reads.outbox.get(id))!;
      this.options.onChange?.(requeued);
      return this.dispatch(requeued);
    }
    const { payload, document } = this.read((reads) => ({ payload: reads.outbox.payload(id)!, document: reads.outbox.document(id)! }));
    const at = wholeSecond(this.options.now());
    const replacement: NewReport & { replaces: string } = {
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
      document: document === null ? null : { ...document, title },
      createdAt: at,
      operator: by.operator,
      console: this.options.consoleName(),
      subject: entry.subject,
      // The cycle stays this console's: a claim asked again by its holder is granted again.
      claimCycle: entry.claimCycle,
      policyVersion: entry.policyVersion,
      replaces: id,
    };
    await this.commit((batch) => outboxWrites.insertReplacement(batch, replacement));
    const [original, written] = this.read((reads) => [reads.outbox.get(id)!, reads.outbox.get(replacement.id)!]);
    this.options.onChange?.(original);
    this.options.onChange?.(written);
    return this.dispatch(written);
  }

  /** A stored report as it was sent, or a ticket's report as it stands now. */
  async pdf(args: { id: string } | (TicketKey & Reporter & { kind: ReportKind; faultReport?: FaultReportFields; edition?: ReportEdition })): Promise<PdfFile> {
    let doc: ReportDocument;
    let ticketId: string;
    if ('id' in args) {
      const stored = this.read((reads) => ({ doc: reads.outbox.document(args.id), entry: reads.outbox.get(args.id) }));
      if (!stored.doc || !stored.entry) throw new Error(`no report ${args.id}`);
      doc = stored.doc;
      ticketId = stored.entry.ticketId ?? stored.entry.kind;
    } else {
      doc = composeReport(this.options, args, args.kind, this.options.now(), {
        operator: args.operator,
        locale: args.locale,
        faultReport: args.faultReport,
        edition: args.edition,
      }).doc;
      ticketId = args.ticketId;
    }
    const pdf = await printReport(this.options.printer, doc);
    return { fileName: pdfName(doc, ticketId), mime: 'application/pdf', base64: pdf.toString('base64') };
  }
}

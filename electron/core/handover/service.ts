// Signing and acknowledging a handover. The outgoing lead signs the sheet as it
// stands (refused without a reason while a group-tier clock is breached); it is
// kept here with its sheet and sent upstream as a `handover` report with its
// PDF, so every console of the room sees it by the source's echo. The incoming
// lead acknowledges item by item or as a whole; the whole acknowledgement goes
// upstream too, as a `handover` report with the id `<handover id>.ack` (so it is
// filed once however many seats press it, and every console can tell which
// handover it acknowledges from the echo alone).
import type { HandoverEntry, HandoverSheet, Reporter, ReportEntry } from '../../../shared/contract';
import { buildHandoverDocument, sheetItems, shiftAt, signatureProblem, type ShiftSettings } from '../../../shared/handover';
import { STRINGS } from '../../../shared/i18n';
import { documentText, fill } from '../../../shared/reports';
import { formatFileStamp, formatShanghaiMinute } from '../../../shared/time';
import type { Engine } from '../ingest/engine';
import type { PdfPrinter } from '../pdf';
import type { PdfFile, ReportService } from '../reports/service';
import { printReport } from '../reports/print';
import type { ReportTemplates } from '../reports/templates';
import { echoesReports } from '../store/sources';
import { handoverWrites, type EchoedHandover, type HandoverAck, type SignedHandover } from '../store/handovers';
import { WriteBatch } from '../store/statements';
import { handoverSheet } from './sheet';

export interface HandoverServiceOptions {
  engine: Engine;
  reports: ReportService;
  printer: PdfPrinter;
  templates: ReportTemplates;
  now(): number;
  shifts(): Pick<ShiftSettings, 'starts'>;
  consoleName(): string;
  onChange?(entry: HandoverEntry): void;
}

const ACK_SUFFIX = '.ack';
const WHOLE = '*';
/** How many echoes per source the list reads back (a handover and its acknowledgement each). */
const ECHOES_READ = 400;

/** An echo batch is a few reports: its handovers are among the newest source events. */
const RECENT_ECHOES = 8;

export const acknowledgementId = (handoverId: string) => `${handoverId}${ACK_SUFFIX}`;

export class HandoverService {
  constructor(private readonly options: HandoverServiceOptions) {}

  /** The sheet at `at` (default now), with the outgoing lead's note. */
  sheet(at = this.options.now(), note = ''): HandoverSheet {
    return handoverSheet(this.options.engine, { at, shifts: this.options.shifts(), note });
  }

  /** The source a handover goes to: the first that echoes reports (every console then sees it), else the first. */
  private upstream(): string {
    const sources = this.options.engine.sources();
    const chosen = sources.find((s) => echoesReports(s) && s.level === 'province') ?? sources.find((s) => echoesReports(s)) ?? sources[0];
    if (!chosen) throw new Error('no source to send the handover to: configure a source first');
    return chosen.id;
  }

  async sign(by: Reporter & { note: string; reason?: string }): Promise<HandoverEntry> {
    if (by.operator.trim() === '') throw new Error('no operator name: set your name in Settings first (the outgoing lead signs the handover)');
    const source = this.upstream();
    const reason = by.reason?.trim() ? by.reason.trim() : null;
    let signed: SignedHandover | null = null;
    const entry = await this.options.reports.handover(
      source,
      async (at) => {
        const sheet = this.sheet(at, by.note);
        const problem = signatureProblem(sheet, reason ?? undefined);
        if (problem) throw new Error(problem);
        const doc = buildHandoverDocument(sheet, this.options.templates.get(by.locale), { outgoing: { by: by.operator, at }, reason });
        const pdf = await printReport(this.options.printer, doc);
        signed = { id: '', source, at, shift: sheet.shift, outgoing: by.operator, outgoingConsole: this.options.consoleName(), reason, note: by.note, sheet };
        const words = STRINGS[by.locale].handover;
        return {
          title: fill(words.echoTitle, { from: formatShanghaiMinute(sheet.shift.from), to: formatShanghaiMinute(sheet.shift.to), name: by.operator }),
          body: documentText(doc),
          document: doc,
          attachments: [{ name: `${doc.name}_${formatFileStamp(at)}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') }],
          policyVersion: sheet.policyVersion,
        };
      },
      by,
      { alongside: (batch, report) => handoverWrites.insert(batch, { ...signed!, id: report.id }) },
    );
    return this.changed(entry.id);
  }

  /** The incoming lead acknowledges `items` of the sheet, or the whole when `items` is omitted. */
  async acknowledge(id: string, by: Reporter, items?: readonly string[]): Promise<HandoverEntry> {
    if (by.operator.trim() === '') throw new Error('no operator name: set your name in Settings first (the incoming lead acknowledges under it)');
    const { entry, sheet } = this.get(id);
    if (entry.outgoing.by === by.operator) throw new Error(`${by.operator} signed this handover: the incoming lead acknowledges it`);
    const known = sheetItems(sheet);
    const unknown = (items ?? []).filter((item) => !known.includes(item));
    if (unknown.length > 0) throw new Error(`not items of handover ${id}: ${unknown.slice(0, 5).join(', ')}`);
    const at = this.options.now();
    const console = this.options.consoleName();
    const acks: HandoverAck[] = (items ?? []).map((item) => ({ handoverId: id, source: entry.source, item, by: by.operator, console, at }));
    const done = new Set([...entry.items.map((i) => i.item), ...(items ?? [])]);
    const whole = items === undefined || known.every((item) => done.has(item));
    if (!whole) {
      const batch = new WriteBatch();
      for (const ack of acks) handoverWrites.acknowledge(batch, ack);
      await this.options.engine.store.write(batch);
      return this.changed(id);
    }
    const words = STRINGS[by.locale].handover;
    const shift = entry.shift ?? shiftAt(entry.at, this.options.shifts());
    await this.options.reports.handover(
      entry.source,
      async (sentAt) => ({
        title: fill(words.ackTitle, { from: formatShanghaiMinute(shift.from), to: formatShanghaiMinute(shift.to), name: by.operator }),
        body: fill(words.ackBody, {
          name: by.operator,
          at: formatShanghaiMinute(sentAt),
          outgoing: entry.outgoing.by,
          id,
          items: items === undefined ? words.ackWhole : fill(words.ackItems, { count: done.size }),
        }),
        document: null,
        attachments: [],
        policyVersion: sheet.policyVersion,
      }),
      by,
      {
        id: acknowledgementId(id),
        alongside: (batch) => {
          for (const ack of acks) handoverWrites.acknowledge(batch, ack);
          handoverWrites.acknowledge(batch, { handoverId: id, source: entry.source, item: WHOLE, by: by.operator, console, at });
        },
      },
    );
    return this.changed(id);
  }

  /** Handovers known here, newest first: signed on this console, or echoed by a source from any console. */
  list(limit = 50, echoesRead = ECHOES_READ): HandoverEntry[] {
    const { engine } = this.options;
    return engine.store.read((reads) => {
      const signed = reads.handovers.latest(limit);
      const echoes = engine.sources().flatMap((s) => reads.handovers.echoes(s.id, echoesRead));
      const ackEchoes = new Map(echoes.filter((e) => e.reportId.endsWith(ACK_SUFFIX)).map((e) => [e.reportId.slice(0, -ACK_SUFFIX.length), e]));
      const handoverEchoes = new Map(echoes.filter((e) => !e.reportId.endsWith(ACK_SUFFIX)).map((e) => [e.reportId, e]));
      const ids = new Set([...signed.map((h) => h.id), ...handoverEchoes.keys()]);
      const entries = [...ids].map((id) =>
        this.entryOf(
          id,
          signed.find((h) => h.id === id) ?? null,
          handoverEchoes.get(id) ?? null,
          ackEchoes.get(id) ?? null,
          reads.handovers.acks(id),
          reads.outbox.get(id),
        ),
      );
      return entries.sort((a, b) => b.at - a.at).slice(0, limit);
    });
  }

  /** One handover and its sheet: as signed here, or recomputed at its instant from this cache for one signed elsewhere. */
  get(id: string): { entry: HandoverEntry; sheet: HandoverSheet } {
    const entry = this.list(500).find((e) => e.id === id);
    if (!entry) throw new Error(`no handover ${id}`);
    const signed = this.options.engine.store.read((reads) => reads.handovers.get(id));
    return { entry, sheet: signed?.sheet ?? this.sheet(entry.at, '') };
  }

  /** The printed sheet, with both signatures once the incoming lead has acknowledged it. */
  async pdf(id: string, locale: Reporter['locale']): Promise<PdfFile> {
    const { entry, sheet } = this.get(id);
    const doc = buildHandoverDocument(sheet, this.options.templates.get(locale), {
      outgoing: { by: entry.outgoing.by, at: entry.outgoing.at },
      reason: entry.reason,
      incoming: entry.acknowledged && { by: entry.acknowledged.by, at: entry.acknowledged.at },
    });
    const pdf = await printReport(this.options.printer, doc);
    return { fileName: `${doc.name}_${formatFileStamp(sheet.at)}.pdf`, mime: 'application/pdf', base64: pdf.toString('base64') };
  }

  /** Echoed reports reached the disk: the handovers they sign or acknowledge, as they now stand. */
  echoed(reportIds: readonly string[]): HandoverEntry[] {
    const ids = new Set(reportIds.map((id) => (id.endsWith(ACK_SUFFIX) ? id.slice(0, -ACK_SUFFIX.length) : id)));
    // Most echoes are ticket reports: the few newest source events tell whether any was a handover's.
    const recent = this.options.engine.store.read((reads) => this.options.engine.sources().flatMap((s) => reads.handovers.echoes(s.id, RECENT_ECHOES)));
    if (!recent.some((echo) => reportIds.includes(echo.reportId))) return [];
    const changed = this.list(50).filter((entry) => ids.has(entry.id));
    for (const entry of changed) this.options.onChange?.(entry);
    return changed;
  }

  private changed(id: string): HandoverEntry {
    const entry = this.get(id).entry;
    this.options.onChange?.(entry);
    return entry;
  }

  private entryOf(
    id: string,
    signed: SignedHandover | null,
    echo: EchoedHandover | null,
    ackEcho: EchoedHandover | null,
    acks: readonly HandoverAck[],
    report: ReportEntry | null,
  ): HandoverEntry {
    const whole = acks.find((a) => a.item === WHOLE);
    const at = signed?.at ?? echo!.createdAt;
    return {
      id,
      source: signed?.source ?? echo!.source,
      at,
      shift: signed?.shift ?? shiftAt(at, this.options.shifts()),
      outgoing: signed
        ? { by: signed.outgoing, console: signed.outgoingConsole, at: signed.at }
        : { by: echo!.operator?.name ?? '?', console: echo!.operator?.console ?? '?', at: echo!.createdAt },
      reason: signed?.reason ?? null,
      note: signed?.note ?? null,
      title: echo?.title ?? report?.title ?? '',
      reportState: report?.state ?? null,
      echoed: echo !== null,
      acknowledged: whole
        ? { by: whole.by, console: whole.console, at: whole.at }
        : ackEcho
          ? { by: ackEcho.operator?.name ?? '?', console: ackEcho.operator?.console ?? '?', at: ackEcho.createdAt }
          : null,
      items: acks.filter((a) => a.item !== WHOLE).map((a) => ({ item: a.item, by: a.by, console: a.console, at: a.at })),
    };
  }
}

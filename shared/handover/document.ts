// The handover sheet as a document: the same structure the fault report
// prints from (shared/reports/document.ts), so the A4 page, its furniture
// (page numbers, times, policy version) and the plain-text body sent upstream
// come from the one renderer. Pure: a sheet, its signatures and a language
// always give the same document.
import type { HandoverSheet, Obligation } from '../contract';
import { STRINGS, type Strings } from '../i18n';
import { documentFurniture, durationText } from '../reports/build';
import type { DocSection, ReportDocument } from '../reports/document';
import { fill, type ReportTemplate } from '../reports/template';
import { formatShanghaiMinute } from '../time';

export interface HandoverSignatures {
  outgoing: { by: string; at: number };
  reason: string | null;
  incoming?: { by: string; at: number } | null;
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** "2026-11-22 08:00" → "202611220800". */
const stamp = (at: number) => formatShanghaiMinute(at).replace(/\D/g, '');

/** Month-day and minute: the year is in the title block. */
const short = (at: number | null, none: string) => (at === null ? none : formatShanghaiMinute(at).slice(5));

function clockName(o: { clock: Obligation['clock']; index: number }, strings: Strings, locale: 'zh-CN' | 'en'): string {
  const name = strings.code.clock[o.clock];
  if (o.index === 0) return name;
  return locale === 'en' ? `${name} #${o.index + 1}` : `${name}（第 ${o.index + 1} 次）`;
}

const ticketCell = (t: { ticketId: string; customer: string | null }) => (t.customer ? `${t.ticketId} ${t.customer}` : t.ticketId);

/** The alarms not acknowledged: the tickets' and the feeds' in one table; a sheet from before the alarm log says it is not covered (never "none"). */
function alarmsSection(sheet: HandoverSheet, strings: Strings, locale: 'zh-CN' | 'en'): DocSection {
  const words = strings.handover;
  const base = { id: 'alarms' as const, heading: words.sectionAlarms };
  if (!sheet.alarms.tracked) return { ...base, paragraphs: [words.alarmsNotTracked] };
  const { unacknowledged, feeds } = sheet.alarms;
  if (unacknowledged.length === 0 && feeds.length === 0) return { ...base, paragraphs: [words.none] };
  const cols = strings.alarm.col;
  return {
    ...base,
    table: {
      columns: [cols.raisedAt, cols.severity, words.ticket, cols.clock],
      rows: [
        ...unacknowledged.map((a) => [short(a.since, words.none), strings.alarm.severity[a.severity], ticketCell(a), clockName(a, strings, locale)]),
        ...feeds.map((f) => [short(f.since, words.none), strings.alarm.severity[f.severity], f.name, strings.alarm.cause.feedStale]),
      ],
      wrap: 2,
    },
  };
}

export function buildHandoverDocument(sheet: HandoverSheet, template: ReportTemplate, signatures: HandoverSignatures): ReportDocument {
  const locale = template.locale;
  const strings = STRINGS[locale];
  const words = strings.handover;
  const none = words.none;
  const time = (at: number) => formatShanghaiMinute(at);
  const left = (o: Obligation) => {
    if (o.dueAt === null) return words.paused;
    const ms = o.dueAt - sheet.at;
    return fill(ms >= 0 ? words.left : words.over, { d: durationText(ms, strings) });
  };
  const shiftText = `${time(sheet.shift.from)} — ${time(sheet.shift.to)}`;
  const leftOutNote = (code: HandoverSheet['leftOut'][number]) => (sheet.leftOut.includes(code) ? words.leftOut[code] : undefined);

  const sections: DocSection[] = [
    {
      id: 'overview',
      heading: words.sectionOverview,
      fields: [
        [words.shift, shiftText],
        [words.handoverAt, time(sheet.at)],
        [words.tickets, String(sheet.tickets)],
        [words.policyVersion, sheet.policyVersion],
      ],
      note: leftOutNote('localTickets'),
    },
    {
      id: 'obligations',
      heading: words.sectionObligations,
      ...(sheet.obligations.length === 0
        ? { paragraphs: [none] }
        : {
            table: {
              columns: [words.ticket, words.clock, words.due, words.remaining, words.state],
              rows: sheet.obligations.map((o) => [ticketCell(o), clockName(o, strings, locale), short(o.dueAt, words.paused), left(o), strings.code.clockState[o.state]]),
              tones: sheet.obligations.map((o) => o.state),
              wrap: 0,
            },
          }),
      note: leftOutNote('closedTicketsExceptFaultReport'),
    },
    {
      id: 'breaches',
      heading: words.sectionBreaches,
      ...(sheet.breaches.length === 0
        ? { paragraphs: [none] }
        : {
            table: {
              columns: [words.ticket, words.clock, words.breachedAt, words.stoppedAt, words.state],
              rows: sheet.breaches.map((b) => [ticketCell(b), clockName(b, strings, locale), short(b.breachedAt, none), short(b.stoppedAt, none), strings.code.clockState[b.state]]),
              tones: sheet.breaches.map((b) => b.state),
              wrap: 0,
            },
          }),
    },
    {
      id: 'reports',
      heading: words.sectionReports,
      fields: [
        [words.sent, String(sheet.reports.sent)],
        [words.queued, String(sheet.reports.queued)],
        [words.refused, String(sheet.reports.refused)],
        [words.yielded, String(sheet.reports.yielded)],
      ],
      ...(sheet.reports.unsettled.length === 0
        ? {}
        : {
            table: {
              columns: [words.sentAt, words.ticket, words.kind, words.reportTitle, words.reportState],
              rows: sheet.reports.unsettled.map((r) => [
                short(r.createdAt, none),
                r.ticketId ?? none,
                strings.code.reportKind[r.kind],
                r.refusal ? `${r.title}（${r.refusal}）` : r.title,
                template.reportStates[r.state],
              ]),
              wrap: 3,
            },
          }),
      note: leftOutNote('otherConsolesQueues'),
    },
    {
      id: 'checks',
      heading: words.sectionChecks,
      ...(sheet.unansweredChecks.length === 0
        ? { paragraphs: [none] }
        : {
            table: {
              columns: [words.ticket, words.party, words.sentAt, words.sentBy],
              rows: sheet.unansweredChecks.map((c) => [ticketCell(c), strings.supervise.party[c.party], short(c.createdAt, none), c.operator ?? none]),
              wrap: 0,
            },
          }),
    },
    {
      id: 'suspensions',
      heading: words.sectionSuspensions,
      ...(sheet.pendingSuspensions.length === 0
        ? { paragraphs: [none] }
        : {
            table: {
              columns: [words.ticket, words.requestedAt, words.sentBy, words.requestState],
              rows: sheet.pendingSuspensions.map((s) => [ticketCell(s), short(s.createdAt, none), s.operator ?? none, words.suspensionState[s.state]]),
              wrap: 0,
            },
          }),
    },
    alarmsSection(sheet, strings, locale),
    {
      id: 'note',
      heading: words.sectionNote,
      paragraphs: [sheet.note.trim() === '' ? words.noteEmpty : sheet.note.trim()],
      ...(signatures.reason ? { fields: [[words.reason, signatures.reason]] as [string, string][] } : {}),
    },
  ];
  const numbered = sections.map((s, i) => ({ ...s, heading: locale === 'en' ? `${i + 1}. ${s.heading}` : `${CHINESE_NUMERALS[i] ?? i + 1}、${s.heading}` }));
  const incoming = signatures.incoming ?? null;
  numbered.push({
    id: 'signature',
    heading: words.signature,
    fields: [
      [words.outgoing, `${signatures.outgoing.by}  ${time(signatures.outgoing.at)}`],
      [words.incoming, incoming ? `${incoming.by}  ${time(incoming.at)}` : ''],
    ],
  });
  const vars = {
    from: time(sheet.shift.from),
    to: time(sheet.shift.to),
    at: time(sheet.at),
    tickets: sheet.tickets,
    obligations: sheet.obligations.length,
    breaches: sheet.breaches.length,
  };
  return {
    kind: 'handover',
    audience: 'noc',
    locale,
    number: `JJB-${stamp(sheet.shift.from)}-${stamp(sheet.at)}`,
    name: words.docName,
    title: fill(words.docTitle, vars),
    issuer: template.issuer,
    department: template.department,
    generatedAt: sheet.at,
    operator: signatures.outgoing.by,
    policyVersion: sheet.policyVersion,
    salutation: words.docSalutation,
    lead: fill(words.docLead, vars),
    sections: numbered,
    furniture: documentFurniture(template),
  };
}

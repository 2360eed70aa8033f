// Fills a report template from a ticket as it stood at `at`. Pure: the same
// ticket, kind, template, operator and time always give the same document.
import type { ClockDto, FaultReportFields, ReportEdition, ReportState, TicketDetail, TimelineEntry } from '../contract';
import { STRINGS, type Strings } from '../i18n';
import type { ReportKind } from '../protocol';
import { isCadence } from '../domain/status';
import { formatShanghaiMinute, splitDuration } from '../time';
import type { DocSection, ReportDocument } from './document';
import { CUSTOMER_CLOCKS, CUSTOMER_EVENT_TYPES, confirmationOf, REPORTS_OF_CLOCK } from './fault-report';
import { fill, type ReportSection, type ReportTemplate, type TemplateVars } from './template';

/** An earlier report of the ticket, for the fault report's history section. */
export interface ReportHistoryItem {
  createdAt: number;
  kind: ReportKind;
  state: ReportState;
  receipt: string | null;
  receivedAt: number | null;
}

export interface BuildInput {
  detail: TicketDetail;
  kind: ReportKind;
  template: ReportTemplate;
  /** Who reports; an empty name prints the template's "operator not set". */
  operator: string;
  at: number;
  history?: readonly ReportHistoryItem[];
  /** The fault report's cause, measures, prevention and confirmer, written by a person (fault-report.ts checks them). */
  faultReport?: FaultReportFields;
  /** A fault report for the customer (the default) or the NOC's own copy with its internal obligations. */
  edition?: ReportEdition;
}

const KIND_CODES: Record<ReportKind, string> = {
  progress: 'JD',
  'stage-feedback': 'FK',
  'fault-report': 'BG',
  'suspend-request': 'GQ',
};


/** "2026-11-22 09:31" → "202611220931": the minute part of a report number. */
function minuteStamp(at: number): string {
  return formatShanghaiMinute(at).replace(/\D/g, '');
}

/** The two most significant units in the document's language ("3小时12分", "3h 12m"). */
export function durationText(ms: number, strings: Strings): string {
  const p = splitDuration(ms);
  const units = [
    [p.days, strings.duration.days, 'd'],
    [p.hours, strings.duration.hours, 'h'],
    [p.minutes, strings.duration.minutes, 'm'],
    [p.seconds, strings.duration.seconds, 's'],
  ] as const;
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return fill(strings.duration.minutes, { m: 0 });
  return units
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, word, key]) => fill(word, { [key]: value }))
    .join('');
}

function limitText(clock: ClockDto, template: ReportTemplate): string {
  if (!clock.limit) return template.labels.none;
  if ('minutes' in clock.limit) return fill(template.limitUnits.minutes, { n: clock.limit.minutes });
  if ('hours' in clock.limit) return fill(template.limitUnits.hours, { n: clock.limit.hours });
  return fill(template.limitUnits.workingDays, { n: clock.limit.workingDays });
}

function eventDetail(entry: TimelineEntry, strings: Strings, template: ReportTemplate): string {
  const data = entry.summary as Record<string, unknown>;
  const parts: string[] = [];
  const str = (key: string) => (typeof data[key] === 'string' && data[key] !== '' ? (data[key] as string) : null);
  const center = str('center');
  if (center && center in strings.code.center) parts.push(strings.code.center[center as keyof Strings['code']['center']]);
  const result = str('result');
  if (result === 'resolved' || result === 'failed') parts.push(template.preprocessResult[result]);
  for (const key of ['handler', 'team', 'segment', 'note', 'reason', 'cause', 'resolution', 'by', 'title']) {
    const value = str(key);
    if (value) parts.push(value);
  }
  const satisfaction = str('satisfaction');
  if (satisfaction) parts.push(satisfaction);
  return parts.join(' · ') || template.labels.none;
}

/** A clock printed once keeps its plain name; repeated ones count from 第 1 次 / #1. */
function clockName(clock: ClockDto, repeated: boolean, strings: Strings, locale: 'zh-CN' | 'en'): string {
  const name = strings.code.clock[clock.name];
  if (!repeated) return name;
  const n = clock.index + 1;
  return locale === 'en' ? `${name} #${n}` : `${name}（第 ${n} 次）`;
}

/**
 * Time between a clock's start and its stop (or `at`) that its limit does not
 * count: suspension, the time a repaired or closed ticket waited before a
 * reopen, non-working days of a working-day limit.
 */
function excludedText(clock: ClockDto, reopened: boolean, at: number, strings: Strings, template: ReportTemplate): string | null {
  if (clock.startedAt === null) return null;
  const span = (clock.stoppedAt ?? at) - clock.startedAt;
  const rest = span - clock.elapsedMs - clock.pausedMs;
  const parts: string[] = [];
  if (clock.pausedMs >= 60_000) parts.push(`${template.labels.excludedSuspension} ${durationText(clock.pausedMs, strings)}`);
  if (rest >= 60_000) {
    const why = clock.limit && 'workingDays' in clock.limit ? template.labels.excludedNonWorking : reopened ? template.labels.excludedReopen : null;
    if (why) parts.push(`${why} ${durationText(rest, strings)}`);
  }
  return parts.length ? parts.join(template.locale === 'en' ? '; ' : '；') : null;
}

/**
 * The state of a clock as the page says it. A report obligation that ended
 * without the report (the ticket closed first) is never "completed": it ended
 * unreported, overdue or not yet due.
 */
function stateOf(
  clock: ClockDto,
  history: readonly ReportHistoryItem[],
  timeline: readonly TimelineEntry[],
  strings: Strings,
  template: ReportTemplate,
): { text: string; tone: ClockDto['state'] | null; stopped: number | null } {
  const kinds = REPORTS_OF_CLOCK[clock.name];
  if (kinds && clock.stoppedAt !== null) {
    const reported =
      history.some((r) => r.state === 'acknowledged' && kinds.includes(r.kind) && r.createdAt === clock.stoppedAt) ||
      (clock.name === 'faultReport' && timeline.some((e) => e.type === 'report-filed' && e.rejected === null && e.at === clock.stoppedAt));
    if (!reported) {
      const overdue = clock.dueAt !== null && clock.dueAt < clock.stoppedAt;
      return overdue
        ? { text: template.labels.endedUnreportedOverdue, tone: 'breached', stopped: null }
        : { text: template.labels.endedUnreportedNotDue, tone: null, stopped: null };
    }
  }
  return { text: strings.code.clockState[clock.state], tone: clock.state, stopped: clock.stoppedAt };
}

/**
 * The clocks worth printing: every single clock and every accept clock, but
 * only the current cycle of a cadence (a long fault has dozens of them).
 */
function printedClocks(clocks: readonly ClockDto[]): ClockDto[] {
  const lastCycle = new Map<string, number>();
  for (const clock of clocks) if (isCadence(clock.name)) lastCycle.set(clock.name, clock.index);
  return clocks.filter(
    (clock) => clock.state !== 'notApplicable' && (!isCadence(clock.name) || lastCycle.get(clock.name) === clock.index),
  );
}

/** "a（b）" in Chinese, "a (b)" in English. */
function withNote(text: string, note: string, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' ? `${text} (${note})` : `${text}（${note}）`;
}

function variables(input: BuildInput, strings: Strings): TemplateVars {
  const { detail, template, at } = input;
  const row = detail.row;
  const none = template.labels.none;
  const time = (ms: number | null) => (ms === null ? none : formatShanghaiMinute(ms));
  const holder = [row.center ? strings.code.center[row.center] : null, row.handler].filter(Boolean).join(' ');
  const repair = row.clocks.find((c) => c.name === 'repair');
  // An estimate is never a deadline already past: past it, the page says so and waits for the handler's word.
  const expectedRecovery =
    repair?.stoppedAt != null
      ? time(repair.stoppedAt)
      : repair?.dueAt != null && repair.dueAt > at
        ? time(repair.dueAt)
        : repair?.dueAt != null
          ? fill(template.labels.recoveryOverdue, { due: time(repair.dueAt) })
          : template.labels.unknown;
  return {
    ticketId: row.ticketId,
    customer: row.customer?.name ?? none,
    customerTier: row.customer ? strings.code.tier[row.customer.tier] : none,
    circuit: row.circuit?.id ?? none,
    circuitLevel: row.circuit ? strings.code.circuitLevel[row.circuit.level] : none,
    service: row.service ? strings.code.service[row.service] : none,
    city: row.city ?? none,
    district: row.district ?? none,
    title: row.title ?? none,
    stage: row.suspension ? withNote(strings.code.stage[row.stage], row.suspension.reason, template.locale) : strings.code.stage[row.stage],
    holder: holder || none,
    createdAt: time(row.createdAt),
    elapsed: row.createdAt === null ? none : durationText((row.closedAt ?? at) - row.createdAt, strings),
    expectedRecovery,
    cause: input.faultReport?.cause ?? detail.cause ?? template.labels.unknown,
    resolution: input.faultReport?.measures ?? detail.resolution ?? template.labels.unknown,
    suspensionReason: row.suspension?.reason ?? none,
    accountManager: row.accountManager ?? none,
    sourceName: row.sourceName,
    operator: input.operator.trim() || template.labels.operatorUnset,
    generatedAt: time(at),
    policyVersion: detail.policyVersion,
  };
}

function section(input: BuildInput, id: ReportSection, vars: TemplateVars, strings: Strings): DocSection {
  const { detail, template, at } = input;
  const labels = template.labels;
  const row = detail.row;
  const time = (ms: number | null) => (ms === null ? labels.none : formatShanghaiMinute(ms));
  const heading = template.sections[id];
  switch (id) {
    case 'facts':
      return {
        id,
        heading,
        fields: [
          [labels.ticketId, row.ticketId],
          [labels.source, row.sourceName],
          [labels.customer, vars.customer],
          [labels.customerTier, vars.customerTier],
          [labels.circuit, row.circuit ? `${vars.circuit} / ${vars.circuitLevel}` : labels.none],
          [labels.service, vars.service],
          [labels.city, row.district ? `${vars.city} / ${vars.district}` : vars.city],
          [labels.title, [row.title, detail.description].filter(Boolean).join(template.locale === 'en' ? '; ' : '；') || labels.none],
          [labels.accountManager, vars.accountManager],
          [labels.createdAt, vars.createdAt],
        ],
      };
    case 'status': {
      const fields: [string, string][] = [
        [labels.stage, vars.stage],
        [labels.holder, vars.holder],
        [labels.elapsed, vars.elapsed],
      ];
      if (row.suspension) {
        const approval = `${strings.code.approvedBy[row.suspension.approvedBy]} ${time(row.suspension.since)}`;
        fields.push([labels.suspension, withNote(row.suspension.reason, approval, template.locale)]);
      }
      if (row.pausedMs > 0) fields.push([labels.paused, durationText(row.pausedMs, strings)]);
      return { id, heading, fields };
    }
    case 'timeline':
      return {
        id,
        heading,
        table: {
          columns: [labels.time, labels.step, labels.detail],
          wrap: 2,
          rows: detail.timeline
            .filter((entry) => entry.kind === 'event' && entry.rejected === null)
            .filter((entry) => !forCustomer(input) || CUSTOMER_EVENT_TYPES.has(entry.type))
            .map((entry) => [
              time(entry.at),
              entry.type in strings.code.eventType ? strings.code.eventType[entry.type as keyof Strings['code']['eventType']] : entry.type,
              eventDetail(entry, strings, template),
            ]),
        },
      };
    case 'clocks':
      return clockTable(input, id, heading, strings, (clock) => input.kind !== 'fault-report' || CUSTOMER_CLOCKS.has(clock.name));
    case 'obligations':
      return clockTable(input, id, heading, strings, (clock) => !CUSTOMER_CLOCKS.has(clock.name));
    case 'cause':
      if (input.kind === 'fault-report' && input.faultReport) {
        const f = input.faultReport;
        return { id, heading, fields: [[labels.cause, f.cause], [labels.resolution, f.measures], [labels.prevention, f.prevention]] };
      }
      return { id, heading, fields: [[labels.cause, vars.cause], [labels.resolution, vars.resolution]] };
    case 'confirmation': {
      const confirmation = confirmationOf(detail);
      return {
        id,
        heading,
        fields: [
          [labels.recoveredAt, time(row.clocks.find((c) => c.name === 'repair')?.stoppedAt ?? null)],
          [labels.confirmedAt, time(confirmation?.at ?? null)],
          [labels.confirmer, input.faultReport?.confirmer ?? confirmation?.by ?? labels.none],
        ],
      };
    }
    case 'nextSteps': {
      const step = row.suspension ? template.nextSteps.suspended : template.nextSteps[row.stage];
      const recovered = row.clocks.some((c) => c.name === 'repair' && c.stoppedAt !== null);
      return { id, heading, paragraphs: [fill(step, vars)], fields: [[recovered ? labels.recoveredAt : labels.expectedRecovery, vars.expectedRecovery]] };
    }
    case 'history': {
      const history = input.history ?? [];
      if (history.length === 0) return { id, heading, paragraphs: [labels.noReports] };
      return {
        id,
        heading,
        table: {
          columns: [labels.time, labels.kind, labels.reportState, labels.receipt],
          rows: history.map((item) => [
            time(item.createdAt),
            strings.code.reportKind[item.kind],
            template.reportStates[item.state],
            item.receipt ? `${item.receipt} / ${time(item.receivedAt)}` : labels.none,
          ]),
        },
      };
    }
    case 'signature':
      return {
        id,
        heading,
        fields: [
          [labels.reporter, vars.operator],
          [labels.reviewer, ''],
        ],
        signoff: { unit: template.issuer, date: documentDate(at, template.locale) },
      };
  }
}

const forCustomer = (input: BuildInput) => input.kind === 'fault-report' && (input.edition ?? 'customer') === 'customer';

/** "2026年12月2日" (GB/T 9704's 成文日期), "2 December 2026". */
export function documentDate(at: number, locale: 'zh-CN' | 'en'): string {
  const [y, m, d] = formatShanghaiMinute(at).slice(0, 10).split('-').map(Number) as [number, number, number];
  if (locale === 'en') return `${d} ${MONTHS[m - 1]} ${y}`;
  return `${y}年${m}月${d}日`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A table of the ticket's clocks that `wanted` keeps, each against its limit, with the time not counted. */
function clockTable(input: BuildInput, id: DocSection['id'], heading: string, strings: Strings, wanted: (clock: ClockDto) => boolean): DocSection {
  const { detail, template, at } = input;
  const labels = template.labels;
  const clocks = printedClocks(detail.clocks).filter(wanted);
  const counts = new Map<string, number>();
  for (const clock of clocks) counts.set(clock.name, (counts.get(clock.name) ?? 0) + 1);
  const reopened = detail.timeline.some((e) => e.type === 'reopened' && e.rejected === null);
  // Month-day times keep the columns on an A4 line; the year is in the title block.
  const short = (ms: number | null) => (ms === null ? labels.none : formatShanghaiMinute(ms).slice(5));
  const excluded = clocks.map((clock) => excludedText(clock, reopened, at, strings, template));
  const anyExcluded = excluded.some((text) => text !== null);
  const states = clocks.map((clock) => stateOf(clock, input.history ?? [], detail.timeline, strings, template));
  // The customer's table: how long each stage took against its limit. The NOC's: when each obligation falls due.
  const customer = forCustomer(input);
  return {
    id,
    heading,
    table: {
      columns: [
        labels.clock,
        labels.limit,
        labels.started,
        customer ? labels.stopped : labels.due,
        customer ? labels.counted : labels.stopped,
        ...(anyExcluded ? [labels.excluded] : []),
        labels.state,
      ],
      rows: clocks.map((clock, i) => [
        clockName(clock, (counts.get(clock.name) ?? 0) > 1, strings, template.locale),
        limitText(clock, template),
        short(clock.startedAt),
        customer ? short(states[i]!.stopped) : short(clock.dueAt),
        customer ? durationText(clock.elapsedMs, strings) : short(states[i]!.stopped),
        ...(anyExcluded ? [excluded[i] ?? labels.none] : []),
        states[i]!.text,
      ]),
      tones: states.map((state) => state.tone),
      ...(anyExcluded ? { wrap: 5 } : {}),
    },
    note: fill(labels.clockNote, { policyVersion: detail.policyVersion }),
  };
}

/** Sections only the NOC's own copy of a fault report carries. */
const NOC_ONLY = new Set<DocSection['id']>(['obligations', 'history']);

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Numbers the headings in order, so a kind that leaves a section out has no gap (一、二、… / 1. 2. …). */
function numbered(sections: DocSection[], locale: 'zh-CN' | 'en'): DocSection[] {
  let n = 0;
  return sections.map((s) => {
    if (s.id === 'signature') return s;
    n += 1;
    return { ...s, heading: locale === 'en' ? `${n}. ${s.heading}` : `${CHINESE_NUMERALS[n - 1] ?? n}、${s.heading}` };
  });
}

/** The report of `kind` for the ticket in `detail`, in the template's language. */
export function buildReport(input: BuildInput): ReportDocument {
  const { detail, kind, template, at } = input;
  const strings = STRINGS[template.locale];
  const kindTemplate = template.kinds[kind];
  const vars = variables(input, strings);
  const edition: ReportEdition = kind === 'fault-report' ? (input.edition ?? 'customer') : 'noc';
  return {
    kind,
    edition,
    audience: kindTemplate.audience,
    locale: template.locale,
    number: `${detail.row.ticketId}-${KIND_CODES[kind]}-${minuteStamp(at)}`,
    name: kind === 'fault-report' && edition === 'noc' ? `${kindTemplate.name}${template.labels.nocEdition}` : kindTemplate.name,
    title: fill(kindTemplate.title, vars),
    issuer: template.issuer,
    department: template.department,
    generatedAt: at,
    operator: vars.operator,
    policyVersion: detail.policyVersion,
    salutation: fill(kindTemplate.salutation, vars),
    lead: fill(kindTemplate.lead, vars),
    sections: numbered(
      kindTemplate.sections.filter((id) => !forCustomer(input) || !NOC_ONLY.has(id)).map((id) => section(input, id, vars, strings)),
      template.locale,
    ),
    furniture: documentFurniture(template),
  };
}

/** The words of a printed page's furniture (header, footer, page numbers), from the template's labels. */
export function documentFurniture(template: ReportTemplate): ReportDocument['furniture'] {
  const { reportNumber, generatedAt, operator, policyVersion, page } = template.labels;
  return { reportNumber, generatedAt, operator, policyVersion, page };
}

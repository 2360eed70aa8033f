// The pure rules of the handover sheet: which clocks a shift hands over, which
// breaches were the shift's, which checks and suspension requests still wait,
// what must be acknowledged, and when a signature needs a reason. The core
// assembles the sheet with them (electron/core/handover/sheet.ts); the
// renderer asks the same questions of the sheet it is shown.
import type {
  AlarmLogEntry,
  BoardRow,
  ClockDto,
  HandoverSheet,
  Obligation,
  PendingSuspension,
  ShiftBreach,
  UnacknowledgedAlarm,
  UnacknowledgedFeedAlarm,
  UnansweredCheck,
} from '../contract';
import { REPLY_PARTIES } from '../protocol';
import { isRunning } from '../domain/status';
import type { Shift } from './shift';

export type TicketRef = Pick<Obligation, 'source' | 'ticketId' | 'customer' | 'tier' | 'city' | 'boards'>;

export function ticketRef(row: BoardRow): TicketRef {
  return {
    source: row.source,
    ticketId: row.ticketId,
    customer: row.customer?.name ?? null,
    tier: row.customer?.tier ?? null,
    city: row.city,
    boards: row.boards,
  };
}

/** Soonest due first; a paused clock (no due instant) after every dated one; then by ticket and clock. */
export function compareObligations(a: Obligation, b: Obligation): number {
  const due = (o: Obligation) => o.dueAt ?? Infinity;
  return due(a) - due(b) || a.ticketId.localeCompare(b.ticketId) || a.clock.localeCompare(b.clock) || a.index - b.index;
}

/** The running clocks of a ticket's row: its obligations. */
export function obligationsOf(row: BoardRow): Obligation[] {
  const ref = ticketRef(row);
  return row.clocks.flatMap((clock) =>
    isRunning(clock) && (clock.state === 'ok' || clock.state === 'warning' || clock.state === 'breached')
      ? [{ ...ref, clock: clock.name, index: clock.index, state: clock.state, startedAt: clock.startedAt, dueAt: clock.dueAt }]
      : [],
  );
}

/** Clocks of a ticket (every instance, earlier cycles too) that breached in the shift, up to `at`. */
export function breachesIn(row: BoardRow, clocks: readonly ClockDto[], shift: Shift, at: number): ShiftBreach[] {
  const ref = ticketRef(row);
  return clocks.flatMap((clock) => {
    if (clock.breachedAt === null || clock.breachedAt < shift.from || clock.breachedAt > at) return [];
    if (clock.state !== 'breached' && clock.state !== 'metLate') return [];
    return [{ ...ref, clock: clock.name, index: clock.index, breachedAt: clock.breachedAt, state: clock.state, stoppedAt: clock.stoppedAt }];
  });
}

/** Checks of the ticket flagged "no reply" (the board's rule, in BoardRow.supervision). */
export function unansweredChecksOf(row: BoardRow): UnansweredCheck[] {
  const ref = ticketRef(row);
  return REPLY_PARTIES.flatMap((party) => {
    const check = row.supervision.checks[party];
    if (!check?.noReply) return [];
    return [{ ...ref, party, reportId: check.reportId, createdAt: check.createdAt, operator: check.operator?.name ?? null }];
  });
}

/** A suspension request as the stream (echo) or this console's outbox knows it. */
export interface SuspensionRequest {
  id: string;
  createdAt: number;
  state: PendingSuspension['state'];
  operator: string | null;
}

/**
 * The ticket's suspension requests the group has not decided by `at`: no
 * suspension started at or after the request. The latest request stands for
 * the ticket (an earlier one it repeats is not listed twice).
 */
export function pendingSuspensionOf(
  row: BoardRow,
  requests: readonly SuspensionRequest[],
  suspensions: readonly { from: number }[],
  at: number,
): PendingSuspension[] {
  const latest = requests.filter((r) => r.createdAt <= at).sort((a, b) => b.createdAt - a.createdAt)[0];
  if (!latest || suspensions.some((s) => s.from >= latest.createdAt && s.from <= at)) return [];
  return [{ ...ticketRef(row), reportId: latest.id, createdAt: latest.createdAt, state: latest.state, operator: latest.operator }];
}

/**
 * The sheet's alarm lists from the alarm log's entries unacknowledged at the
 * instant: a ticket's with the ticket as the sheet shows it (`refs`, by
 * `source:ticketId`), else as the log knows it; a feed's by its name.
 */
export function unacknowledgedAlarmsOf(
  entries: readonly AlarmLogEntry[],
  refs: ReadonlyMap<string, TicketRef>,
): { unacknowledged: UnacknowledgedAlarm[]; feeds: UnacknowledgedFeedAlarm[] } {
  const unacknowledged: UnacknowledgedAlarm[] = [];
  const feeds: UnacknowledgedFeedAlarm[] = [];
  for (const entry of entries) {
    if (entry.ticketId === null || entry.clock === null) {
      feeds.push({ source: entry.source, name: entry.customer ?? entry.source, severity: entry.severity, since: entry.raisedAt });
      continue;
    }
    const ref = refs.get(`${entry.source}:${entry.ticketId}`) ?? {
      source: entry.source,
      ticketId: entry.ticketId,
      customer: entry.customer,
      tier: null,
      city: entry.city,
      boards: [entry.cause === 'groupBreach' ? ('group' as const) : ('province' as const)],
    };
    unacknowledged.push({ ...ref, clock: entry.clock, index: entry.index, severity: entry.severity, since: entry.raisedAt });
  }
  return { unacknowledged, feeds };
}

/** Group-tier obligations past their limit: handing over with one needs a stated reason (no handover mid-major-fault). */
export function breachedGroupObligations(sheet: Pick<HandoverSheet, 'obligations'>): Obligation[] {
  return sheet.obligations.filter((o) => o.state === 'breached' && o.tier === 'group');
}

/** Why a signature is refused, or null: a breached group-tier clock and no reason given. */
export function signatureProblem(sheet: Pick<HandoverSheet, 'obligations'>, reason: string | undefined): string | null {
  const breached = breachedGroupObligations(sheet);
  if (breached.length === 0 || (reason ?? '').trim() !== '') return null;
  const first = breached[0]!;
  return `${breached.length} group-tier clock(s) breached (first: ${first.ticketId} ${first.clock}): a handover now needs a stated reason`;
}

export const alarmItem = (a: UnacknowledgedAlarm) => `alarm:${a.source}:${a.ticketId}:${a.clock}:${a.index}`;
export const feedAlarmItem = (a: UnacknowledgedFeedAlarm) => `feed-alarm:${a.source}:${a.since}`;

/**
 * The items the incoming lead acknowledges, one key each: every obligation,
 * breach, unsettled report, unanswered check, pending suspension, alarm not
 * acknowledged, and the note.
 */
export function sheetItems(sheet: HandoverSheet): string[] {
  return [
    ...sheet.obligations.map((o) => `obligation:${o.source}:${o.ticketId}:${o.clock}:${o.index}`),
    ...sheet.breaches.map((b) => `breach:${b.source}:${b.ticketId}:${b.clock}:${b.index}`),
    ...sheet.reports.unsettled.map((r) => `report:${r.id}`),
    ...sheet.unansweredChecks.map((c) => `check:${c.reportId}`),
    ...sheet.pendingSuspensions.map((s) => `suspension:${s.reportId}`),
    ...(sheet.alarms.tracked ? sheet.alarms.unacknowledged.map(alarmItem) : []),
    ...(sheet.alarms.tracked ? sheet.alarms.feeds.map(feedAlarmItem) : []),
    ...(sheet.note.trim() === '' ? [] : ['note']),
  ];
}

/** Nothing pending at all: only then may a sheet say so (an untracked list is never "clear"). */
export function nothingPending(sheet: HandoverSheet): boolean {
  return sheetItems(sheet).length === 0 && sheet.alarms.tracked;
}

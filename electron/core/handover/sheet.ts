// The handover sheet at an instant, assembled from the cache: the one function
// the console's Handover page, the signature, the PDF and `noc handover` share.
// Only events with `at` <= the instant count, so a sheet asked for an earlier
// instant is the sheet as it stood then (the outbox parts: reports written by then).
import type { HandoverSheet, ReportEntry } from '../../../shared/contract';
import { clocksAt } from '../../../shared/domain';
import {
  breachesIn,
  compareObligations,
  obligationsOf,
  pendingSuspensionOf,
  shiftAt,
  ticketRef,
  unacknowledgedAlarmsOf,
  unansweredChecksOf,
  type ShiftSettings,
  type SuspensionRequest,
  type TicketRef,
} from '../../../shared/handover';
import { toBoardRow } from '../board/rows';
import { boardsOf } from '../ingest/boards';
import type { Engine } from '../ingest/engine';
import { stateFromStore, ticketKeyOf, type TicketState } from '../ingest/tickets';

export interface SheetInput {
  at: number;
  shifts: Pick<ShiftSettings, 'starts'>;
  note?: string;
}

/** The most outbox rows one shift's tally reads (a shift writes a few hundred). */
const OUTBOX_LIMIT = 100_000;

/**
 * The group/province tickets the sheet covers: open at `at`; closed ones with a
 * fault report still owed or a clock that breached during the shift, found by
 * their stored clocks (folding every ticket closed in a busy shift took a
 * second on the e2e province; these are a few dozen).
 */
function ticketsInScope(engine: Engine, at: number, shiftFrom: number): { open: TicketState[]; closed: TicketState[] } {
  const open = engine.openTicketsAt(at);
  const seen = new Set(open.map((s) => s.key));
  const closed = engine.store.read((reads) => {
    // breach_at is the first instant that counts as breached: the limit's instant plus one.
    const keys = [...reads.handovers.faultReportsRunningAt(at), ...reads.handovers.breachedBetween(shiftFrom + 1, at + 1)];
    const out: TicketState[] = [];
    for (const key of keys) {
      const id = ticketKeyOf(key);
      if (seen.has(id)) continue;
      seen.add(id);
      const state = stateFromStore(reads, key, at);
      if (state.fold.lastAt !== null) out.push(state);
    }
    return out;
  });
  const onBoards = (s: TicketState) => boardsOf(s.fold.facts, engine.policy).length > 0;
  return { open: open.filter(onBoards), closed: closed.filter(onBoards) };
}

/** The ticket's suspension requests: echoed by the source (any console's) and this console's unsettled ones. */
function suspensionRequests(state: TicketState, outbox: readonly ReportEntry[]): SuspensionRequest[] {
  const echoed = state.fold.history.reports
    .filter((r) => r.kind === 'suspend-request')
    .map((r) => ({ id: r.id, createdAt: r.createdAt, state: 'echoed' as const, operator: r.operator?.name ?? null }));
  const known = new Set(echoed.map((r) => r.id));
  const own = outbox.flatMap((r) =>
    r.kind === 'suspend-request' && !known.has(r.id) && (r.state === 'queued' || r.state === 'sent' || r.state === 'acknowledged')
      ? [{ id: r.id, createdAt: r.createdAt, state: r.state, operator: r.operator }]
      : [],
  );
  return [...echoed, ...own];
}

export function handoverSheet(engine: Engine, input: SheetInput): HandoverSheet {
  const { at } = input;
  const shift = shiftAt(at, input.shifts);
  const policy = engine.policy;
  const { open, closed } = ticketsInScope(engine, at, shift.from);

  const sheet: HandoverSheet = {
    at,
    shift,
    policyVersion: policy.version,
    obligations: [],
    tickets: open.length,
    breaches: [],
    reports: { sent: 0, queued: 0, refused: 0, yielded: 0, unsettled: [] },
    unansweredChecks: [],
    pendingSuspensions: [],
    alarms: { tracked: true, unacknowledged: [], feeds: [] },
    leftOut: ['localTickets', 'otherConsolesQueues', 'closedTicketsExceptFaultReport'],
    note: input.note ?? '',
  };
  const filedInShift = new Set<string>();
  const refs = new Map<string, TicketRef>();
  for (const state of [...open, ...closed]) {
    const evaluation = clocksAt(state.fold, state.reports, policy, at);
    // The sheet lists obligations, not risks: no history is fitted for it.
    const row = toBoardRow(state, evaluation, engine.source(state.source), policy, null);
    const isOpen = open.includes(state);
    refs.set(`${state.source}:${state.ticketId}`, ticketRef(row));
    // A closed ticket still owes only its fault report; its breaches in the shift count.
    sheet.obligations.push(...obligationsOf(row).filter((o) => isOpen || o.clock === 'faultReport'));
    sheet.breaches.push(...breachesIn(row, evaluation.clocks, shift, at));
    for (const report of state.fold.history.reports) {
      if (report.at >= shift.from && report.at <= at) filedInShift.add(report.id);
    }
    if (!isOpen) continue;
    sheet.unansweredChecks.push(...unansweredChecksOf(row));
    const outbox = engine.store.read((reads) => reads.outbox.ofTicket(state.source, state.ticketId));
    sheet.pendingSuspensions.push(...pendingSuspensionOf(row, suspensionRequests(state, outbox), state.fold.facts.suspensions, at));
  }

  const written = engine.store
    .read((reads) => reads.outbox.list({ from: shift.from, to: at, limit: OUTBOX_LIMIT }))
    .filter((r) => r.kind !== 'handover')
    .reverse();
  for (const report of written) {
    if (report.state === 'acknowledged') filedInShift.add(report.id);
    else if (report.state === 'yielded') sheet.reports.yielded += 1;
    else if (report.state === 'refused' && report.supersededBy === null) sheet.reports.refused += 1;
    else if (report.state === 'queued' || report.state === 'sent') sheet.reports.queued += 1;
    if (report.state === 'queued' || report.state === 'sent' || (report.state === 'refused' && report.supersededBy === null)) {
      sheet.reports.unsettled.push({
        id: report.id,
        source: report.source,
        ticketId: report.ticketId,
        kind: report.kind,
        audience: report.audience,
        state: report.state,
        createdAt: report.createdAt,
        title: report.title,
        refusal: report.refusal ? `${report.refusal.code}: ${report.refusal.message}` : null,
      });
    }
  }
  sheet.reports.sent = filedInShift.size;
  sheet.alarms = { tracked: true, ...unacknowledgedAlarmsOf(engine.store.read((reads) => reads.alarms.unacknowledgedAt(at)), refs) };

  sheet.obligations.sort(compareObligations);
  sheet.breaches.sort((a, b) => a.breachedAt - b.breachedAt || a.ticketId.localeCompare(b.ticketId));
  sheet.unansweredChecks.sort((a, b) => a.createdAt - b.createdAt);
  sheet.pendingSuspensions.sort((a, b) => a.createdAt - b.createdAt);
  return sheet;
}

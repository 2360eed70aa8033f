import type { BoardFilter, BoardLevel, BoardRow } from '../../../shared/contract';
import { clocksAt, currentClocks, nextReportDue, type Evaluation, type TicketFacts } from '../../../shared/domain';
import type { Engine } from '../ingest/engine';
import { boardsOf } from '../ingest/boards';
import type { TicketState } from '../ingest/tickets';
import type { SourceRow } from '../store/sources';

/** Suspended time up to `at`, over every suspension of the ticket. */
function pausedMsAt(facts: TicketFacts, at: number): number {
  let total = 0;
  for (const s of facts.suspensions) total += Math.max(0, Math.min(s.to ?? at, at) - s.from);
  return total;
}

/** A board row of a ticket evaluated at `evaluation.at`. */
export function toBoardRow(engine: Engine, state: TicketState, evaluation: Evaluation, source: SourceRow | undefined): BoardRow {
  const facts = evaluation.facts;
  return {
    key: state.key,
    source: state.source,
    sourceName: source?.name ?? state.source,
    // Events are applied only for registered sources; the fallback serves a hand-edited cache.
    sourceLevel: source?.level ?? 'province',
    ticketId: state.ticketId,
    incomplete: facts.incomplete,
    customer: facts.customer,
    circuit: facts.circuit,
    service: facts.service,
    city: facts.city,
    district: facts.district,
    title: facts.title,
    faultLevel: facts.faultLevel,
    accountManager: facts.accountManager?.name ?? null,
    stage: facts.stage,
    center: facts.center,
    handler: facts.handler,
    suspension: facts.suspension,
    pausedMs: pausedMsAt(facts, evaluation.at),
    createdAt: facts.createdAt,
    closedAt: facts.closedAt,
    clocks: currentClocks(evaluation),
    nextDueAt: evaluation.nextDueAt,
    nextReport: nextReportDue(evaluation),
    boards: boardsOf(facts, engine.policy),
    updatedAt: facts.lastEventAt ?? evaluation.at,
  };
}

function matches(row: BoardRow, filter: BoardFilter): boolean {
  const within = <T>(list: readonly T[] | undefined, value: T | null) =>
    !list || list.length === 0 || (value !== null && list.includes(value));
  if (!within(filter.cities, row.city)) return false;
  if (!within(filter.services, row.service)) return false;
  if (!within(filter.tiers, row.customer?.tier ?? null)) return false;
  if (!within(filter.centers, row.center)) return false;
  if (!within(filter.accountManagers, row.accountManager)) return false;
  if (filter.clockStates?.length && !row.clocks.some((c) => filter.clockStates!.includes(c.state))) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = [row.ticketId, row.title, row.customer?.name, row.city, row.district, row.handler];
    if (!haystack.some((value) => value?.toLowerCase().includes(text))) return false;
  }
  return true;
}

const isBreached = (row: BoardRow) => row.clocks.some((c) => c.state === 'breached');

/** Breached first, then the soonest due; tickets with nothing running last. */
export function compareRows(a: BoardRow, b: BoardRow): number {
  const breach = Number(isBreached(b)) - Number(isBreached(a));
  if (breach !== 0) return breach;
  if (a.nextDueAt !== b.nextDueAt) {
    if (a.nextDueAt === null) return 1;
    if (b.nextDueAt === null) return -1;
    return a.nextDueAt - b.nextDueAt;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The open tickets of a board as they stood at `at`, sorted for the wall. */
export function boardRows(engine: Engine, level: BoardLevel, at: number, filter: BoardFilter = {}): BoardRow[] {
  const sources = new Map(engine.sources().map((s) => [s.id, s]));
  const rows: BoardRow[] = [];
  for (const state of engine.openTicketsAt(at)) {
    if (!boardsOf(state.fold.facts, engine.policy).includes(level)) continue;
    const reports = engine.reports.ackedReportsOf(state.source, state.ticketId);
    const row = toBoardRow(engine, state, clocksAt(state.fold, reports, engine.policy, at), sources.get(state.source));
    if (matches(row, filter)) rows.push(row);
  }
  return rows.sort(compareRows);
}

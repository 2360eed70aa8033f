// Board rows: a ticket as the boards show it, from one evaluation of its clocks.
// What "matches a filter" and "more urgent" mean lives in shared/board, the same
// functions the renderer sorts and filters its grid with.
import type { BoardFilter, BoardLevel, BoardRow, FirstRowsOrder } from '../../../shared/contract';
import { matchesFilter } from '../../../shared/board/filter';
import { compareUrgency, type UrgencyRow } from '../../../shared/board/urgency';
import { LONG_BREACH_MS, pickWallRows } from '../../../shared/board/wall';
import { compareKeys } from '../../../shared/board/page';
import {
  clocksAt,
  currentClocks,
  nextReportDue,
  supervisionAt,
  type Evaluation,
  type Policy,
  type Reply,
  type TicketFacts,
  type TicketFold,
} from '../../../shared/domain';
import type { ReplyDto, RiskDto, SupervisionDto } from '../../../shared/contract';
import type { Engine } from '../ingest/engine';
import { boardsOf } from '../ingest/boards';
import { stateFromStore, type TicketState } from '../ingest/tickets';
import { openAt } from '../ingest/as-of';
import type { SourceRow } from '../store/sources';
import { riskModelOf } from '../risk/model';

/** Suspended time up to `at`, over every suspension of the ticket. */
function pausedMsAt(facts: TicketFacts, at: number): number {
  let total = 0;
  for (const s of facts.suspensions) total += Math.max(0, Math.min(s.to ?? at, at) - s.from);
  return total;
}

const replyDto = ({ reportId, by, name, status, note, at }: Reply): ReplyDto => ({ reportId, by, name, status, note, at });

/** The ticket's supervision as the boards and the drawer show it, at `at`. */
export function supervisionOf(fold: TicketFold, policy: Policy, at: number): SupervisionDto {
  const view = supervisionAt(fold, policy, at);
  const party = (check: (typeof view.checks)['city-noc']) => check && { ...check, reply: check.reply && replyDto(check.reply) };
  return {
    checks: { 'city-noc': party(view.checks['city-noc']), handler: party(view.checks.handler) },
    lastReply: view.lastReply && { ...replyDto(view.lastReply), kind: view.lastReply.kind },
    urges: view.urges,
    claims: view.claims.map(({ kind, audience, cycle, operator, expiresAt }) => ({ kind, audience, cycle, operator, expiresAt })),
  };
}

/** A board row of a ticket evaluated at `evaluation.at`, with the risk of its clock (core/risk) at `risk`'s moment. */
export function toBoardRow(state: TicketState, evaluation: Evaluation, source: SourceRow | undefined, policy: Policy, risk: RiskDto | null): BoardRow {
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
    supervision: supervisionOf(state.fold, policy, evaluation.at),
    risk,
    // One of boardsOf's frozen arrays: nothing changes a row's boards (they go out as they are).
    boards: boardsOf(facts, policy) as BoardLevel[],
    updatedAt: facts.lastEventAt ?? evaluation.at,
  };
}

/** The row of a ticket evaluated at `at` (a board as of then, the drawer, a drill-down), its risk as of `at` too. */
export function rowAt(engine: Engine, state: TicketState, evaluation: Evaluation, at: number): BoardRow {
  return toBoardRow(state, evaluation, engine.source(state.source), engine.policy, riskModelOf(engine).riskOf(evaluation, at));
}

/**
 * The ticket's row from the evaluation its last change made (evaluated once per
 * change), or evaluated now if it has none; its risk is as of now, the clock
 * moved forward from that evaluation.
 */
export function currentRow(engine: Engine, state: TicketState): BoardRow {
  const now = engine.now();
  return rowAt(engine, state, state.evaluation ?? clocksAt(state.fold, state.reports, engine.policy, now), now);
}

/**
 * Tickets the stored order may place differently from a fold at the edge of
 * `first` (keys compared in SQL's byte order instead of JavaScript's): folded
 * and ordered with the rest, then cut.
 */
const EDGE = 16;

/**
 * The `first` most urgent rows of a board at `at`, and how many it holds, from
 * the stored projection: SQL orders the open tickets by their stored clocks
 * (store/projection.ts `mostUrgentOpen`), and only the tickets shown are folded,
 * with those that have events after `at` folded up to it, as `boardRows` does.
 * Needs no ticket in memory: a screen's first board is answered while the engine
 * still folds the open tickets (Engine.starting), and the most urgent 100 of
 * 10,000 cost what 100 do. Equal to the head of `boardRows` (board.test.ts).
 * In the wall's order, the tickets it shows first: on a board whose most
 * urgent rows had all breached over an hour ago (a bad day, a console off
 * for an hour), the wall had none to show until its whole list came in, page
 * by page (2.3-2.9 s after the spawn against 1.0-1.2 s for its first rows).
 */
export function mostUrgentRows(engine: Engine, level: BoardLevel, at: number, first: number, order: FirstRowsOrder = 'board'): { rows: BoardRow[]; total: number } {
  const { policy } = engine;
  const onBoard = (state: TicketState | null): state is TicketState => state !== null && boardsOf(state.fold.facts, policy).includes(level);
  const { candidates, total } = engine.store.read((reads) => {
    const head =
      order === 'wall' ? reads.projection.wallFirstOpen(level, at, at - LONG_BREACH_MS, first + EDGE) : reads.projection.mostUrgentOpen(level, at, first + EDGE);
    const then = reads.projection.withEventsAfter(at).map((key) => openAt(reads, key, at)).filter(onBoard);
    return { candidates: [...head.keys.map((key) => stateFromStore(reads, key)), ...then], total: head.total + then.length };
  });
  const evaluated = candidates.filter(onBoard).map((state) => ({ state, evaluation: clocksAt(state.fold, state.reports, policy, at) }));
  // The wall picks from whole rows (pickWallRows); the boards' order needs only each ticket's current clocks.
  if (order === 'wall') return { rows: firstRows(evaluated.map(({ state, evaluation }) => rowAt(engine, state, evaluation, at)), at, first, order), total };
  const ranked: (UrgencyRow & { state: TicketState; evaluation: Evaluation })[] = evaluated.map(({ state, evaluation }) => ({
    key: state.key,
    clocks: currentClocks(evaluation),
    nextDueAt: evaluation.nextDueAt,
    state,
    evaluation,
  }));
  ranked.sort((a, b) => compareUrgency(a, b, at));
  return { rows: ranked.slice(0, first).map(({ state, evaluation }) => rowAt(engine, state, evaluation, at)), total };
}

/**
 * The first `first` of a board's rows (in the boards' order) in `order`: the
 * wall's are the rows a wall shows first (shared/board/wall.ts pickWallRows).
 */
export function firstRows(rows: readonly BoardRow[], at: number, first: number, order: FirstRowsOrder): BoardRow[] {
  return order === 'wall' ? pickWallRows(rows, first, at).shown : rows.slice(0, first);
}

/** The open tickets of a board as they stood at `at`, most urgent first. */
export function boardRows(engine: Engine, level: BoardLevel, at: number, filter: BoardFilter = {}): BoardRow[] {
  const rows: BoardRow[] = [];
  for (const state of engine.openTicketsAt(at)) {
    if (!boardsOf(state.fold.facts, engine.policy).includes(level)) continue;
    const row = rowAt(engine, state, clocksAt(state.fold, state.reports, engine.policy, at), at);
    if (matchesFilter(row, filter, at)) rows.push(row);
  }
  return rows.sort((a, b) => compareUrgency(a, b, at));
}

/**
 * One page of a board's whole list as it stood at `at` (shared/board/page): its
 * first `first` rows in key order after the key `after`, the board's row count,
 * and the key the next page starts after (null when this page is the last).
 * Only the page's rows are built: 10,000 rows in one reply held the
 * renderer's thread for seconds.
 */
export function boardPage(engine: Engine, level: BoardLevel, at: number, after: string, first: number): { rows: BoardRow[]; total: number; next: string | null } {
  let total = 0;
  const rest: TicketState[] = [];
  for (const state of engine.openTicketsAt(at)) {
    if (!boardsOf(state.fold.facts, engine.policy).includes(level)) continue;
    total += 1;
    if (state.key > after) rest.push(state);
  }
  const page = firstInKeyOrder(rest, first);
  return {
    rows: page.map((state) => rowAt(engine, state, clocksAt(state.fold, state.reports, engine.policy, at), at)),
    total,
    next: rest.length > first ? page[page.length - 1]!.key : null,
  };
}

/** Pages up to this many rows are picked from the rest of a list in one look through it, not by sorting all of it. */
const PICKED_PAGE = 64;

/**
 * The first `first` of `states` in key order. A short page of a long list is
 * kept in order as the list is looked through: a cold start's two whole lists
 * of 10,000 are 500 pages of 40, and sorting every ticket after the last
 * page's for each was 131 ms of the core's thread while they streamed (CPU
 * profile); the lists were whole 6.30 s after the spawn instead of 6.39, the
 * alarms 4.38 instead of 4.78 (medians of five alternating starts).
 */
function firstInKeyOrder(states: TicketState[], first: number): TicketState[] {
  const byKey = (a: TicketState, b: TicketState) => compareKeys(a.key, b.key);
  if (first > PICKED_PAGE || states.length <= first) return states.sort(byKey).slice(0, first);
  const page: TicketState[] = [];
  for (const state of states) {
    if (page.length === first && byKey(state, page[first - 1]!) >= 0) continue;
    let slot = page.length;
    while (slot > 0 && byKey(state, page[slot - 1]!) < 0) slot -= 1;
    page.splice(slot, 0, state);
    if (page.length > first) page.pop();
  }
  return page;
}

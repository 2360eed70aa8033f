import type Database from 'better-sqlite3';
import type { BoardLevel } from '../../../shared/contract';
import { addWorkingMs, defaultCalendar, type Clock, type Evaluation, type TicketFacts } from '../../../shared/domain';

export interface TicketProjection {
  source: string;
  ticketId: string;
  evaluation: Evaluation;
  boards: readonly BoardLevel[];
  /** Latest `at` among the ticket's valid events: as-of queries re-fold tickets with later events. */
  lastEventAt: number | null;
}

export interface StoredTicketKey {
  source: string;
  ticketId: string;
}

/**
 * The first instant the clock counts as breached given the events known, so SQL
 * can tell its state at any later time. `dueAt` is when elapsed time reaches the
 * limit; breached means exceeding it, i.e. the next instant that counts (for
 * working-day limits that may be after a weekend). Null for a clock met in time
 * or paused short of its limit.
 */
export function breachInstant(clock: Clock): number | null {
  if (clock.state === 'met' || clock.dueAt === null) return null;
  return clock.limit !== null && 'workingDays' in clock.limit ? addWorkingMs(defaultCalendar, clock.dueAt, 1) : clock.dueAt + 1;
}

function isOpen(facts: TicketFacts): boolean {
  return facts.stage !== 'closed';
}

/** The ticket projection and its clocks, written in the ingest transaction. */
export class ProjectionRepo {
  private readonly upsertTicketStmt: Database.Statement;
  private readonly deleteClocksStmt: Database.Statement;
  private readonly insertClockStmt: Database.Statement;
  private readonly openKeysStmt: Database.Statement<[], { source: string; ticket_id: string }>;
  private readonly closedAfterStmt: Database.Statement<[number, number], { source: string; ticket_id: string }>;
  private readonly existsStmt: Database.Statement<[string, string], { one: number }>;
  private readonly clearStmts: Database.Statement[];

  constructor(db: Database.Database) {
    this.upsertTicketStmt = db.prepare(
      `INSERT INTO tickets (source, ticket_id, incomplete, tier, city, service, stage, open, on_group_board,
         on_province_board, created_at, closed_at, last_event_at, next_due_at, facts, evaluated_at)
       VALUES (@source, @ticketId, @incomplete, @tier, @city, @service, @stage, @open, @onGroup,
         @onProvince, @createdAt, @closedAt, @lastEventAt, @nextDueAt, @facts, @evaluatedAt)
       ON CONFLICT (source, ticket_id) DO UPDATE SET incomplete = excluded.incomplete, tier = excluded.tier,
         city = excluded.city, service = excluded.service, stage = excluded.stage, open = excluded.open,
         on_group_board = excluded.on_group_board, on_province_board = excluded.on_province_board,
         created_at = excluded.created_at, closed_at = excluded.closed_at, last_event_at = excluded.last_event_at,
         next_due_at = excluded.next_due_at, facts = excluded.facts, evaluated_at = excluded.evaluated_at`,
    );
    this.deleteClocksStmt = db.prepare('DELETE FROM clocks WHERE source = ? AND ticket_id = ?');
    this.insertClockStmt = db.prepare(
      `INSERT INTO clocks (source, ticket_id, name, idx, city, service, tier, state, started_at, due_at, warn_at,
         breached_at, stopped_at, breach_at, elapsed_ms, limit_ms, paused_ms)
       VALUES (@source, @ticketId, @name, @index, @city, @service, @tier, @state, @startedAt, @dueAt, @warnAt,
         @breachedAt, @stoppedAt, @breachAt, @elapsedMs, @limitMs, @pausedMs)`,
    );
    this.openKeysStmt = db.prepare('SELECT source, ticket_id FROM tickets WHERE open = 1');
    this.closedAfterStmt = db.prepare(
      'SELECT source, ticket_id FROM tickets WHERE last_event_at > ? AND open = 0 AND created_at <= ?',
    );
    this.existsStmt = db.prepare('SELECT 1 AS one FROM tickets WHERE source = ? AND ticket_id = ?');
    this.clearStmts = [db.prepare('DELETE FROM clocks'), db.prepare('DELETE FROM tickets')];
  }

  write(projection: TicketProjection): void {
    const { source, ticketId, evaluation, boards } = projection;
    const facts = evaluation.facts;
    const tier = facts.customer?.tier ?? null;
    this.upsertTicketStmt.run({
      source,
      ticketId,
      incomplete: facts.incomplete ? 1 : 0,
      tier,
      city: facts.city,
      service: facts.service,
      stage: facts.stage,
      open: isOpen(facts) ? 1 : 0,
      onGroup: boards.includes('group') ? 1 : 0,
      onProvince: boards.includes('province') ? 1 : 0,
      createdAt: facts.createdAt,
      closedAt: facts.closedAt,
      lastEventAt: projection.lastEventAt,
      nextDueAt: evaluation.nextDueAt,
      facts: JSON.stringify(facts),
      evaluatedAt: evaluation.at,
    });
    this.deleteClocksStmt.run(source, ticketId);
    for (const clock of evaluation.clocks) {
      if (clock.state === 'notApplicable') continue;
      this.insertClockStmt.run({
        source,
        ticketId,
        name: clock.name,
        index: clock.index,
        city: facts.city,
        service: facts.service,
        tier,
        state: clock.state,
        startedAt: clock.startedAt,
        dueAt: clock.dueAt,
        warnAt: clock.warnAt,
        breachedAt: clock.breachedAt,
        stoppedAt: clock.stoppedAt,
        breachAt: breachInstant(clock),
        elapsedMs: Math.round(clock.elapsedMs),
        limitMs: Math.round(clock.limitMs),
        pausedMs: Math.round(clock.pausedMs),
      });
    }
  }

  openKeys(): StoredTicketKey[] {
    return this.openKeysStmt.all().map((row) => ({ source: row.source, ticketId: row.ticket_id }));
  }

  /** Closed tickets that were created by `at` but have events after it: they may have been open then. */
  closedWithEventsAfter(at: number): StoredTicketKey[] {
    return this.closedAfterStmt.all(at, at).map((row) => ({ source: row.source, ticketId: row.ticket_id }));
  }

  exists(source: string, ticketId: string): boolean {
    return this.existsStmt.get(source, ticketId) !== undefined;
  }

  /** Empties the projection before a rebuild (inside the rebuild's first transaction). */
  clear(): void {
    for (const statement of this.clearStmts) statement.run();
  }
}

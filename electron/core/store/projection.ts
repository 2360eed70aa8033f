import type Database from 'better-sqlite3';
import type { BoardLevel } from '../../../shared/contract';
import { addWorkingMs, defaultCalendar, type Clock, type Evaluation, type TicketFacts } from '../../../shared/domain';

export interface TicketProjection {
  source: string;
  ticketId: string;
  /** Evaluated at or after the ticket's last event, so its clocks hold everything the events decide. */
  evaluation: Evaluation;
  boards: readonly BoardLevel[];
  /** Latest `at` among the ticket's valid events: as-of queries re-fold tickets with later events. */
  lastEventAt: number | null;
  /** The earliest instant any of its clocks starts from (see clocksFrom). */
  clocksFrom: number | null;
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

/** What the events decided of a clock; whether a running one is in warning or breached depends on when one asks. */
export type StoredClockState = 'running' | 'paused' | 'met' | 'metLate';

/** A clock as its row stores it, the key's source and ticket id aside: only what the events decide. */
export interface ClockRow {
  name: string;
  index: number;
  city: string | null;
  service: string | null;
  tier: string | null;
  state: StoredClockState;
  startedAt: number | null;
  dueAt: number | null;
  warnAt: number | null;
  stoppedAt: number | null;
  breachAt: number | null;
  limitMs: number;
  /** Null until the clock stops: until then it grows with the time asked about. */
  elapsedMs: number | null;
  pausedMs: number | null;
}

/** What a write left in a ticket's rows: kept by the engine so the next write touches only what differs. */
export interface WrittenRows {
  /** The ticket row's columns that only some of its indexes read, as one comparable key. */
  indexedKey: string;
  clocks: readonly ClockRow[];
}

/** A ticket's rows before a write: as a previous write left them, none, or not known (rewritten whole). */
export type PriorRows = WrittenRows | 'none' | 'unknown';

function storedState(clock: Clock): StoredClockState {
  if (clock.stoppedAt !== null) return clock.state === 'metLate' ? 'metLate' : 'met';
  return clock.dueAt === null ? 'paused' : 'running';
}

/** A clock's row (exported for its property test: it must not depend on when the clock was evaluated). */
export function clockRow(clock: Clock, facts: TicketFacts): ClockRow {
  const stopped = clock.stoppedAt !== null;
  return {
    name: clock.name,
    index: clock.index,
    city: facts.city,
    service: facts.service,
    tier: facts.customer?.tier ?? null,
    state: storedState(clock),
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    warnAt: clock.warnAt,
    stoppedAt: clock.stoppedAt,
    breachAt: breachInstant(clock),
    limitMs: Math.round(clock.limitMs),
    elapsedMs: stopped ? Math.round(clock.elapsedMs) : null,
    pausedMs: stopped ? Math.round(clock.pausedMs) : null,
  };
}

function sameClockRow(a: ClockRow, b: ClockRow): boolean {
  return (
    a.state === b.state && a.dueAt === b.dueAt && a.breachAt === b.breachAt && a.stoppedAt === b.stoppedAt &&
    a.warnAt === b.warnAt && a.startedAt === b.startedAt && a.elapsedMs === b.elapsedMs && a.pausedMs === b.pausedMs &&
    a.limitMs === b.limitMs && a.city === b.city && a.service === b.service && a.tier === b.tier
  );
}

/** The ticket row's columns the statistics read (migration 0005), from its first repair and accept clocks. */
function statisticsOf(clocks: readonly Clock[], facts: TicketFacts) {
  const first = (name: string) => clocks.find((clock) => clock.name === name && clock.index === 0 && clock.state !== 'notApplicable');
  const repair = first('repair');
  return {
    repairStartedAt: repair?.startedAt ?? null,
    acceptStoppedAt: first('accept')?.stoppedAt ?? null,
    repairedAt: repair?.stoppedAt ?? null,
    satisfaction: facts.satisfaction,
  };
}

/** The value columns of a clock row in CLOCK_VALUE_COLUMNS order. */
function clockValues(row: ClockRow): (string | number | null)[] {
  return [
    row.city, row.service, row.tier, row.state, row.startedAt, row.dueAt, row.warnAt, row.stoppedAt, row.breachAt,
    row.limitMs, row.elapsedMs, row.pausedMs,
  ];
}

const CLOCK_VALUE_COLUMNS = `city, service, tier, state, started_at, due_at, warn_at, stopped_at, breach_at,
  limit_ms, elapsed_ms, paused_ms`;

/** The ticket projection and its clocks, written in the ingest transaction. */
export class ProjectionRepo {
  private readonly upsertTicketStmt: Database.Statement;
  private readonly insertTicketStmt: Database.Statement;
  private readonly updateTicketStmt: Database.Statement;
  private readonly updateWholeTicketStmt: Database.Statement;
  private readonly deleteClocksStmt: Database.Statement;
  private readonly insertClockStmt: Database.Statement;
  private readonly updateClockStmt: Database.Statement;
  private readonly deleteClockStmt: Database.Statement;
  private readonly openKeysStmt: Database.Statement<[], { source: string; ticket_id: string }>;
  private readonly closedAfterStmt: Database.Statement<[number, number], { source: string; ticket_id: string }>;
  private readonly existsStmt: Database.Statement<[string, string], { one: number }>;
  private readonly clearStmts: Database.Statement[];

  constructor(db: Database.Database) {
    const ticketColumns = `(source, ticket_id, incomplete, tier, city, service, stage, open, on_group_board,
         on_province_board, created_at, closed_at, last_event_at, clocks_from, next_due_at, facts, evaluated_at,
         repair_started_at, accept_stopped_at, repaired_at, satisfaction)
       VALUES (@source, @ticketId, @incomplete, @tier, @city, @service, @stage, @open, @onGroup,
         @onProvince, @createdAt, @closedAt, @lastEventAt, @clocksFrom, @nextDueAt, @facts, @evaluatedAt,
         @repairStartedAt, @acceptStoppedAt, @repairedAt, @satisfaction)`;
    const everyColumn = `incomplete = @incomplete, tier = @tier, city = @city, service = @service, stage = @stage,
         open = @open, on_group_board = @onGroup, on_province_board = @onProvince, created_at = @createdAt,
         closed_at = @closedAt, last_event_at = @lastEventAt, clocks_from = @clocksFrom, next_due_at = @nextDueAt, facts = @facts,
         evaluated_at = @evaluatedAt, repair_started_at = @repairStartedAt, accept_stopped_at = @acceptStoppedAt,
         repaired_at = @repairedAt, satisfaction = @satisfaction`;
    this.upsertTicketStmt = db.prepare(
      `INSERT INTO tickets ${ticketColumns} ON CONFLICT (source, ticket_id) DO UPDATE SET ${everyColumn}`,
    );
    this.updateWholeTicketStmt = db.prepare(`UPDATE tickets SET ${everyColumn} WHERE source = @source AND ticket_id = @ticketId`);
    this.insertTicketStmt = db.prepare(`INSERT INTO tickets ${ticketColumns}`);
    // SQLite maintains only the indexes whose columns an UPDATE sets: leaving out the
    // rarely changing ones spares the open, closed_at, created_at and statistics indexes.
    this.updateTicketStmt = db.prepare(
      `UPDATE tickets SET incomplete = @incomplete, tier = @tier, service = @service, stage = @stage,
         last_event_at = @lastEventAt, clocks_from = @clocksFrom, next_due_at = @nextDueAt, facts = @facts,
         evaluated_at = @evaluatedAt
       WHERE source = @source AND ticket_id = @ticketId`,
    );
    this.deleteClocksStmt = db.prepare('DELETE FROM clocks WHERE source = ? AND ticket_id = ?');
    this.insertClockStmt = db.prepare(
      `INSERT INTO clocks (source, ticket_id, name, idx, ${CLOCK_VALUE_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateClockStmt = db.prepare(
      `UPDATE clocks SET (${CLOCK_VALUE_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?`,
    );
    this.deleteClockStmt = db.prepare('DELETE FROM clocks WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?');
    this.openKeysStmt = db.prepare('SELECT source, ticket_id FROM tickets WHERE open = 1');
    this.closedAfterStmt = db.prepare(
      'SELECT source, ticket_id FROM tickets WHERE last_event_at > ? AND open = 0 AND created_at <= ?',
    );
    this.existsStmt = db.prepare('SELECT 1 AS one FROM tickets WHERE source = ? AND ticket_id = ?');
    this.clearStmts = [db.prepare('DELETE FROM clocks'), db.prepare('DELETE FROM tickets')];
  }

  /**
   * Writes the ticket row and its clocks. Given the rows a previous write left,
   * only clocks that differ are written; otherwise every clock row is replaced.
   */
  write(projection: TicketProjection, prior: PriorRows): WrittenRows {
    const { source, ticketId, evaluation, boards } = projection;
    const facts = evaluation.facts;
    const ticket = {
      source,
      ticketId,
      incomplete: facts.incomplete ? 1 : 0,
      tier: facts.customer?.tier ?? null,
      city: facts.city,
      service: facts.service,
      stage: facts.stage,
      open: isOpen(facts) ? 1 : 0,
      onGroup: boards.includes('group') ? 1 : 0,
      onProvince: boards.includes('province') ? 1 : 0,
      createdAt: facts.createdAt,
      closedAt: facts.closedAt,
      lastEventAt: projection.lastEventAt,
      clocksFrom: projection.clocksFrom,
      nextDueAt: evaluation.nextDueAt,
      facts: JSON.stringify(facts),
      evaluatedAt: evaluation.at,
      ...statisticsOf(evaluation.clocks, facts),
    };
    const indexedKey = [
      `${ticket.open}${ticket.onGroup}${ticket.onProvince}`, ticket.createdAt, ticket.closedAt, ticket.city,
      ticket.repairStartedAt, ticket.acceptStoppedAt, ticket.repairedAt, ticket.satisfaction,
    ].join(':');
    let before: readonly ClockRow[] = [];
    if (prior === 'none') this.insertTicketStmt.run(ticket);
    else if (prior !== 'unknown' && (prior.indexedKey === indexedKey ? this.updateTicketStmt : this.updateWholeTicketStmt).run(ticket).changes === 1) {
      // Updated in place (every column when the ticket opened, closed or moved boards), so only changed clocks are written.
      before = prior.clocks;
    } else {
      // Rows not known (after a restart) or gone behind the engine's back (retention): rewrite them whole.
      this.upsertTicketStmt.run(ticket);
      this.deleteClocksStmt.run(source, ticketId);
    }

    const clocks: ClockRow[] = [];
    for (const clock of evaluation.clocks) {
      if (clock.state === 'notApplicable') continue;
      const row = clockRow(clock, facts);
      clocks.push(row);
      const old = before.find((c) => c.name === row.name && c.index === row.index);
      if (!old) this.insertClockStmt.run(source, ticketId, row.name, row.index, ...clockValues(row));
      else if (!sameClockRow(old, row)) this.updateClockStmt.run(...clockValues(row), source, ticketId, row.name, row.index);
    }
    for (const old of before) {
      if (!clocks.some((c) => c.name === old.name && c.index === old.index)) this.deleteClockStmt.run(source, ticketId, old.name, old.index);
    }
    return { indexedKey, clocks };
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

// The ticket projection and its clocks: written with the events that decide
// them, read by the boards' as-of views, the heatmaps and the statistics.
import type { BoardLevel } from '../../../shared/contract';
import { addWorkingMs, CLOCK_NAMES, currentClocks, defaultCalendar, isOpenStage, type Clock, type Evaluation, type TicketFacts } from '../../../shared/domain';
import { defineWrite, type SqlValue, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';
import { rollupWrites, type ClockCountChanges } from './rollups';

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

/** What the events decided of a clock; whether a running one is in warning or breached depends on when one asks. */
export type StoredClockState = 'running' | 'paused' | 'met' | 'metLate';

/** A clock as its row stores it, the key's source and ticket id aside: only what the events decide. */
export interface ClockRow {
  name: string;
  index: number;
  city: string | null;
  service: string | null;
  tier: string | null;
  circuitLevel: string | null;
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
  /** The clock rows, packed (packClockRows): one array of numbers a ticket, not an object and its boxed numbers per clock. */
  clocks: PackedClockRows;
}

const STORED_STATES: readonly StoredClockState[] = ['running', 'paused', 'met', 'metLate'];
/** Numbers a packed row takes: name, index, state (as positions in their lists), then its eight times and durations. */
const PACKED_FIELDS = 11;

/**
 * A ticket's clock rows as the engine keeps them between writes: the columns
 * every row of one write takes from the ticket (city, service, tier, circuit
 * level) once, the others as numbers (null as NaN) in one array, 88 bytes a
 * clock. As ClockRow objects they took about 250 (their numbers boxed), 17 MB
 * for the 70,000 clocks of 10,000 open tickets (heap snapshot). A plain array
 * of its exact length holds them unboxed; a Float64Array cost some 300 bytes
 * more a ticket (its object, its ArrayBuffer and the buffer's native record).
 */
export interface PackedClockRows {
  ticket: Pick<ClockRow, 'city' | 'service' | 'tier' | 'circuitLevel'>;
  numbers: readonly number[];
}

const packed = (value: number | null) => value ?? Number.NaN;
const unpacked = (value: number) => (Number.isNaN(value) ? null : value);

/** Packs rows made by clockRow from one ticket's facts (what one write makes): they share the ticket's columns. */
export function packClockRows(rows: readonly ClockRow[]): PackedClockRows {
  const first = rows[0];
  const numbers = new Array<number>(rows.length * PACKED_FIELDS);
  rows.forEach((row, i) => {
    const fields = [
      CLOCK_NAMES.indexOf(row.name as Clock['name']), row.index, STORED_STATES.indexOf(row.state), packed(row.startedAt), packed(row.dueAt),
      packed(row.warnAt), packed(row.stoppedAt), packed(row.breachAt), row.limitMs, packed(row.elapsedMs), packed(row.pausedMs),
    ];
    fields.forEach((value, field) => (numbers[i * PACKED_FIELDS + field] = value));
  });
  return { ticket: { city: first?.city ?? null, service: first?.service ?? null, tier: first?.tier ?? null, circuitLevel: first?.circuitLevel ?? null }, numbers };
}

/** The rows packClockRows packed, as they were. */
export function unpackClockRows({ ticket, numbers }: PackedClockRows): ClockRow[] {
  const rows: ClockRow[] = [];
  for (let at = 0; at < numbers.length; at += PACKED_FIELDS) {
    rows.push({
      name: CLOCK_NAMES[numbers[at]!]!,
      index: numbers[at + 1]!,
      city: ticket.city,
      service: ticket.service,
      tier: ticket.tier,
      circuitLevel: ticket.circuitLevel,
      state: STORED_STATES[numbers[at + 2]!]!,
      startedAt: unpacked(numbers[at + 3]!),
      dueAt: unpacked(numbers[at + 4]!),
      warnAt: unpacked(numbers[at + 5]!),
      stoppedAt: unpacked(numbers[at + 6]!),
      breachAt: unpacked(numbers[at + 7]!),
      limitMs: numbers[at + 8]!,
      elapsedMs: unpacked(numbers[at + 9]!),
      pausedMs: unpacked(numbers[at + 10]!),
    });
  }
  return rows;
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
    circuitLevel: facts.circuit?.level ?? null,
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
    a.limitMs === b.limitMs && a.city === b.city && a.service === b.service && a.tier === b.tier && a.circuitLevel === b.circuitLevel
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
function clockValues(row: ClockRow): SqlValue[] {
  return [
    row.city, row.service, row.tier, row.state, row.startedAt, row.dueAt, row.warnAt, row.stoppedAt, row.breachAt,
    row.limitMs, row.elapsedMs, row.pausedMs, row.circuitLevel,
  ];
}

const CLOCK_VALUE_COLUMNS = `city, service, tier, state, started_at, due_at, warn_at, stopped_at, breach_at,
  limit_ms, elapsed_ms, paused_ms, circuit_level`;

// Ticket columns in the order ticketValues gives them.
const TICKET_COLUMNS = `source, ticket_id, incomplete, tier, city, service, stage, open, on_group_board,
  on_province_board, created_at, closed_at, last_event_at, clocks_from, next_due_at, evaluated_at,
  repair_started_at, accept_stopped_at, repaired_at, satisfaction, breached_after`;
const TICKET_PLACEHOLDERS = TICKET_COLUMNS.split(',').map(() => '?').join(', ');
const EVERY_COLUMN = TICKET_COLUMNS.split(',')
  .map((column) => column.trim())
  .filter((column) => column !== 'source' && column !== 'ticket_id')
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');
// SQLite maintains only the indexes whose columns an UPDATE sets: leaving out the
// rarely changing ones spares the open, closed_at, created_at and statistics indexes.
const FREQUENT_COLUMNS = ['incomplete', 'tier', 'service', 'stage', 'last_event_at', 'clocks_from', 'next_due_at', 'evaluated_at', 'breached_after']
  .map((column) => `${column} = excluded.${column}`)
  .join(', ');

const UPSERT_TICKET = defineWrite(`INSERT INTO tickets (${TICKET_COLUMNS}) VALUES (${TICKET_PLACEHOLDERS})
  ON CONFLICT (source, ticket_id) DO UPDATE SET ${EVERY_COLUMN}`);
const UPDATE_FREQUENT = defineWrite(`INSERT INTO tickets (${TICKET_COLUMNS}) VALUES (${TICKET_PLACEHOLDERS})
  ON CONFLICT (source, ticket_id) DO UPDATE SET ${FREQUENT_COLUMNS}`);
const INSERT_TICKET = defineWrite(`INSERT INTO tickets (${TICKET_COLUMNS}) VALUES (${TICKET_PLACEHOLDERS})`);
const DELETE_CLOCKS = defineWrite('DELETE FROM clocks WHERE source = ? AND ticket_id = ?');
const INSERT_CLOCK = defineWrite(
  `INSERT INTO clocks (source, ticket_id, name, idx, ${CLOCK_VALUE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const UPDATE_CLOCK = defineWrite(
  `UPDATE clocks SET (${CLOCK_VALUE_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?`,
);
// SQLite rewrites an UPDATE's entries only in the indexes that hold (or filter on) a column it sets,
// whatever the values. A clock that stops or moves its due time keeps its start and its ticket's
// columns: these leave clocks_started_at alone (and, with the breach instant unchanged, clocks_breach_at
// too), where setting every column rewrote all four indexes' entries; clocks_fault_report (migration
// 0019) holds the stop of fault report clocks only, and a row of any other clock is only checked against it.
const STOP_COLUMNS = 'state, due_at, warn_at, stopped_at, limit_ms, elapsed_ms, paused_ms, circuit_level';
const UPDATE_CLOCK_STOP = defineWrite(
  `UPDATE clocks SET (${STOP_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?) WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?`,
);
const UPDATE_CLOCK_STOP_BREACH = defineWrite(
  `UPDATE clocks SET (${STOP_COLUMNS}, breach_at) = (?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?`,
);
const DELETE_CLOCK = defineWrite('DELETE FROM clocks WHERE source = ? AND ticket_id = ? AND name = ? AND idx = ?');
const CLEAR_CLOCKS = defineWrite('DELETE FROM clocks');
const CLEAR_TICKETS = defineWrite('DELETE FROM tickets');

/** Rewrites a clock row that changed, setting only the columns of the indexes it must (UPDATE_CLOCK_STOP). */
function updateClock(batch: WriteBatch, source: string, ticketId: string, old: ClockRow, row: ClockRow): void {
  if (old.startedAt !== row.startedAt || old.city !== row.city || old.service !== row.service || old.tier !== row.tier) {
    batch.add(UPDATE_CLOCK, ...clockValues(row), source, ticketId, row.name, row.index);
    return;
  }
  const key = [source, ticketId, row.name, row.index];
  const stop = [row.state, row.dueAt, row.warnAt, row.stoppedAt, row.limitMs, row.elapsedMs, row.pausedMs, row.circuitLevel];
  if (old.breachAt === row.breachAt) batch.add(UPDATE_CLOCK_STOP, ...stop, ...key);
  else batch.add(UPDATE_CLOCK_STOP_BREACH, ...stop, row.breachAt, ...key);
}

/** Whether the rollups (store/rollups.ts) count the two rows in different cells. */
const countedApart = (a: ClockRow, b: ClockRow) => a.startedAt !== b.startedAt || a.city !== b.city || a.service !== b.service || a.tier !== b.tier;

/**
 * Adds the writes of a ticket's row and clocks to `batch`. Given the rows a
 * previous write left, only clocks that differ are written; otherwise every
 * clock row is replaced. What the clock writes change in the rollups goes to
 * `counts`, for the caller to write at the batch's end (or, for rows not known,
 * into `batch` itself). Returns what the rows will hold once it commits.
 */
/**
 * The instant after which a ticket counts as breached on the boards (shared/board/urgency.ts isBreached): the
 * earliest due time of its current clocks still running, or null. Stored as tickets.breached_after (migration 0018).
 */
function breachedAfter(evaluation: Evaluation): number | null {
  let earliest: number | null = null;
  for (const clock of currentClocks(evaluation)) {
    if (clock.state === 'notApplicable' || storedState(clock) !== 'running') continue;
    if (earliest === null || clock.dueAt! < earliest) earliest = clock.dueAt;
  }
  return earliest;
}

export function writeProjection(batch: WriteBatch, projection: TicketProjection, prior: PriorRows, counts: ClockCountChanges): WrittenRows {
  const { source, ticketId, evaluation, boards } = projection;
  const facts = evaluation.facts;
  const open = isOpenStage(facts.stage) ? 1 : 0;
  const onGroup = boards.includes('group') ? 1 : 0;
  const onProvince = boards.includes('province') ? 1 : 0;
  const statistics = statisticsOf(evaluation.clocks, facts);
  const tier = facts.customer?.tier ?? null;
  const values: SqlValue[] = [
    source, ticketId, facts.incomplete ? 1 : 0, tier, facts.city, facts.service, facts.stage, open, onGroup, onProvince,
    facts.createdAt, facts.closedAt, projection.lastEventAt, projection.clocksFrom, evaluation.nextDueAt,
    evaluation.at, statistics.repairStartedAt, statistics.acceptStoppedAt, statistics.repairedAt, statistics.satisfaction,
    breachedAfter(evaluation),
  ];
  const indexedKey = [
    `${open}${onGroup}${onProvince}`, facts.createdAt, facts.closedAt, facts.city,
    statistics.repairStartedAt, statistics.acceptStoppedAt, statistics.repairedAt, statistics.satisfaction,
  ].join(':');
  let before: readonly ClockRow[] = [];
  if (prior === 'none') batch.add(INSERT_TICKET, ...values);
  else if (prior === 'unknown') {
    // Rows not known (after a restart, a lost write): rewrite them whole.
    batch.add(UPSERT_TICKET, ...values);
    rollupWrites.forgetTicket(batch, source, ticketId);
    batch.add(DELETE_CLOCKS, source, ticketId);
  } else {
    // Every column when the ticket opened, closed or moved boards; otherwise only those that change often.
    batch.add(prior.indexedKey === indexedKey ? UPDATE_FREQUENT : UPSERT_TICKET, ...values);
    before = unpackClockRows(prior.clocks);
    // The statistics' columns (and the city) changed: the days of the repair's start, before and after, are read again.
    if (prior.indexedKey !== indexedKey) {
      counts.touch(before.find((c) => c.name === 'repair' && c.index === 0)?.startedAt ?? null);
      counts.touch(statistics.repairStartedAt);
    }
  }

  const clocks: ClockRow[] = [];
  for (const clock of evaluation.clocks) {
    if (clock.state === 'notApplicable') continue;
    const row = clockRow(clock, facts);
    clocks.push(row);
    const old = before.find((c) => c.name === row.name && c.index === row.index);
    if (!old) {
      batch.add(INSERT_CLOCK, source, ticketId, row.name, row.index, ...clockValues(row));
      counts.count(row, 1);
    } else if (!sameClockRow(old, row)) {
      updateClock(batch, source, ticketId, old, row);
      if (countedApart(old, row)) {
        counts.count(old, -1);
        counts.count(row, 1);
      } else counts.touch(row.startedAt);
    }
  }
  for (const old of before) {
    if (clocks.some((c) => c.name === old.name && c.index === old.index)) continue;
    batch.add(DELETE_CLOCK, source, ticketId, old.name, old.index);
    counts.count(old, -1);
  }
  return { indexedKey, clocks: packClockRows(clocks) };
}

/** Empties the projection before a rebuild (in the rebuild's first batch). */
export function clearProjection(batch: WriteBatch): void {
  rollupWrites.clear(batch);
  batch.add(CLEAR_CLOCKS);
  batch.add(CLEAR_TICKETS);
}

export const projectionReads = perConnection((db: ReadDb) => {
  const openKeys = prepareRead<[], { source: string; ticket_id: string }>(db, 'SELECT source, ticket_id FROM tickets WHERE open = 1');
  // By the last event (after `at`: none for a board as of now), never by created_at: the planner took that index, every
  // ticket created before `at`, the whole cache, on every board page (0.3-0.5 s a page on 1,000,000 tickets, 0.8 ms on 10,000).
  const closedAfter = prepareRead<[number, number], { source: string; ticket_id: string }>(
    db,
    'SELECT source, ticket_id FROM tickets INDEXED BY tickets_last_event_at WHERE last_event_at > ? AND open = 0 AND created_at <= ?',
  );
  const exists = prepareRead<[string, string], number>(db, 'SELECT 1 FROM tickets WHERE source = ? AND ticket_id = ?').pluck();
  const toKeys = (rows: { source: string; ticket_id: string }[]): StoredTicketKey[] =>
    rows.map((row) => ({ source: row.source, ticketId: row.ticket_id }));
  // A board's open tickets whose events all happened by @at, in the boards' order at @at (shared/board/urgency.ts
  // compareUrgency) from the stored rows alone: breached first (breached_after: a current clock, the last of its
  // name, running past its due time), then by the soonest due time of any running clock (next_due_at), then by key.
  // Through the open tickets' partial index, whatever the cache holds closed: the planner took the OR of two
  // ranges of tickets_last_event_at instead, every ticket ever stored.
  const onBoard = (column: string) =>
    `FROM tickets t INDEXED BY tickets_open WHERE open = 1 AND ${column} = 1 AND (last_event_at IS NULL OR last_event_at <= @at)`;
  const mostUrgentOn = (column: string) =>
    prepareRead<[{ at: number; limit: number }], { source: string; ticket_id: string }>(
      db,
      `SELECT source, ticket_id ${onBoard(column)}
       ORDER BY COALESCE(breached_after < @at, 0) DESC, next_due_at IS NULL, next_due_at, source || ':' || ticket_id
       LIMIT @limit`,
    );
  const countOn = (column: string) => prepareRead<[{ at: number }], number>(db, `SELECT COUNT(*) ${onBoard(column)}`).pluck();
  // The wall's first rows (shared/board/wall.ts): a breach older than @since is counted there, never shown. Its tickets
  // breached since then, the oldest latest breach first: a running (or paused) clock whose breach instant (breach_at,
  // the due time plus one) fell in (@since, @at], through clocks_breach_at. Then those not breached, by next due time.
  const recentlyBreachedOn = (column: string) =>
    prepareRead<[{ at: number; since: number; limit: number }], { source: string; ticket_id: string }>(
      db,
      `SELECT c.source, c.ticket_id FROM clocks c INDEXED BY clocks_breach_at
         JOIN tickets t ON t.source = c.source AND t.ticket_id = c.ticket_id
       WHERE c.breach_at > @since AND c.breach_at <= @at AND c.state IN ('running', 'paused')
         AND t.open = 1 AND t.${column} = 1 AND (t.last_event_at IS NULL OR t.last_event_at <= @at)
       GROUP BY c.source, c.ticket_id ORDER BY MAX(c.breach_at), c.source || ':' || c.ticket_id LIMIT @limit`,
    );
  const unbreachedOn = (column: string) =>
    prepareRead<[{ at: number; limit: number }], { source: string; ticket_id: string }>(
      db,
      `SELECT source, ticket_id ${onBoard(column)} AND (breached_after IS NULL OR breached_after >= @at)
       ORDER BY next_due_at IS NULL, next_due_at, source || ':' || ticket_id LIMIT @limit`,
    );
  const recentlyBreached: Record<BoardLevel, ReturnType<typeof recentlyBreachedOn>> = {
    group: recentlyBreachedOn('on_group_board'),
    province: recentlyBreachedOn('on_province_board'),
  };
  const unbreached: Record<BoardLevel, ReturnType<typeof unbreachedOn>> = { group: unbreachedOn('on_group_board'), province: unbreachedOn('on_province_board') };
  const mostUrgent: Record<BoardLevel, ReturnType<typeof mostUrgentOn>> = { group: mostUrgentOn('on_group_board'), province: mostUrgentOn('on_province_board') };
  const count: Record<BoardLevel, ReturnType<typeof countOn>> = { group: countOn('on_group_board'), province: countOn('on_province_board') };
  const eventsAfter = prepareRead<[number, number], { source: string; ticket_id: string }>(
    db,
    'SELECT source, ticket_id FROM tickets WHERE last_event_at > ? AND (open = 1 OR created_at <= ?)',
  );
  return {
    openKeys: (): StoredTicketKey[] => toKeys(openKeys.all()),
    /**
     * The `limit` most urgent of a board's open tickets at `at` by their stored rows, and how many it holds,
     * leaving out tickets with events after `at` (`withEventsAfter`: a board as of `at` folds those up to it).
     */
    mostUrgentOpen: (level: BoardLevel, at: number, limit: number): { keys: StoredTicketKey[]; total: number } => ({
      keys: toKeys(mostUrgent[level].all({ at, limit })),
      total: count[level].get({ at }) ?? 0,
    }),
    /**
     * The `limit` first of a board's open tickets in the wall's order at `at` by their stored rows, a breach older than
     * `since` left out: those breached since, then those not breached; and how many the board holds.
     */
    wallFirstOpen: (level: BoardLevel, at: number, since: number, limit: number): { keys: StoredTicketKey[]; total: number } => ({
      keys: toKeys([...recentlyBreached[level].all({ at, since, limit }), ...unbreached[level].all({ at, limit })]),
      total: count[level].get({ at }) ?? 0,
    }),
    /** Tickets with events after `at` that are open, or were created by then: they may have been open at `at`. */
    withEventsAfter: (at: number): StoredTicketKey[] => toKeys(eventsAfter.all(at, at)),
    /** Closed tickets that were created by `at` but have events after it: they may have been open then. */
    closedWithEventsAfter: (at: number): StoredTicketKey[] => toKeys(closedAfter.all(at, at)),
    exists: (source: string, ticketId: string): boolean => exists.get(source, ticketId) !== undefined,
  };
});

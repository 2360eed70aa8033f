// The clock rollups of migrations 0009 and 0017 kept in step with the clocks
// table, in the same batches that write the clocks: store/breaches.ts counts
// from them. A rollup counts the clocks with a start per cell (start bucket
// and the cell's dimensions); a clock's count changes with its insert, its
// deletion, or an update moving its start or its cell (a late `updated` moving
// the ticket to another city). Every write of a clock row raises the version
// of its start day (migration 0017, store/day-versions.ts) in the same batch.
//
// The projection knows what each clock row held before it writes it, so it
// adds up the changes of a whole unit here (ClockCountChanges) and each changed
// cell is written once, at the unit's end: one upsert for about fifteen new
// clocks in a catch-up. Where the rows are not known (a ticket rewritten whole
// after a restart or a lost write, retention, forgetting a source) the counts
// of what is about to be deleted are taken out in SQL, before the deletion, in
// the same savepoint. (Triggers did the same at about 15 µs of writer time per
// new clock, more than twice an event's own insert.)
import { SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import { shanghaiDayIndex } from '../../../shared/heatmap/period';
import { BUMP_DAY, BUMP_EVERY_DAY, bumpDaysOfSql } from './day-versions';
import { defineWrite, type WriteBatch, type WriteStatement } from './statements';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** What a rollup reads of a clock row. */
export interface CountedClock {
  name: string;
  city: string | null;
  service: string | null;
  tier: string | null;
  startedAt: number | null;
  breachAt: number | null;
}

// A missing city, service or tier is stored as '' (the protocol never sends an empty one), so the keys hold no NULL.
const ADD_CITY_CLOCK = defineWrite(
  'INSERT INTO clock_counts_city_clock (day, city, name, total) VALUES (?, ?, ?, ?) ON CONFLICT (day, city, name) DO UPDATE SET total = total + excluded.total',
);
const ADD_SERVICE_TIER = defineWrite(
  'INSERT INTO clock_counts_service_tier (day, service, tier, total) VALUES (?, ?, ?, ?) ON CONFLICT (day, service, tier) DO UPDATE SET total = total + excluded.total',
);
const ADD_CITY_HOUR = defineWrite(
  'INSERT INTO clock_counts_city_hour (hour, city, total) VALUES (?, ?, ?) ON CONFLICT (hour, city) DO UPDATE SET total = total + excluded.total',
);
const ADD = [ADD_CITY_CLOCK, ADD_SERVICE_TIER, ADD_CITY_HOUR];

/**
 * The statements that take the clocks `clocks` selects (alias c, a SQL
 * FROM ... WHERE ...) out of the rollups and raise their start days' versions
 * (migration 0017), before they are deleted.
 */
function subtracting(clocks: string): WriteStatement[] {
  const started = `${clocks} AND c.started_at IS NOT NULL`;
  const day = `(c.started_at + ${SHANGHAI_OFFSET_MS}) / ${DAY_MS}`;
  return [
    defineWrite(`INSERT INTO clock_counts_city_clock (day, city, name, total)
      SELECT ${day}, coalesce(c.city, ''), c.name, -COUNT(*) ${started} GROUP BY 1, 2, 3
      ON CONFLICT (day, city, name) DO UPDATE SET total = total + excluded.total`),
    defineWrite(`INSERT INTO clock_counts_service_tier (day, service, tier, total)
      SELECT ${day}, coalesce(c.service, ''), coalesce(c.tier, ''), -COUNT(*) ${started} GROUP BY 1, 2, 3
      ON CONFLICT (day, service, tier) DO UPDATE SET total = total + excluded.total`),
    defineWrite(`INSERT INTO clock_counts_city_hour (hour, city, total)
      SELECT c.started_at / ${HOUR_MS}, coalesce(c.city, ''), -COUNT(*) ${started} GROUP BY 1, 2
      ON CONFLICT (hour, city) DO UPDATE SET total = total + excluded.total`),
    defineWrite(bumpDaysOfSql(clocks)),
  ];
}

const OF_TICKET = subtracting('FROM clocks c WHERE c.source = ? AND c.ticket_id = ?');
const OF_SOURCE = subtracting('FROM clocks c WHERE c.source = ?');
// As retention.ts finds them: closed before the cutoff, from the tickets_closed_at index to each ticket's clocks.
const OF_EXPIRED = subtracting('FROM tickets t JOIN clocks c ON c.source = t.source AND c.ticket_id = t.ticket_id WHERE t.open = 0 AND t.closed_at < ?');
const CLEAR = [
  ...['clock_counts_city_clock', 'clock_counts_service_tier', 'clock_counts_city_hour'].map((table) => defineWrite(`DELETE FROM ${table}`)),
  BUMP_EVERY_DAY,
];

interface Cell {
  key: (string | number)[];
  total: number;
}

/** The changes a batch makes to the rollups, added up per cell until written, and the start days whose versions it raises. */
export class ClockCountChanges {
  private readonly cells = [new Map<string, Cell>(), new Map<string, Cell>(), new Map<string, Cell>()] as const;
  private readonly days = new Set<number>();

  /** Counts a clock in (+1) or out (-1); a clock with no start is in no rollup. */
  count(clock: CountedClock, delta: 1 | -1): void {
    if (clock.startedAt === null) return;
    this.touch(clock.startedAt);
    const day = Math.floor((clock.startedAt + SHANGHAI_OFFSET_MS) / DAY_MS);
    const city = clock.city ?? '';
    const service = clock.service ?? '';
    const tier = clock.tier ?? '';
    const hour = Math.floor(clock.startedAt / HOUR_MS);
    // The cell's key array is made only for a cell the unit has not counted yet (most counts hit one it has).
    if (!this.bump(0, `${day}\u0000${city}\u0000${clock.name}`, delta)) this.add(0, [day, city, clock.name], delta);
    if (!this.bump(1, `${day}\u0000${service}\u0000${tier}`, delta)) this.add(1, [day, service, tier], delta);
    if (!this.bump(2, `${hour}\u0000${city}`, delta)) this.add(2, [hour, city], delta);
  }

  /** Raises the version of the day an instant falls on (a clock row started then changed, or a ticket whose repair started then). */
  touch(startedAt: number | null): void {
    if (startedAt !== null) this.days.add(shanghaiDayIndex(startedAt));
  }

  /** Adds the changed cells' and days' writes to `batch` and starts over. */
  write(batch: WriteBatch): void {
    this.cells.forEach((cells, i) => {
      for (const { key, total } of cells.values()) if (total !== 0) batch.add(ADD[i]!, ...key, total);
      cells.clear();
    });
    for (const day of this.days) batch.add(BUMP_DAY, day);
    this.days.clear();
  }

  /** Adds `delta` to the cell `id` if the unit has counted it already. */
  private bump(rollup: 0 | 1 | 2, id: string, delta: number): boolean {
    const cell = this.cells[rollup].get(id);
    if (cell) cell.total += delta;
    return cell !== undefined;
  }

  private add(rollup: 0 | 1 | 2, key: (string | number)[], delta: number): void {
    this.cells[rollup].set(key.join('\u0000'), { key, total: delta });
  }
}

const addAll = (batch: WriteBatch, statements: readonly WriteStatement[], ...args: (string | number)[]) => {
  for (const statement of statements) batch.add(statement, ...args);
};

/** The rollup writes whose clocks are counted in SQL: each goes before the deletion it accounts for. */
export const rollupWrites = {
  /** Before a ticket's clock rows, not known, are deleted. */
  forgetTicket: (batch: WriteBatch, source: string, ticketId: string) => addAll(batch, OF_TICKET, source, ticketId),
  /** Before a source's clocks are deleted. */
  forgetSource: (batch: WriteBatch, source: string) => addAll(batch, OF_SOURCE, source),
  /** Before retention deletes the clocks of the tickets closed before `before`. */
  forgetExpired: (batch: WriteBatch, before: number) => addAll(batch, OF_EXPIRED, before),
  /** With every clock (a rebuild clears the projection). */
  clear: (batch: WriteBatch) => addAll(batch, CLEAR),
};

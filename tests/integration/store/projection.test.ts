// The projection's clock writes set only the columns whose indexes they must
// touch (store/projection.ts updateClock): rows written change by change end
// as the same rows written once, and every index agrees with its table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldTicket } from '../../../shared/domain';
import type { FeedEvent } from '../../../shared/protocol';
import { projectionOf } from '../../../electron/core/ingest/project';
import { ticketState } from '../../../electron/core/ingest/tickets';
import type { Store } from '../../../electron/core/store/db';
import { writeProjection, type PriorRows } from '../../../electron/core/store/projection';
import { ClockCountChanges } from '../../../electron/core/store/rollups';
import { WriteBatch, writeStatementsFrom } from '../../../electron/core/store/statements';
import { generatedEvents, openTemp, policy, snapshot, sql, sqlValue, SOURCE, tempDir } from '../support/cache';

/** Each ticket's events, in stream order. */
function byTicket(events: readonly FeedEvent[]): Map<string, FeedEvent[]> {
  const tickets = new Map<string, FeedEvent[]>();
  for (const event of events) tickets.set(event.ticketId, [...(tickets.get(event.ticketId) ?? []), event]);
  return tickets;
}

/** The SQL of each statement in `batch`. */
function statementsOf(batch: WriteBatch): string[] {
  const all = writeStatementsFrom(0);
  const sqls: string[] = [];
  for (let i = 0; i < batch.ops.length; i += 2 + (batch.ops[i + 1] as number)) sqls.push(all[batch.ops[i] as number]!.sql);
  return sqls;
}

describe('clock rows written change by change', () => {
  let dir: ReturnType<typeof tempDir>;
  let stepwise: Store;
  let once: Store;
  beforeEach(() => {
    dir = tempDir('projection');
    stepwise = openTemp(dir, 'stepwise.db');
    once = openTemp(dir, 'once.db');
  });
  afterEach(async () => {
    await stepwise.close();
    await once.close();
    dir.remove();
  });

  it('end as the rows written once, through updates that leave the start and breach indexes alone where they can', async () => {
    const used: string[] = [];
    for (const [ticketId, events] of byTicket(generatedEvents(40))) {
      const key = { source: SOURCE.id, ticketId };
      let prior: PriorRows = 'none';
      for (let k = 1; k <= events.length; k += 1) {
        const batch = new WriteBatch();
        const counts = new ClockCountChanges();
        // Each change evaluated at its own event's time: running clocks stop, move their due times, breach or not.
        const at = Date.parse(events[k - 1]!.at);
        prior = writeProjection(batch, projectionOf(ticketState(key, foldTicket(events.slice(0, k), ticketId), []), policy, at), prior, counts);
        counts.write(batch);
        used.push(...statementsOf(batch));
        await stepwise.write(batch);
      }
      const batch = new WriteBatch();
      const counts = new ClockCountChanges();
      const last = Date.parse(events[events.length - 1]!.at);
      writeProjection(batch, projectionOf(ticketState(key, foldTicket(events, ticketId), []), policy, last), 'none', counts);
      counts.write(batch);
      await once.write(batch);
    }
    const updates = used.filter((sql) => sql.startsWith('UPDATE clocks SET'));
    // Both narrow forms were used: a stop that keeps the breach instant, and one that changes it.
    expect(updates.some((sql) => sql.startsWith('UPDATE clocks SET (state,') && !sql.includes('breach_at'))).toBe(true);
    expect(updates.some((sql) => sql.startsWith('UPDATE clocks SET (state,') && sql.includes('breach_at'))).toBe(true);
    expect(snapshot(stepwise).clocks).toEqual(snapshot(once).clocks);
    expect(sqlValue(stepwise, 'PRAGMA integrity_check')).toBe('ok');
    // The rollups count the same clocks in the same cells.
    const cells = (store: Store) =>
      ['clock_counts_city_clock', 'clock_counts_service_tier', 'clock_counts_city_hour'].map((table) => sql(store, `SELECT * FROM ${table} WHERE total != 0 ORDER BY 1, 2, 3`));
    expect(cells(stepwise)).toEqual(cells(once));
  });
});

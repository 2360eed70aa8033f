import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import { purgeClosedTickets } from '../../../electron/core/store/retention';
import type { Cache } from '../../../electron/core/store/db';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir } from '../support/cache';

const DAY = 86_400_000;

describe('retention of closed tickets', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Cache;
  beforeEach(() => {
    dir = tempDir('retention');
    cache = openTemp(dir);
  });
  afterEach(() => {
    cache.close();
    dir.remove();
  });

  it('forgets tickets closed before the retention period and keeps the rest', async () => {
    const events = generatedEvents(80);
    const engine = await Engine.open(cache, { policy, now: () => START + 10 * DAY });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    // Most tickets close; the cut leaves the last ones open.
    await engine.ingest(SOURCE.id, events.slice(0, Math.floor(events.length * 0.8)));
    const count = (sql: string) => cache.db.prepare(sql).pluck().get() as number;
    const closed = count('SELECT COUNT(*) FROM tickets WHERE open = 0');
    const open = count('SELECT COUNT(*) FROM tickets WHERE open = 1');
    expect(closed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);

    expect(purgeClosedTickets(cache, { now: START + 400 * DAY })).toBe(0);
    expect(purgeClosedTickets(cache, { now: START + 402 * DAY })).toBe(closed);
    expect(count('SELECT COUNT(*) FROM tickets')).toBe(open);
    expect(count('SELECT COUNT(*) FROM clocks c WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.source = c.source AND t.ticket_id = c.ticket_id)')).toBe(0);
    expect(count('SELECT COUNT(DISTINCT ticket_id) FROM events WHERE valid = 1')).toBe(open);
    expect(engine.source(SOURCE.id)?.since).toBe(Math.floor(events.length * 0.8));
    expect(() => purgeClosedTickets(cache, { now: START, retentionDays: 0 })).toThrow(/positive/);
  });
});

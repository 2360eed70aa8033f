import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import { generatedEvents, openTemp, policy, sqlValue, SOURCE, START, tempDir } from '../support/cache';

const DAY = 86_400_000;

describe('retention of closed tickets', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  beforeEach(() => {
    dir = tempDir('retention');
    cache = openTemp(dir);
  });
  afterEach(async () => {
    await cache.close();
    dir.remove();
  });

  it('forgets tickets closed before the retention period and keeps the rest, and the engine writes them afresh after', async () => {
    const events = generatedEvents(80);
    const clock = { now: START + 10 * DAY };
    const engine = await Engine.open(cache, { policy, now: () => clock.now });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    // Most tickets close; the cut leaves the last ones open.
    const cut = Math.floor(events.length * 0.8);
    await engine.ingest(SOURCE.id, events.slice(0, cut));
    await engine.flushed();
    const count = (sql: string) => sqlValue<number>(cache, sql);
    const closed = count('SELECT COUNT(*) FROM tickets WHERE open = 0');
    const open = count('SELECT COUNT(*) FROM tickets WHERE open = 1');
    expect(closed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);

    clock.now = START + 400 * DAY;
    expect(await engine.purgeClosed()).toBe(0);
    clock.now = START + 402 * DAY;
    expect(await engine.purgeClosed()).toBe(closed);
    expect(count('SELECT COUNT(*) FROM tickets')).toBe(open);
    expect(count('SELECT COUNT(*) FROM clocks c WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.source = c.source AND t.ticket_id = c.ticket_id)')).toBe(0);
    expect(count('SELECT COUNT(DISTINCT ticket_id) FROM events WHERE valid = 1')).toBe(open);
    expect(engine.source(SOURCE.id)?.since).toBe(cut);
    await expect(engine.purgeClosed(0)).rejects.toThrow(/positive/);

    // A late event for a forgotten ticket makes a ticket again from what arrives, never a half-updated row.
    const late = events.slice(cut).map((event) => ({ ...event }));
    await engine.ingest(SOURCE.id, late);
    await engine.flushed();
    expect(count('SELECT COUNT(*) FROM clocks c WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.source = c.source AND t.ticket_id = c.ticket_id)')).toBe(0);
    expect(engine.source(SOURCE.id)?.since).toBe(events.length);
  });
});

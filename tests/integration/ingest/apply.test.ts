import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../shared/protocol';
import Database from 'better-sqlite3';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import { outboxWrites } from '../../../electron/core/store/outbox';
import { WriteBatch } from '../../../electron/core/store/statements';
import { generatedEvents, openTemp, policy, snapshot, sql, sqlValue, SOURCE, START, tempDir } from '../support/cache';

const NOW = START + 5 * 86_400_000;

async function engineOn(store: Store): Promise<Engine> {
  const engine = await Engine.open(store, { policy, now: () => NOW, sliceSize: 500 });
  engine.registerSource(SOURCE, 'http://127.0.0.1:1');
  return engine;
}

/** Applies events and waits until they are on disk (and listeners have heard of them). */
async function ingested(engine: Engine, events: readonly unknown[]) {
  const result = await engine.ingest(SOURCE.id, events);
  await engine.flushed();
  return result;
}

const quarantine = (store: Store, options: { sourceId?: string; limit: number }) =>
  store.read((reads) => reads.quarantine.latest(options.limit, options.sourceId));

const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

function created(seq: number, ticketId: string, minutes: number): FeedEvent {
  return {
    seq,
    id: `e-${seq}`,
    ticketId,
    type: 'created',
    at: at(minutes),
    data: {
      customer: { id: 'C1', name: '南京某银行', tier: 'group' },
      circuit: { id: 'CIR-1', level: 'A' },
      service: 'mpls-vpn',
      city: '南京',
      channel: 'group-one-stop',
      title: '专线中断',
    },
  };
}

describe('applying batches', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  beforeEach(() => {
    dir = tempDir('apply');
    cache = openTemp(dir);
  });
  afterEach(async () => {
    await cache.close();
    dir.remove();
  });

  it('stores events, the projection and the new since together', async () => {
    const engine = await engineOn(cache);
    const events = generatedEvents(40);
    const changed: string[] = [];
    engine.onChange((keys) => changed.push(...keys));
    const result = await engine.ingest(SOURCE.id, events);
    expect(result).toMatchObject({ applied: events.length, duplicates: 0, gap: null, since: events.length });
    expect(engine.source(SOURCE.id)?.since).toBe(events.length);
    await engine.flushed();
    const tickets = new Set(events.map((e) => `${SOURCE.id}:${e.ticketId}`));
    expect(new Set(changed)).toEqual(tickets);
    expect(engine.durableSince(SOURCE.id)).toBe(events.length);
    expect(sqlValue(cache, 'SELECT since FROM sources')).toBe(events.length);
    expect(sqlValue(cache, 'SELECT COUNT(*) FROM tickets')).toBe(tickets.size);
    expect(sqlValue<number>(cache, 'SELECT COUNT(*) FROM clocks')).toBeGreaterThan(tickets.size);
  });

  it('ignores re-sent seqs and quarantines a repeated id under a new seq', async () => {
    const engine = await engineOn(cache);
    const events = generatedEvents(5);
    await engine.ingest(SOURCE.id, events);
    const again = await engine.ingest(SOURCE.id, events.slice(0, 10));
    expect(again).toMatchObject({ applied: 0, duplicates: 10, quarantined: 0 });
    // Once before its first copy is on disk, once after: both times it is known.
    const copy = { ...events[0]!, seq: events.length + 1 };
    const dup = await ingested(engine, [copy]);
    expect(dup).toMatchObject({ applied: 0, quarantined: 1, since: events.length + 1 });
    const copy2 = { ...events[1]!, seq: events.length + 2 };
    expect(await ingested(engine, [copy2])).toMatchObject({ applied: 0, quarantined: 1 });
    const [entry] = quarantine(cache, { limit: 10 }).reverse();
    expect(entry).toMatchObject({ seq: events.length + 1, eventId: events[0]!.id });
    expect(entry!.reason).toMatch(/duplicate id/);
  });

  it('quarantines malformed and unknown events whole, and the stream goes on', async () => {
    const engine = await engineOn(cache);
    const bad = { seq: 2, id: 'e-2', ticketId: 'T1', type: 'dispatched', at: at(2), data: { center: 'nowhere' } };
    const unknown = { seq: 3, id: 'e-3', ticketId: 'T1', type: 'teleported', at: at(3), data: {} };
    const noSeq = { id: 'e-x', type: 'closed' };
    const result = await ingested(engine, [created(1, 'T1', 0), bad, unknown, noSeq, created(4, 'T2', 4)]);
    expect(result).toMatchObject({ applied: 2, quarantined: 3, since: 4, gap: null });
    const entries = quarantine(cache, { sourceId: SOURCE.id, limit: 10 });
    expect(entries.map((e) => e.seq).sort()).toEqual([2, 3, null].sort());
    expect(entries.find((e) => e.seq === 3)?.reason).toMatch(/unknown event type: "teleported"/);
    expect(entries.find((e) => e.seq === 2)?.reason).toMatch(/invalid dispatched event/);
    expect(JSON.parse(entries.find((e) => e.seq === null)!.raw)).toEqual(noSeq);
    expect(engine.quarantinedCount(SOURCE.id)).toBe(3);
  });

  it('stops at a gap without consuming what follows it', async () => {
    const engine = await engineOn(cache);
    const result = await ingested(engine, [created(1, 'T1', 0), created(3, 'T3', 1)]);
    expect(result).toMatchObject({ applied: 1, since: 1, gap: { expected: 2, got: 3 } });
    expect(sql(cache, 'SELECT seq FROM events')).toEqual([{ seq: 1 }]);
    engine.skipGap(SOURCE.id, { expected: 2, got: 3 });
    expect(engine.source(SOURCE.id)?.since).toBe(2);
    await engine.flushed();
    expect(quarantine(cache, { limit: 5 })[0]).toMatchObject({ seq: 2, reason: expect.stringMatching(/missing/) });
  });

  it('puts a batch sent in decreasing seq back in order', async () => {
    const engine = await engineOn(cache);
    const events = generatedEvents(5);
    const result = await engine.ingest(SOURCE.id, [...events].reverse());
    expect(result).toMatchObject({ applied: events.length, gap: null });
  });

  it('makes a placeholder for events before created and completes it when created comes', async () => {
    const engine = await engineOn(cache);
    const dispatched: FeedEvent = { seq: 1, id: 'e-1', ticketId: 'T1', type: 'dispatched', at: at(5), data: { center: 'support' } };
    await ingested(engine, [dispatched]);
    const placeholder = engine.openTicketsAt(NOW);
    expect(placeholder.map((t) => t.fold.facts.incomplete)).toEqual([true]);
    await ingested(engine, [created(2, 'T1', 0)]);
    const [ticket] = engine.openTicketsAt(NOW);
    expect(ticket!.fold.facts).toMatchObject({ incomplete: false, stage: 'dispatched', city: '南京' });
    expect(ticket!.fold.facts.createdAt).toBe(START);
  });

  it('quarantines an event that cannot apply and lifts it when a late event makes it valid', async () => {
    const engine = await engineOn(cache);
    const closed: FeedEvent = { seq: 2, id: 'e-2', ticketId: 'T1', type: 'closed', at: at(10), data: {} };
    const confirmed: FeedEvent = { seq: 3, id: 'e-3', ticketId: 'T1', type: 'confirmed', at: at(8), data: {} };
    await ingested(engine, [created(1, 'T1', 0), closed, confirmed]);
    expect(quarantine(cache, { limit: 5 }).map((q) => q.reason)).toEqual([expect.stringMatching(/confirmed before any repair/)]);
    expect(engine.quarantinedCount(SOURCE.id)).toBe(1);
    const repaired: FeedEvent = { seq: 4, id: 'e-4', ticketId: 'T1', type: 'repaired', at: at(6), data: { cause: 'x', resolution: 'y' } };
    await ingested(engine, [repaired]);
    expect(quarantine(cache, { limit: 5 })).toEqual([]);
    expect(engine.quarantinedCount(SOURCE.id)).toBe(0);
  });

  it('gives the same cache whatever the order and batching of the stream', async () => {
    const events = generatedEvents(60);
    const engine = await engineOn(cache);
    await ingested(engine, events);
    const other = openTemp(dir, 'other.db');
    const second = await engineOn(other);
    // Small batches, each reversed, re-sent twice, some waiting for the disk and some not: the projection ends the same.
    for (let i = 0; i < events.length; i += 7) {
      const batch = events.slice(i, i + 7).reverse();
      await second.ingest(SOURCE.id, batch);
      if (i % 3 === 0) await second.flushed();
      await second.ingest(SOURCE.id, batch);
    }
    await second.flushed();
    expect(snapshot(other)).toEqual(snapshot(cache));
    await other.close();
  });

  it('folds a late event over the events of a write not yet committed, as a fold of them all from the disk', async () => {
    const events: FeedEvent[] = [
      created(1, 'T1', 0),
      { seq: 2, id: 'e-2', ticketId: 'T1', type: 'dispatched', at: at(2), data: { center: 'cable', handler: '王磊' } },
      { seq: 3, id: 'e-3', ticketId: 'T1', type: 'repaired', at: at(30), data: { cause: '光缆挖断', resolution: '熔接' } },
    ];
    // Accepted at minute 5, sent after the repair: it sorts before the ticket's last event and refolds it.
    const late: FeedEvent = { seq: 4, id: 'e-4', ticketId: 'T1', type: 'accepted', at: at(5), data: { handler: '王磊' } };
    const engine = await engineOn(cache);
    // Another connection holds the write lock: the first write waits in the writer, its events staged, not stored.
    const blocker = new Database(cache.file);
    blocker.exec('BEGIN IMMEDIATE');
    await engine.ingest(SOURCE.id, events);
    await engine.ingest(SOURCE.id, [late]);
    expect(sqlValue(cache, 'SELECT COUNT(*) FROM events')).toBe(0);
    blocker.exec('COMMIT');
    blocker.close();
    await engine.flushed();
    const other = openTemp(dir, 'other.db');
    await ingested(await engineOn(other), [...events, late]);
    expect(snapshot(cache)).toEqual(snapshot(other));
    expect(engine.openTicket(`${SOURCE.id}:T1`)?.fold).toEqual((await engineOn(other)).openTicket(`${SOURCE.id}:T1`)?.fold);
    await other.close();
  });

  it('rebuilds the projection from the events to the same result', async () => {
    const engine = await engineOn(cache);
    await ingested(engine, generatedEvents(60));
    const before = snapshot(cache);
    const vandal = new Database(cache.file);
    vandal.exec("UPDATE tickets SET stage = 'closed', city = 'vandalised'; DELETE FROM clocks");
    vandal.close();
    const { tickets } = await Engine.rebuilt(cache, { policy, now: () => NOW, sliceSize: 17 });
    expect(tickets).toBe(before.tickets.length);
    expect(snapshot(cache)).toEqual(before);
  });

  it('re-projects a ticket when one of its reports is acknowledged, without an event', async () => {
    const engine = await Engine.open(cache, { policy, now: () => START + 20 * 60_000 });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    await ingested(engine, [created(1, 'T1', 0)]);
    const cadence = () => sqlValue(cache, "SELECT COUNT(*) FROM clocks WHERE name = 'upwardProgress'");
    expect(cadence()).toBe(1);
    const changed: string[] = [];
    engine.onChange((keys) => changed.push(...keys));
    const report = new WriteBatch();
    outboxWrites.insert(report, {
      id: 'r-1', source: SOURCE.id, ticketId: 'T1', kind: 'progress', audience: 'group', locale: 'zh-CN', title: 't', body: 'b',
      customer: null, attachments: [], document: {} as never, createdAt: START + 10 * 60_000, operator: '张晓华', console: 'desk-duty', policyVersion: policy.version,
      replaces: null,
    });
    outboxWrites.acknowledge(report, 'r-1', { receipt: 'R1', receivedAt: START + 11 * 60_000, ackedAt: START + 11 * 60_000 });
    await cache.write(report);
    engine.acknowledged({ source: SOURCE.id, ticketId: 'T1' });
    await engine.flushed();
    expect(changed).toEqual([`${SOURCE.id}:T1`]);
    // The acknowledged report ended the first cycle and started the next.
    expect(cadence()).toBe(2);
  });

  it('reloads the open tickets from the cache on open', async () => {
    const engine = await engineOn(cache);
    const events = generatedEvents(60);
    // The stream cut short, so some tickets are still open.
    await ingested(engine, events.slice(0, Math.floor(events.length * 0.6)));
    const reopened = await Engine.open(cache, { policy, now: () => NOW });
    const keys = (e: Engine) => e.openTicketsAt(NOW).map((t) => [t.key, t.fold.facts]).sort();
    expect(keys(reopened)).toEqual(keys(engine));
    expect(keys(reopened).length).toBeGreaterThan(0);
  });

  it('refuses to load a cache whose stored event was altered behind the writer, naming the way back', async () => {
    const engine = await engineOn(cache);
    const events = generatedEvents(20);
    await ingested(engine, events.slice(0, Math.floor(events.length * 0.6)));
    const open = sql<{ ticket_id: string }>(cache, 'SELECT ticket_id FROM tickets WHERE open = 1 LIMIT 1')[0]!;
    for (const raw of ['{"seq": 1, "id": "e-1", "ticketId": "T", "at": "2026-11-20T00:00:00Z", "type": "exploded", "data": {}}', '{"seq": 1,']) {
      const db = new Database(cache.file);
      db.prepare('UPDATE events SET raw = ? WHERE source = ? AND ticket_id = ?').run(raw, SOURCE.id, open.ticket_id);
      db.close();
      await expect(Engine.open(cache, { policy, now: () => NOW })).rejects.toThrow(/stored event .*run noc rebuild/);
    }
  });
});

// What the engine tells is on disk: a change reaches listeners (and so the
// boards) only once its rows are committed, and a write the disk refuses is
// forgotten in memory too, the feed resuming from what is durable.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { Engine } from '../../../electron/core/ingest/engine';
import { FeedSource } from '../../../electron/core/feeds/source';
import type { Store } from '../../../electron/core/store/db';
import { generatedEvents, inspect, openTemp, policy, snapshot, SOURCE, START, tempDir } from '../support/cache';
import { drafts, waitFor } from '../support/feeds';

const NOW = START + 5 * 86_400_000;
const TOKEN = 'durable-token';
const events = generatedEvents(120);

describe('durability of what the engine tells', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let engine: Engine;
  let server: FeedServer;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = tempDir('durable');
    store = openTemp(dir);
    engine = await Engine.open(store, { policy, now: () => NOW, sliceSize: 50 });
    server = await startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 40 });
    closers.push(() => server.close());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await engine.flushed();
    await store.close();
    dir.remove();
  });

  function feed(): FeedSource {
    const source = new FeedSource({
      engine,
      config: { url: server.url, id: SOURCE.id },
      token: TOKEN,
      client: 'noc-test/1',
      now: () => Date.now(),
      backoff: { initialMs: 20, maxMs: 100 },
    });
    closers.push(() => source.stop());
    return source;
  }

  it('tells listeners of a ticket only once another connection can read its rows', async () => {
    const reader = inspect(store);
    closers.push(async () => {
      reader.close();
    });
    const stored = reader.prepare('SELECT COUNT(*) FROM tickets WHERE source = ? AND ticket_id = ?').pluck();
    const missing: string[] = [];
    let heard = 0;
    engine.onChange((keys) => {
      for (const key of keys) {
        heard += 1;
        const ticketId = key.slice(SOURCE.id.length + 1);
        if (stored.get(SOURCE.id, ticketId) !== 1) missing.push(key);
      }
    });
    server.append(drafts(events));
    feed().start();
    await waitFor(() => engine.durableSince(SOURCE.id) === events.length, 'the stream on disk');
    expect(heard).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('forgets a write the disk refused, resumes the feed from what is durable, and ends as a clean ingest does', async () => {
    // The disk refuses the write that holds seq 60 until the trigger is dropped.
    const vandal = new Database(store.file);
    vandal.exec(`CREATE TRIGGER refuse_60 BEFORE INSERT ON events WHEN NEW.seq = 60 BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    server.append(drafts(events));
    const source = feed();
    const errors: string[] = [];
    source.onHealth((health) => {
      if (health.lastError) errors.push(health.lastError);
    });
    source.start();
    await waitFor(() => errors.some((error) => error.includes('disk I/O error (simulated)')), 'the refused write to surface on the feed');
    // It names the file, and nothing past seq 59 ever reached the disk.
    expect(errors.find((error) => error.includes('simulated'))).toContain(store.file);
    expect(engine.durableSince(SOURCE.id)).toBeLessThan(60);
    vandal.exec('DROP TRIGGER refuse_60');
    vandal.close();
    await waitFor(() => engine.durableSince(SOURCE.id) === events.length, 'the feed to resume and finish');

    const clean = openTemp(dir, 'clean.db');
    const reference = await Engine.open(clean, { policy, now: () => NOW });
    reference.registerSource(SOURCE, server.url);
    await reference.ingest(SOURCE.id, events.map((e, i) => ({ ...e, seq: i + 1 })));
    await reference.flushed();
    await engine.flushed();
    expect(snapshot(store)).toEqual(snapshot(clean));
    await clean.close();
  });
});

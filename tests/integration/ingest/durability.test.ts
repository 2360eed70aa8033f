// What the engine tells is on disk: a change reaches listeners (and so the
// boards) only once its rows are committed, and a write the disk refuses is
// forgotten in memory too, the feed resuming from what is durable.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startFeedServer } from '../../../electron/simulator/server';
import { generatedEvents, inspect, snapshot, SOURCE } from '../support/cache';
import { drafts, feedRig, waitFor } from '../support/feeds';

const TOKEN = 'durable-token';
const events = generatedEvents(120);

describe('durability of what the engine tells', () => {
  const rig = feedRig({
    name: 'durable',
    token: TOKEN,
    server: () => startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 40 }),
    engine: { sliceSize: 50 },
    backoff: { initialMs: 20, maxMs: 100 },
  });

  it('tells listeners of a ticket only once another connection can read its rows', async () => {
    const reader = inspect(rig.cache);
    rig.closing(async () => {
      reader.close();
    });
    const stored = reader.prepare('SELECT COUNT(*) FROM tickets WHERE source = ? AND ticket_id = ?').pluck();
    const missing: string[] = [];
    let heard = 0;
    rig.engine.onChange((keys) => {
      for (const key of keys) {
        heard += 1;
        const ticketId = key.slice(SOURCE.id.length + 1);
        if (stored.get(SOURCE.id, ticketId) !== 1) missing.push(key);
      }
    });
    rig.server.append(drafts(events));
    rig.feed().start();
    await waitFor(() => rig.engine.durableSince(SOURCE.id) === events.length, 'the stream on disk');
    expect(heard).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('forgets a write the disk refused, resumes the feed from what is durable, and ends as a clean ingest does', async () => {
    // The disk refuses the write that holds seq 60 until the trigger is dropped.
    const vandal = new Database(rig.cache.file);
    vandal.exec(`CREATE TRIGGER refuse_60 BEFORE INSERT ON events WHEN NEW.seq = 60 BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
    rig.server.append(drafts(events));
    const source = rig.feed();
    const errors = rig.errorsOf(source);
    source.start();
    await waitFor(() => errors.some((error) => error.includes('disk I/O error (simulated)')), 'the refused write to surface on the feed');
    // It names the file, and nothing past seq 59 ever reached the disk.
    expect(errors.find((error) => error.includes('simulated'))).toContain(rig.cache.file);
    expect(rig.engine.durableSince(SOURCE.id)).toBeLessThan(60);
    vandal.exec('DROP TRIGGER refuse_60');
    vandal.close();
    await waitFor(() => rig.engine.durableSince(SOURCE.id) === events.length, 'the feed to resume and finish');

    const reference = await rig.referenceSnapshot(events.map((e, i) => ({ ...e, seq: i + 1 })));
    await rig.engine.flushed();
    expect(snapshot(rig.cache)).toEqual(reference);
  });
});

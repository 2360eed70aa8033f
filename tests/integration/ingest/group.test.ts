// The group commit across wire batches: a source with more batches queued keeps
// the write transaction open for them, and an idle one leaves nothing behind.
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import { openCache, type Cache } from '../../../electron/core/store/db';
import { generatedEvents, openTemp, policy, snapshot, SOURCE, START, tempDir } from '../support/cache';

const NOW = START + 30 * 24 * 3_600_000;
/** Moves the engines' clock on, so a re-projection is seen to write. */
let later = 0;
const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function rig(name: string): Promise<{ engine: Engine; reader: Cache; stored: () => number }> {
  const dir = tempDir(name);
  const cache = openTemp(dir);
  later = 0;
  const engine = await Engine.open(cache, { policy, now: () => NOW + later });
  engine.registerSource(SOURCE, 'http://a.invalid');
  engine.commit();
  // A second connection sees what is committed, as `noc board` or a crash recovery would.
  const reader = openCache(dir.file('cache.db'), { readonly: true });
  cleanups.push(() => {
    reader.close();
    engine.commit();
    cache.close();
    dir.remove();
  });
  return { engine, reader, stored: () => reader.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number };
}

const waitFor = async (done: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
};

describe('group commit across batches', () => {
  it('holds the group open while batches are queued, then commits it by itself, the same rows as one clean ingest', async () => {
    const events = generatedEvents(40);
    const half = Math.floor(events.length / 2);
    const { engine, reader, stored } = await rig('group-held');

    await engine.ingest(SOURCE.id, events.slice(0, half), { moreQueued: true });
    await engine.ingest(SOURCE.id, events.slice(half), { moreQueued: true });
    // Applied (the writing connection sees it) but not yet committed: nothing on disk for other connections.
    expect(engine.cache.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(events.length);
    expect(stored()).toBe(0);
    // No third batch comes: the group commits within its age limit.
    expect(await waitFor(() => stored() === events.length, 3000)).toBe(true);

    const clean = await rig('group-clean');
    await clean.engine.ingest(SOURCE.id, events);
    expect(snapshot(reader)).toEqual(snapshot(clean.reader));
  });

  it('re-projects into the open group, and settle() leaves nothing uncommitted', async () => {
    const events = generatedEvents(20);
    const { engine, stored } = await rig('group-reproject');
    await engine.ingest(SOURCE.id, events, { moreQueued: true });
    engine.reproject([{ source: SOURCE.id, ticketId: events[0]!.ticketId }]);
    // Joining the open group does not commit it: the report path that needs durability settles it.
    expect(stored()).toBe(0);
    await engine.settle();
    expect(stored()).toBe(events.length);
  });

  it('re-projects and commits at once when no group is open', async () => {
    const events = generatedEvents(10);
    const { engine, reader } = await rig('group-idle-reproject');
    await engine.ingest(SOURCE.id, events);
    const evaluatedAt = () =>
      reader.db.prepare('SELECT evaluated_at FROM tickets WHERE source = ? AND ticket_id = ?').pluck().get(SOURCE.id, events[0]!.ticketId) as number;
    const before = evaluatedAt();
    later = 60_000;
    engine.reproject([{ source: SOURCE.id, ticketId: events[0]!.ticketId }]);
    // Written and committed: a second connection sees the new evaluation.
    expect(evaluatedAt()).toBeGreaterThan(before);
  });

  it('lists the tickets open at an earlier instant the same before and after the open group is projected', async () => {
    const events = generatedEvents(30);
    const closed = events.find((event) => event.type === 'closed')!;
    const at = Date.parse(closed.at) - 1;
    const { engine } = await rig('group-as-of');
    await engine.ingest(SOURCE.id, events, { moreQueued: true });
    const keys = () => engine.openTicketsAt(at).map((state) => state.key).sort();
    const held = keys();
    // A ticket closed in the unprojected group was open just before its close.
    expect(held).toContain(`${SOURCE.id}:${closed.ticketId}`);
    await engine.settle();
    expect(keys()).toEqual(held);
  });
});

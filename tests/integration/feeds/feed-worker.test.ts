// The feed's socket lives in a worker thread (electron/core/feeds/worker-transport.ts):
// what a hostile upstream does to that thread, a frame it cannot decode or one too
// big for its heap, ends one connection or the worker, never the console; the
// feed says why, reconnects with a new worker, and the stream goes on.
import { describe, expect, it } from 'vitest';
import { FeedWorkerTransport } from '../../../electron/core/feeds/worker-transport';
import { startFeedServer } from '../../../electron/simulator/server';
import { FEED_NAMESPACE, WIRE } from '../../../shared/protocol';
import { generatedEvents, sql, SOURCE } from '../support/cache';
import { drafts, feedRig, waitFor } from '../support/feeds';
import { startHostileSource } from '../support/hostile-source';

const TOKEN = 'worker-token';
const events = generatedEvents(40);
const first = events.slice(0, 60);
const later = events.slice(60, 120);

describe('the feed worker under a hostile upstream', () => {
  const rig = feedRig({ name: 'feed-worker', token: TOKEN, server: () => startHostileSource({ source: SOURCE, token: TOKEN }) });

  const storedSeqs = () => sql<{ n: number }>(rig.cache, 'SELECT count(*) AS n FROM events')[0]!.n;

  it('drops a connection whose frame does not decode, says so, reconnects and applies what follows', async () => {
    rig.server.append(first);
    const source = rig.feed();
    const errors = rig.errorsOf(source);
    source.start();
    await source.whenCaughtUp();
    // An EVENT packet cut short: socket.io's parser throws on it, in the worker.
    rig.server.sendRaw(`2${FEED_NAMESPACE},[${JSON.stringify(WIRE.events)},[{"seq":61,"id":`);
    await waitFor(() => errors.some((error) => error.includes('parse error')), 'the parse error reported');
    rig.server.append(later.map((e, i) => ({ ...e, seq: 61 + i })));
    await waitFor(() => source.health().appliedSeq === 120, 'the events after the bad frame');
    await rig.engine.flushed();
    expect(rig.server.subscribes).toBeGreaterThanOrEqual(2);
    expect(storedSeqs()).toBe(120);
    expect(source.health()).toMatchObject({ state: 'connected', quarantined: 0, lag: 0 });
  });

  it('survives its worker running out of heap: the worker ends, the feed says why, a new worker takes over', async () => {
    rig.server.append(first);
    // A heap limit the attack below passes by gradual growth (Node then ends the worker alone; see FeedWorkerOptions).
    const source = rig.feed({ transport: new FeedWorkerTransport({ resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } }) });
    const errors = rig.errorsOf(source);
    source.start();
    await source.whenCaughtUp();
    // One batch of 600,000 tiny events (26 MB): decoded, screened and cut in parts, it outgrows that heap.
    const tiny = JSON.stringify({ seq: 61, id: 'flood', ticketId: 'T', type: 'progress', data: { note: 'x' } });
    rig.server.sendRaw(`2${FEED_NAMESPACE},[${JSON.stringify(WIRE.events)},[${Array(600_000).fill(tiny).join(',')}]]`);
    await waitFor(() => errors.some((error) => error.startsWith('feed worker')), 'the worker failure reported');
    // Served to the new connection from its since.
    rig.server.append(later.map((e, i) => ({ ...e, seq: 61 + i })));
    await waitFor(() => source.health().appliedSeq === 120, 'the events after the worker failure');
    await rig.engine.flushed();
    expect(errors.find((error) => error.startsWith('feed worker'))).toMatch(/memory/);
    expect(storedSeqs()).toBe(120);
    expect(source.health()).toMatchObject({ state: 'connected', lastError: null, lag: 0 });
  });

  it('refills a gap while thousands of events of the old subscription wait in the worker: none of them counts as the refill', async () => {
    // The source withholds seqs 11..17 from the live stream and resends them on refill; by then the
    // old subscription's next 6,000 events are received, queued behind what the main thread has not applied.
    const stream = generatedEvents(1_000).slice(0, 6_010);
    const simulated = await startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 500 });
    rig.closing(() => simulated.close());
    simulated.append(drafts(stream.slice(0, 10)));
    const source = rig.feed({ config: { url: simulated.url, id: SOURCE.id } });
    source.start();
    await source.whenCaughtUp();
    simulated.skipLive(7);
    simulated.append(drafts(stream.slice(10)));
    await waitFor(() => source.health().appliedSeq === stream.length, 'the whole stream, the gap refilled');
    await rig.engine.flushed();
    // Before the fix the old stream's events after the gap overtook the refill: the gap was skipped as unfillable.
    expect(sql(rig.cache, 'SELECT kind, reason FROM quarantine')).toEqual([]);
    expect(storedSeqs()).toBe(stream.length);
  });

  it('hands a batch far beyond the protocol maximum to the main thread in parts, every event applied once', async () => {
    const many = generatedEvents(2_000).slice(0, 12_000);
    const wide = await startHostileSource({ source: SOURCE, token: TOKEN, maxBatch: 12_000 });
    rig.closing(() => wide.close());
    wide.append(many);
    const source = rig.feed({ config: { url: wide.url, id: SOURCE.id } });
    source.start();
    await source.whenCaughtUp();
    await rig.engine.flushed();
    expect(storedSeqs()).toBe(many.length);
    expect(source.health()).toMatchObject({ appliedSeq: many.length, quarantined: 0 });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { Engine } from '../../../electron/core/ingest/engine';
import { FeedSource, type FeedSourceOptions } from '../../../electron/core/feeds/source';
import type { Store } from '../../../electron/core/store/db';
import { generatedEvents, openTemp, policy, snapshot, sql, sqlValue, SOURCE, START, tempDir } from '../support/cache';
import { drafts, waitFor } from '../support/feeds';

const NOW = START + 5 * 86_400_000;
const TOKEN = 'secret-token';
const events = generatedEvents(120);

describe('FeedSource against a live source', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  let engine: Engine;
  let server: FeedServer;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = tempDir('feeds');
    cache = openTemp(dir);
    engine = await Engine.open(cache, { policy, now: () => NOW, sliceSize: 200 });
    server = await startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 50 });
    closers.push(() => server.close());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await engine.flushed();
    await cache.close();
    dir.remove();
  });

  function feed(overrides: Partial<FeedSourceOptions> = {}, url = server.url): FeedSource {
    const source = new FeedSource({
      engine,
      config: { url, id: SOURCE.id },
      token: TOKEN,
      client: 'noc-test/1',
      now: () => Date.now(),
      backoff: { initialMs: 50, maxMs: 200 },
      ...overrides,
    });
    closers.push(() => source.stop());
    return source;
  }

  /** The cache a clean, in-process ingest of the same stream produces. */
  async function cleanSnapshot(stream: readonly unknown[]) {
    const clean = openTemp(dir, 'clean.db');
    const reference = await Engine.open(clean, { policy, now: () => NOW });
    reference.registerSource(SOURCE, server.url);
    await reference.ingest(SOURCE.id, stream);
    await reference.flushed();
    const result = snapshot(clean);
    await clean.close();
    return result;
  }

  const wire = () => events.map((e, i) => ({ ...e, seq: i + 1 }));

  it('catches up with the backlog, then follows live events', async () => {
    server.append(drafts(events.slice(0, 80)));
    const source = feed();
    source.start();
    await source.whenCaughtUp();
    expect(source.health()).toMatchObject({ state: 'connected', appliedSeq: 80, lag: 0, level: 'province', name: SOURCE.name });
    server.append(drafts(events.slice(80)));
    await waitFor(() => source.health().appliedSeq === events.length, 'live events');
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(cache)).toEqual(await cleanSnapshot(wire()));
  });

  it('loses nothing and applies nothing twice across dropped connections and a server restart', async () => {
    server.append(drafts(events.slice(0, 40)));
    const source = feed();
    source.start();
    await source.whenCaughtUp();
    server.dropConnections();
    server.append(drafts(events.slice(40, 70)));
    await waitFor(() => source.health().appliedSeq === 70, 'resume after the drop');

    // Kill the server; a new one on the same port serves the same log and more.
    const port = Number(new URL(server.url).port);
    await server.close();
    await waitFor(() => source.health().state !== 'connected', 'the client to notice');
    server = await startFeedServer({ source: SOURCE, token: TOKEN, port, maxBatch: 50 });
    closers.push(() => server.close());
    server.append(drafts(events));
    await waitFor(() => source.health().appliedSeq === events.length, 'resume after the restart');
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(cache)).toEqual(await cleanSnapshot(wire()));
  });

  it('survives duplicates, reordered batches, gaps and malformed events, quarantining the bad ones', async () => {
    const source = feed();
    source.start();
    await source.whenCaughtUp();
    server.faults.duplicate = true;
    server.faults.reorder = true;
    server.append(drafts(events.slice(0, 50)));
    const badPayload = server.appendMalformed('bad-payload');
    server.skipLive(7);
    server.append(drafts(events.slice(50, 90)));
    const unknownType = server.appendMalformed('unknown-type');
    server.append(drafts(events.slice(90)));
    const head = server.headSeq();
    await waitFor(() => source.health().appliedSeq === head, 'the whole stream');

    const health = source.health();
    expect(health).toMatchObject({ state: 'connected', quarantined: 2, lag: 0 });
    const quarantined = sql(cache, 'SELECT seq, kind FROM quarantine ORDER BY seq');
    expect(quarantined).toEqual([
      { seq: badPayload.seq, kind: 'invalid' },
      { seq: unknownType.seq, kind: 'invalid' },
    ]);
    const stored = sqlValue(cache, 'SELECT COUNT(*) FROM events WHERE valid = 1');
    expect(stored).toBe(events.length);
    const reference = await cleanSnapshot([
      ...events.slice(0, 50),
      badPayload,
      ...events.slice(50, 90),
      unknownType,
      ...events.slice(90),
    ].map((e, i) => ({ ...e, seq: i + 1 })));
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(cache)).toEqual({ ...reference, quarantine: snapshot(cache).quarantine });
  });

  it('shows a refused token as unauthorized and waits its back-off before retrying', async () => {
    const attempts: number[] = [];
    const source = feed({ token: 'wrong', unauthorizedDelayMs: 400 });
    source.onHealth((health) => {
      if (health.state === 'connecting') attempts.push(Date.now());
    });
    const before = Date.now();
    source.start();
    await waitFor(() => source.health().state === 'unauthorized', 'unauthorized');
    const health = source.health();
    expect(health.lastError).toBe('unauthorized');
    expect(health.nextRetryAt! - before).toBeGreaterThanOrEqual(400);
    // Two retries, each at least 400 ms after the attempt before it however slow the machine
    // (less a few ms: timers and Date.now() round to the millisecond differently).
    await waitFor(() => attempts.length >= 3, 'two retries', 60_000);
    for (let i = 1; i < attempts.length; i += 1) expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(395);
    expect(source.health().appliedSeq).toBe(0);
  });

  it('recovers once the source accepts the token again', async () => {
    server.faults.refuseTokens = true;
    server.append(drafts(events.slice(0, 10)));
    const source = feed({ unauthorizedDelayMs: 100 });
    source.start();
    await waitFor(() => source.health().state === 'unauthorized', 'unauthorized');
    server.faults.refuseTokens = false;
    await waitFor(() => source.health().appliedSeq === 10, 'events after the token is accepted');
    expect(source.health()).toMatchObject({ state: 'connected', lastError: null });
  });

  it('treats a silent connection as dead and reconnects', async () => {
    const source = feed({ heartbeatTimeoutMs: 300 });
    let disconnects = 0;
    source.onHealth((health) => {
      if (health.state === 'disconnected') disconnects += 1;
    });
    source.start();
    await source.whenCaughtUp();
    // The server's heartbeats come every 5 s, so 300 ms of silence trips the watch.
    await waitFor(() => disconnects > 0, 'the silence watch');
    expect(source.health().lastError).toMatch(/no heartbeat/);
    await waitFor(() => source.health().state === 'connected', 'the reconnect');
  });
});

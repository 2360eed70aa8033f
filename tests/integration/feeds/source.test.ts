import { describe, expect, it } from 'vitest';
import { startFeedServer } from '../../../electron/simulator/server';
import { snapshot, sql, sqlValue, SOURCE, generatedEvents } from '../support/cache';
import { drafts, feedRig, waitFor } from '../support/feeds';

const TOKEN = 'secret-token';
const events = generatedEvents(120);

describe('FeedSource against a live source', () => {
  const rig = feedRig({
    name: 'feeds',
    token: TOKEN,
    server: () => startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 50 }),
    engine: { sliceSize: 200 },
    backoff: { initialMs: 50, maxMs: 200 },
  });

  const wire = () => events.map((e, i) => ({ ...e, seq: i + 1 }));

  it('catches up with the backlog, then follows live events', async () => {
    rig.server.append(drafts(events.slice(0, 80)));
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    expect(source.health()).toMatchObject({ state: 'connected', appliedSeq: 80, lag: 0, level: 'province', name: SOURCE.name });
    rig.server.append(drafts(events.slice(80)));
    await waitFor(() => source.health().appliedSeq === events.length, 'live events');
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(rig.cache)).toEqual(await rig.referenceSnapshot(wire()));
  });

  it('loses nothing and applies nothing twice across dropped connections and a rig.server restart', async () => {
    rig.server.append(drafts(events.slice(0, 40)));
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    rig.server.dropConnections();
    rig.server.append(drafts(events.slice(40, 70)));
    await waitFor(() => source.health().appliedSeq === 70, 'resume after the drop');

    // Kill the server; a new one on the same port serves the same log and more.
    const port = Number(new URL(rig.server.url).port);
    await rig.server.close();
    await waitFor(() => source.health().state !== 'connected', 'the client to notice');
    // The rig closes this one after the test, in the place of the first.
    rig.server = await startFeedServer({ source: SOURCE, token: TOKEN, port, maxBatch: 50 });
    rig.server.append(drafts(events));
    await waitFor(() => source.health().appliedSeq === events.length, 'resume after the restart');
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(rig.cache)).toEqual(await rig.referenceSnapshot(wire()));
  });

  it('survives duplicates, reordered batches, gaps and malformed events, quarantining the bad ones', async () => {
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    rig.server.faults.duplicate = true;
    rig.server.faults.reorder = true;
    rig.server.append(drafts(events.slice(0, 50)));
    const badPayload = rig.server.appendMalformed('bad-payload');
    rig.server.skipLive(7);
    rig.server.append(drafts(events.slice(50, 90)));
    const unknownType = rig.server.appendMalformed('unknown-type');
    rig.server.append(drafts(events.slice(90)));
    const head = rig.server.headSeq();
    await waitFor(() => source.health().appliedSeq === head, 'the whole stream');

    const health = source.health();
    expect(health).toMatchObject({ state: 'connected', quarantined: 2, lag: 0 });
    const quarantined = sql(rig.cache, 'SELECT seq, kind FROM quarantine ORDER BY seq');
    expect(quarantined).toEqual([
      { seq: badPayload.seq, kind: 'invalid' },
      { seq: unknownType.seq, kind: 'invalid' },
    ]);
    const stored = sqlValue(rig.cache, 'SELECT COUNT(*) FROM events WHERE valid = 1');
    expect(stored).toBe(events.length);
    const reference = await rig.referenceSnapshot([
      ...events.slice(0, 50),
      badPayload,
      ...events.slice(50, 90),
      unknownType,
      ...events.slice(90),
    ].map((e, i) => ({ ...e, seq: i + 1 })));
    // What the feed counts as applied is on disk, the projection of its tickets with it.
    expect(snapshot(rig.cache)).toEqual({ ...reference, quarantine: snapshot(rig.cache).quarantine });
  });

  it('shows a refused token as unauthorized and waits its back-off before retrying', async () => {
    const attempts: number[] = [];
    const source = rig.feed({ token: 'wrong', unauthorizedDelayMs: 400 });
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
    rig.server.faults.refuseTokens = true;
    rig.server.append(drafts(events.slice(0, 10)));
    const source = rig.feed({ unauthorizedDelayMs: 100 });
    source.start();
    await waitFor(() => source.health().state === 'unauthorized', 'unauthorized');
    rig.server.faults.refuseTokens = false;
    await waitFor(() => source.health().appliedSeq === 10, 'events after the token is accepted');
    expect(source.health()).toMatchObject({ state: 'connected', lastError: null });
  });

  it('treats a silent connection as dead and reconnects', async () => {
    const source = rig.feed({ heartbeatTimeoutMs: 300 });
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

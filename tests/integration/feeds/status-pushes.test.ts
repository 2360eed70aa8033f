// What the screens hear of a feed: a change of state at once, its progress at
// most every PROGRESS_PUSH_MS (a source at 1,000 events/s applies about 200
// batches a second). A real socket.io source on 127.0.0.1 handing out small
// batches, a real cache, the manager's timers driven by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { Engine } from '../../../electron/core/ingest/engine';
import { FeedManager, PROGRESS_PUSH_MS } from '../../../electron/core/feeds/manager';
import { EnvTokenStore, tokenEnvName } from '../../../electron/core/feeds/tokens';
import type { Store } from '../../../electron/core/store/db';
import type { FeedHealth, FeedStatus } from '../../../shared/contract';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir } from '../support/cache';
import { drafts, waitFor } from '../support/feeds';
import { manualTimers } from '../../support/timers';

const TOKEN = 'status-token';
const events = generatedEvents(120);

describe('feed status pushes', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  let engine: Engine;
  let server: FeedServer;
  let feeds: FeedManager | null = null;

  beforeEach(async () => {
    dir = tempDir('status-pushes');
    cache = openTemp(dir);
    engine = await Engine.open(cache, { policy, now: () => START + 30 * 86_400_000 });
    server = await startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 5 });
  });
  afterEach(async () => {
    await feeds?.stop();
    await server.close();
    await engine.flushed();
    await cache.close();
    dir.remove();
  });

  it('pushes a change of state at once and a burst of progress as one trailing status with the newest figures', async () => {
    const clock = { now: START + 30 * 86_400_000 };
    const { timers, advanceTo, nextAt } = manualTimers(clock);
    feeds = new FeedManager({
      engine,
      sources: [{ id: SOURCE.id, url: server.url }],
      tokens: new EnvTokenStore({ [tokenEnvName(SOURCE.id)]: TOKEN }),
      client: 'noc-test/1',
      now: () => clock.now,
      timers,
    });
    const pushed: FeedStatus[] = [];
    feeds.onChange((status) => pushed.push(status));
    const health = (status: FeedStatus): FeedHealth => status.sources.find((s) => s.sourceId === SOURCE.id)!;
    feeds.start();
    // Connected is a change of state: it is heard with no timer run.
    await waitFor(() => pushed.some((status) => health(status).state === 'connected'), 'the connected status');

    const before = pushed.length;
    server.append(drafts(events));
    await waitFor(() => health(feeds!.status()).appliedSeq === events.length, 'every event applied');
    // 120 events in batches of 5: two dozen applied batches, and not one status pushed for them yet.
    expect(pushed.length).toBe(before);
    expect(nextAt()).toBe(clock.now + PROGRESS_PUSH_MS);
    advanceTo(clock.now + PROGRESS_PUSH_MS);
    expect(pushed.length).toBe(before + 1);
    expect(health(pushed.at(-1)!)).toMatchObject({ state: 'connected', appliedSeq: events.length, lag: 0 });

    // The source going away is a change of state again: heard at once.
    server.dropConnections();
    await waitFor(() => pushed.length > before + 1 && health(pushed.at(-1)!).state !== 'connected', 'the disconnect');
  }, 60_000);
});

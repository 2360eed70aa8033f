// A source sends its whole backlog at once (the protocol has no flow control):
// the console's socket stops reading while the events it has decoded wait to
// be applied (transport.ts HELD_EVENTS_HIGH), so a long catch-up holds a few
// wire batches in memory, not the backlog, and loses nothing.
import { describe, expect, it } from 'vitest';
import { connectSocket, HELD_EVENTS_HIGH, type SocketConnection } from '../../../electron/core/feeds/transport';
import { FeedWorkerTransport } from '../../../electron/core/feeds/worker-transport';
import type { Screened } from '../../../electron/core/feeds/guard';
import { startFeedServer } from '../../../electron/simulator/server';
import { MAX_EVENTS_PER_BATCH } from '../../../shared/protocol';
import { generatedEvents, sql, SOURCE } from '../support/cache';
import { drafts, feedRig, waitFor } from '../support/feeds';

const TOKEN = 'flow-token';

describe('flow control of a catch-up', () => {
  it('stops reading while more than HELD_EVENTS_HIGH events wait, reads on as they settle, in order', async () => {
    const backlog = generatedEvents(4_000);
    expect(backlog.length).toBeGreaterThan(3 * HELD_EVENTS_HIGH);
    const server = await startFeedServer({ source: SOURCE, token: TOKEN });
    let connection: SocketConnection | null = null;
    try {
      server.append(drafts(backlog));
      const seqs: number[] = [];
      const waiting: (() => void)[] = [];
      let settleAtOnce = false;
      let held = 0;
      let mostHeld = 0;
      const connected = new Promise<void>((resolve, reject) => {
        connection = connectSocket(
          { url: server.url, token: TOKEN, client: 'noc-test/1' },
          {
            connect: resolve,
            closed: (message) => reject(new Error(message)),
            heartbeat: () => undefined,
            events: (screened: Screened[]) => {
              for (const { text } of screened) seqs.push((JSON.parse(text) as { seq: number }).seq);
              held += screened.length;
              mostHeld = Math.max(mostHeld, held);
              const settle = () => void (held -= screened.length);
              if (settleAtOnce) {
                settle();
                return Promise.resolve();
              }
              return new Promise<void>((resolve) => waiting.push(() => (settle(), resolve())));
            },
          },
        );
      });
      await connected;
      connection!.subscribe(0, 10_000, (error) => expect(error).toBeNull());
      await waitFor(() => connection!.paused, 'the socket to pause');
      // A frame already read when it paused may still arrive whole: never more than one wire batch past the mark.
      expect(seqs.length).toBeGreaterThan(HELD_EVENTS_HIGH);
      expect(seqs.length).toBeLessThanOrEqual(HELD_EVENTS_HIGH + MAX_EVENTS_PER_BATCH);
      settleAtOnce = true;
      for (const settle of waiting.splice(0)) settle();
      await waitFor(() => seqs.length === backlog.length, 'the whole backlog');
      expect(seqs).toEqual(backlog.map((_, index) => index + 1));
      expect(mostHeld).toBeLessThanOrEqual(HELD_EVENTS_HIGH + MAX_EVENTS_PER_BATCH);
      expect(connection!.paused).toBe(false);
    } finally {
      (connection as SocketConnection | null)?.close();
      await server.close();
    }
  });

  describe('through the feed worker', () => {
    const rig = feedRig({ name: 'flow', token: TOKEN, server: () => startFeedServer({ source: SOURCE, token: TOKEN }) });

    it('catches up a backlog bigger than the worker can hold decoded, with no worker failure', async () => {
      // About 100,000 events: decoded all at once they need some 130 MB of the worker's heap; this one has 48.
      const backlog = generatedEvents(12_000);
      rig.server.append(drafts(backlog));
      const source = rig.feed({ transport: new FeedWorkerTransport({ resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } }) });
      const errors = rig.errorsOf(source);
      source.start();
      await waitFor(() => source.health().appliedSeq === backlog.length || errors.length > 0, 'the backlog applied or an error', 300_000);
      expect(errors).toEqual([]);
      await rig.engine.flushed();
      expect(sql<{ n: number }>(rig.cache, 'SELECT count(*) AS n FROM events')[0]!.n).toBe(backlog.length);
    });
  });
});

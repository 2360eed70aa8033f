import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { Engine } from '../../../electron/core/ingest/engine';
import { FeedManager } from '../../../electron/core/feeds/manager';
import { EnvTokenStore, tokenEnvName } from '../../../electron/core/feeds/tokens';
import { boardRows } from '../../../electron/core/board/rows';
import { feedStatus } from '../../../shared/contract';
import { generatedEvents, openTemp, policy, SOURCE, tempDir } from '../support/cache';
import { waitFor } from '../support/feeds';

const events = generatedEvents(200);
const CUT = Date.parse(events[Math.floor(events.length / 2)]!.at);
const WRITTEN_AT = CUT + 60_000;

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('offline start from the cache', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(async () => {
    dir = tempDir('offline');
    const cache = openTemp(dir);
    const engine = await Engine.open(cache, { policy, now: () => WRITTEN_AT });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    await engine.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) <= CUT));
    await engine.flushed();
    await cache.close();
  });
  afterEach(() => dir.remove());

  it('serves the cached boards and says since when they are stale', async () => {
    const cache = openTemp(dir);
    const now = WRITTEN_AT + 3_600_000;
    const engine = await Engine.open(cache, { policy, now: () => now });
    const url = `http://127.0.0.1:${await deadPort()}`;
    const manager = new FeedManager({
      engine,
      sources: [{ id: SOURCE.id, url }, { id: 'no-token', url }],
      tokens: new EnvTokenStore({ [tokenEnvName(SOURCE.id)]: 'token' }),
      client: 'noc-test/1',
      now: () => now,
      backoff: { initialMs: 50, maxMs: 100 },
    });
    manager.start();
    await waitFor(() => manager.status().sources[0]!.lastError !== null, 'the refused connection');
    const status = manager.status();
    expect(feedStatus.parse(status)).toEqual(status);
    expect(status.staleSince).toBe(WRITTEN_AT);
    expect(status.sources.map((s) => [s.sourceId, s.state])).toEqual([
      [SOURCE.id, 'disconnected'],
      ['no-token', 'disconnected'],
    ]);
    expect(status.sources[0]).toMatchObject({ name: SOURCE.name, level: SOURCE.level, appliedSeq: expect.any(Number) });
    expect(status.sources[1]!.lastError).toBe('no token configured');

    const group = boardRows(engine, 'group', CUT);
    const province = boardRows(engine, 'province', CUT);
    expect(group.length + province.length).toBeGreaterThan(0);
    await manager.stop();
    await cache.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../shared/protocol';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import { SIMULATED_SOURCES } from '../../../electron/simulator/simulator';
import type { SourceRole } from '../../../electron/simulator/draft';
import { buildHistoryCache, forEachHistoryTicket, type HistoryOptions } from '../../../bench/heatmap-cache';
import { openTemp, policy, sql, START, tempDir } from '../support/cache';

// The heatmap bench's bulk-built cache stands for an ingested one: its tickets
// and clocks must be exactly the rows the ingest writes from the same feed.
describe('the heatmap bench cache', () => {
  let dir: ReturnType<typeof tempDir>;
  let bulk: string;
  let ingested: Store;

  beforeAll(async () => {
    dir = tempDir('bench-cache');
    // Two workers, so the shards' merge is part of what is compared.
    const options: HistoryOptions = { file: dir.file('bulk.db'), tickets: 400, seed: 5, start: START, policy, workers: 2 };
    const evaluatedAt = await buildHistoryCache(options);
    bulk = options.file;

    const feeds: Record<SourceRole, FeedEvent[]> = { group: [], province: [] };
    forEachHistoryTicket(options, { index: 0, of: 1 }, (role, events) => feeds[role].push(...events));
    ingested = openTemp(dir, 'ingested.db');
    const engine = await Engine.open(ingested, { policy, now: () => evaluatedAt });
    for (const role of ['group', 'province'] as const) {
      engine.registerSource(SIMULATED_SOURCES[role], `bench://${role}`);
      await engine.ingest(SIMULATED_SOURCES[role].id, feeds[role].sort((a, b) => a.seq - b.seq));
    }
    await engine.flushed();
  });
  afterAll(async () => {
    await ingested.close();
    dir.remove();
  });

  it('holds the tickets and clocks the ingest writes for the same events', () => {
    const rows = (cache: Store | string, text: string) => sql(typeof cache === 'string' ? ({ file: cache } as Store) : cache, text);
    for (const query of [
      'SELECT * FROM tickets ORDER BY source, ticket_id',
      'SELECT * FROM clocks ORDER BY source, ticket_id, name, idx',
      "SELECT value FROM meta WHERE key = 'projectionPolicyVersion'",
    ]) {
      const expected = rows(ingested, query);
      expect(expected.length).toBeGreaterThan(0);
      expect(rows(bulk, query)).toEqual(expected);
    }
    expect(rows(bulk, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name")).toEqual(
      rows(ingested, "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name"),
    );
  });
});

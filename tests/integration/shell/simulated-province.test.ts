// The simulated province as the shells hand it to the core: a restart resumes
// its stream and keeps the cache; after a week a new province begins, and the
// cache forgets the old one's rows (and only those) before it is recorded.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestResult } from '../../../shared/contract';
import { startConsoleCore } from '../../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { Store } from '../../../electron/core/store/db';
import { quarantineWrites } from '../../../electron/core/store/quarantine';
import { sourceWrites } from '../../../electron/core/store/sources';
import { WriteBatch } from '../../../electron/core/store/statements';
import { SIMULATED_SOURCES, startEmbeddedProvince } from '../../../electron/simulator';
import { inspect, tempDir } from '../support/cache';

const DAY = 86_400_000;
const SIMULATED = SIMULATED_SOURCES.province;
const UPSTREAM = { id: 'js-eom', name: '江苏电子运维系统', level: 'province' as const };
const MARK = 'left by the test';

describe('the simulated province the shells inject', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('province')));
  afterEach(() => dir.remove());

  const stateFile = () => dir.file('simulator.json');
  const epoch = () => (JSON.parse(readFileSync(stateFile(), 'utf8')) as { epoch: number }).epoch;

  /** Starts a console as web mode does, asks it a question, and closes it. */
  async function run(simulated = true): Promise<{ info: RequestResult<'app:info'>; feeds: RequestResult<'feed:status'> }> {
    const core = await startConsoleCore({
      dataDir: dir.dir,
      shell: 'web',
      printer: chromiumPdfPrinter(),
      ...(simulated ? { simulator: { start: startEmbeddedProvince, seed: 3 } } : {}),
    });
    try {
      const ask = (channel: string) => core.dispatch(channel, {}, { caller: 'test' });
      return { info: (await ask('app:info')) as RequestResult<'app:info'>, feeds: (await ask('feed:status')) as RequestResult<'feed:status'> };
    } finally {
      await core.close();
    }
  }

  /** A quarantine row of each source, standing for everything the cache holds of it. */
  async function leaveMarks(): Promise<void> {
    const store = Store.open(dir.file('cache.db'));
    const batch = new WriteBatch();
    for (const source of [SIMULATED, UPSTREAM]) {
      sourceWrites.upsert(batch, source, `http://127.0.0.1:1/${source.id}`);
      quarantineWrites.add(batch, { source: source.id, seq: null, eventId: null, ticketId: null, kind: 'invalid', reason: MARK, raw: '{}', receivedAt: 0 });
    }
    await store.write(batch);
    await store.close();
  }

  function marksLeft(): string[] {
    const db = inspect(dir.file('cache.db'));
    try {
      return db.prepare('SELECT source FROM quarantine WHERE reason = ? ORDER BY source').pluck().all(MARK) as string[];
    } finally {
      db.close();
    }
  }

  it('serves its sources without tokens, resumes its history on restart, and forgets it after a week', async () => {
    const first = await run();
    expect(first.info.feedTokens).toBe('simulated');
    expect(first.feeds.sources.map((source) => source.sourceId).sort()).toEqual(Object.values(SIMULATED_SOURCES).map((source) => source.id).sort());
    const firstEpoch = epoch();
    await leaveMarks();

    await run();
    expect(epoch()).toBe(firstEpoch);
    expect(marksLeft()).toEqual([UPSTREAM.id, SIMULATED.id].sort());

    writeFileSync(stateFile(), JSON.stringify({ seed: 3, epoch: Date.now() - 8 * DAY }));
    await run();
    expect(epoch()).toBeGreaterThan(Date.now() - 2 * DAY);
    expect(marksLeft()).toEqual([UPSTREAM.id]);
  });

  it('is not part of the core: a shell that hands none gets no upstream of it', async () => {
    const { info, feeds } = await run(false);
    expect(info.feedTokens).toBe('config');
    expect(feeds.sources).toEqual([]);
  });
});

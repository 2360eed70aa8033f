import { rmSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache, type Cache } from '../../../electron/core/store/db';
import { startCheckpointer } from '../../../electron/core/store/checkpointer';
import { openTemp, tempDir } from '../support/cache';

const autocheckpoint = (cache: Cache) => cache.db.pragma('wal_autocheckpoint', { simple: true }) as number;
const POLL = { timeout: 2000, interval: 10 };

/** 60 commits of 30 rows of 4 KiB: about 1,900 WAL pages, past the 1000 that would trigger an automatic checkpoint. */
function writeManyCommits(cache: Cache): void {
  cache.db.exec('CREATE TABLE filler (body BLOB) STRICT');
  const insert = cache.db.prepare('INSERT INTO filler VALUES (randomblob(4096))');
  const commit = cache.db.transaction(() => {
    for (let row = 0; row < 30; row += 1) insert.run();
  });
  for (let batch = 0; batch < 60; batch += 1) commit();
}

describe('the WAL checkpointer', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Cache;
  beforeEach(() => {
    dir = tempDir('checkpointer');
    cache = openTemp(dir);
  });
  afterEach(() => {
    if (cache.db.open) cache.close();
    dir.remove();
  });

  it('checkpoints from its worker while the main connection only appends, and hands back on stop', async () => {
    const checkpointer = startCheckpointer(cache, { intervalMs: 20 });
    // The main connection checkpoints only past 65,536 WAL pages now, far more than written here.
    expect(autocheckpoint(cache)).toBe(65_536);
    writeManyCommits(cache);
    // In WAL mode only a checkpoint writes the database file: the file reaching the
    // database's full size is the worker's doing.
    const pages = cache.db.pragma('page_count', { simple: true }) as number;
    const pageSize = cache.db.pragma('page_size', { simple: true }) as number;
    expect(pages).toBeGreaterThan(1000);
    await vi.waitFor(() => expect(statSync(cache.file).size).toBe(pages * pageSize), POLL);
    expect(autocheckpoint(cache)).toBe(65_536);
    await checkpointer.stop();
    expect(autocheckpoint(cache)).toBe(1000);
    // Everything was checkpointed, so the next write starts the WAL over from its first frame.
    cache.db.exec('INSERT INTO filler VALUES (zeroblob(10))');
    const [result] = cache.db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(result!.log).toBeLessThan(10);
  });

  it('keeps the WAL bounded when writes never pause for the worker', async () => {
    // The worker never gets to run here: the main connection's own checkpoint past maxWalPages bounds the WAL.
    const checkpointer = startCheckpointer(cache, { intervalMs: 60_000, maxWalPages: 200 });
    const walFrames = () => (statSync(`${cache.file}-wal`).size - 32) / (4096 + 24);
    let most = 0;
    cache.db.exec('CREATE TABLE filler (body BLOB) STRICT');
    const insert = cache.db.prepare('INSERT INTO filler VALUES (randomblob(4096))');
    const commit = cache.db.transaction(() => {
      for (let row = 0; row < 30; row += 1) insert.run();
    });
    for (let batch = 0; batch < 60; batch += 1) {
      commit();
      most = Math.max(most, walFrames());
    }
    // 200 pages, then the commit that crossed them (about 35 pages), then the WAL restarts.
    expect(most).toBeLessThan(200 + 40);
    await checkpointer.stop();
  });

  it('leaves the WAL unchanged without it (the control for the test above)', () => {
    cache.db.pragma('wal_autocheckpoint = 0');
    const before = statSync(cache.file).size;
    writeManyCommits(cache);
    expect(statSync(cache.file).size).toBe(before);
  });

  it('hands checkpoints back to the main connection when its worker cannot load better-sqlite3', async () => {
    const checkpointer = startCheckpointer({ ...cache, nativeBinding: dir.file('missing.node') }, { intervalMs: 20 });
    await vi.waitFor(() => expect(autocheckpoint(cache)).toBe(1000), POLL);
    await expect(checkpointer.stop()).resolves.toBeUndefined();
    expect(autocheckpoint(cache)).toBe(1000);
  });

  it('hands checkpoints back when the database file is gone, rather than creating an empty one', async () => {
    rmSync(cache.file);
    const checkpointer = startCheckpointer(cache, { intervalMs: 20 });
    await vi.waitFor(() => expect(autocheckpoint(cache)).toBe(1000), POLL);
    await checkpointer.stop();
    expect(() => statSync(cache.file)).toThrow(/ENOENT/);
  });

  it('does nothing for a read-only cache', async () => {
    cache.close();
    const readonly = openCache(dir.file('cache.db'), { readonly: true });
    try {
      const checkpointer = startCheckpointer(readonly);
      expect(autocheckpoint(readonly)).toBe(1000);
      await checkpointer.stop();
    } finally {
      readonly.close();
    }
  });

  it('stops once however often it is asked, and after the cache closed', async () => {
    const checkpointer = startCheckpointer(cache, { intervalMs: 20 });
    await Promise.all([checkpointer.stop(), checkpointer.stop()]);
    await checkpointer.stop();
    expect(autocheckpoint(cache)).toBe(1000);
    const late = startCheckpointer(cache, { intervalMs: 20 });
    cache.close();
    await expect(late.stop()).resolves.toBeUndefined();
  });
});

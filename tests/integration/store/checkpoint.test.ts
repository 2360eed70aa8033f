// The WAL is copied back into the database off the commit path: by the
// checkpoint thread a while after a commit (its timer run by hand here), by the
// writer itself only past the WAL's limit (and not at all while it catches up), and once more at close. Real files
// throughout: what is asserted is the WAL's size on disk and what another
// connection reads.
import { copyFileSync, existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../../../electron/core/store/checkpointer';
import { defineWrite, WriteBatch } from '../../../electron/core/store/statements';
import type { Store } from '../../../electron/core/store/db';
import { manualTimers } from '../../support/timers';
import { inspect, openTemp, tempDir } from '../support/cache';
import { waitFor } from '../support/feeds';

const INSERT_META = defineWrite('INSERT INTO meta (key, value) VALUES (?, ?)');
const LIMIT = 256 * 1024;

/** `rows` rows of about a kilobyte each, keys from `from` on. */
const rowsBatch = (from: number, rows: number) => {
  const batch = new WriteBatch();
  for (let i = from; i < from + rows; i += 1) batch.add(INSERT_META, `k${String(i).padStart(6, '0')}`, 'x'.repeat(1000));
  return batch;
};

describe('the WAL checkpoints', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  const clock = { now: 0 };
  let manual: ReturnType<typeof manualTimers>;
  const walSize = () => (existsSync(`${store.file}-wal`) ? statSync(`${store.file}-wal`).size : 0);
  const rowCount = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'k%'").pluck().get();
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = tempDir('checkpoint');
    manual = manualTimers(clock);
    store = openTemp(dir, 'cache.db', { timers: manual.timers });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /** Fires the checkpoint thread's timer and waits until that checkpoint finished. */
  const checkpoint = async () => {
    const before = store.writer!.checkpoints;
    expect(manual.pendingCount()).toBe(1);
    manual.advanceTo(manual.nextAt()!);
    await waitFor(() => store.writer!.checkpoints > before, 'the checkpoint finished');
  };

  it('copies the committed pages in its own thread after a commit, and empties the WAL once the writer is idle', async () => {
    // Nothing to do before anything is written.
    expect(manual.pendingCount()).toBe(0);
    await store.write(rowsBatch(0, 50));
    expect(walSize()).toBeGreaterThan(0);
    // After the commit, not inside it: the commit settled before the checkpoint ran.
    await checkpoint();
    // Nothing committed since: the next round truncates the WAL, and then no timer is left.
    await checkpoint();
    expect(walSize()).toBe(0);
    expect(manual.pendingCount()).toBe(0);
    expect(rowCount(store.file)).toBe(50);
  });

  it('keeps the WAL within its limit under continuous writes, even when the checkpoint thread never runs', async () => {
    await store.close();
    store = openTemp(dir, 'limited.db', { timers: manual.timers, walLimitBytes: LIMIT });
    // The migrations' pages are more than the limit: the first write's commit is followed by the writer's own checkpoint.
    await store.write(rowsBatch(-1, 1));
    let largest = 0;
    let largestSettled = 0;
    // 4 MB written, 16 times the limit, in batches of about 20 kB; the timer is never fired.
    for (let from = 0; from < 4000; from += 20) {
      await store.write(rowsBatch(from, 20));
      largest = Math.max(largest, walSize());
      if (from >= 1000) largestSettled = Math.max(largestSettled, walSize());
    }
    // The writer checkpoints past the limit and the restarted WAL is cut back to it: one group's pages at most above it.
    // A checkpoint in the first writes can stop short (once, under a loaded machine, the WAL then reached 819,912
    // bytes before the next one was whole: a connection opening meanwhile, probably the checkpoint thread's); it is
    // tried again once the WAL grew by another limit, so the bound holds from then on.
    expect(largest).toBeGreaterThan(LIMIT / 2);
    expect(largest).toBeLessThanOrEqual(4 * LIMIT);
    expect(largestSettled).toBeLessThanOrEqual(LIMIT + 128 * 1024);
    expect(rowCount(store.file)).toBe(4001);
  });

  it('waits while the writer catches up (a deep backlog after a commit), then checkpoints once it has', async () => {
    await store.close();
    store = openTemp(dir, 'catch-up.db', { timers: manual.timers, maxGroupOps: 100, catchUpOps: 500 });
    // 2,000 statements submitted at once, committed 100 at a time: the first commits leave far more than 500 waiting.
    const writes = Array.from({ length: 100 }, (_, i) => store.write(rowsBatch(i * 20, 20)));
    await writes[0];
    expect(store.writer!.backlog).toBeGreaterThan(500);
    expect(manual.pendingCount()).toBe(0);
    await Promise.all(writes);
    // The last commits left the backlog short: the thread copies everything, then truncates.
    await checkpoint();
    await checkpoint();
    expect(walSize()).toBe(0);
    expect(rowCount(store.file)).toBe(2000);
  });

  it('goes on committing while a reader keeps the checkpoints from finishing, and empties the WAL once it lets go', async () => {
    await store.write(rowsBatch(0, 20));
    const reader = inspect(store);
    try {
      // A read transaction on the snapshot of the first batch: no checkpoint may copy what it does not see past.
      reader.exec('BEGIN');
      expect(reader.prepare('SELECT count(*) FROM meta').pluck().get()).toBeGreaterThan(0);
      for (let from = 20; from < 2000; from += 20) await store.write(rowsBatch(from, 20));
      await checkpoint();
      // The WAL only grew (the reader still needs what a restart would overwrite), and every write committed.
      expect(walSize()).toBeGreaterThan(2000 * 1000);
      expect(rowCount(store.file)).toBe(2000);
      reader.exec('COMMIT');
    } finally {
      reader.close();
    }
    await store.write(rowsBatch(2000, 1));
    // The first round copies what the reader held back, the idle one truncates.
    await checkpoint();
    await checkpoint();
    expect(walSize()).toBe(0);
  });

  it('leaves a complete database file at close: copied alone, it holds every committed row', async () => {
    for (let from = 0; from < 500; from += 50) await store.write(rowsBatch(from, 50));
    expect(walSize()).toBeGreaterThan(0);
    await store.close();
    expect(walSize()).toBe(0);
    // The database file alone, without any WAL beside it.
    copyFileSync(store.file, dir.file('alone.db'));
    expect(existsSync(dir.file('alone.db-wal'))).toBe(false);
    expect(rowCount(dir.file('alone.db'))).toBe(500);
  });

  it('stops checkpointing once damage stopped the writer', async () => {
    await store.write(rowsBatch(0, 20));
    expect(manual.pendingCount()).toBe(1);
    store.writer!.fail('damaged (test)', 'SQLITE_CORRUPT');
    expect(manual.pendingCount()).toBe(0);
    await expect(store.write(rowsBatch(20, 1))).rejects.toThrow(/damaged \(test\)/);
  });

  it('says why when the WAL cannot be checkpointed', async () => {
    const failures: { message: string; code: string | null }[] = [];
    const checkpointer = new Checkpointer({ file: dir.file('missing.db'), onFailure: (message, code) => failures.push({ message, code }) });
    await waitFor(() => failures.length > 0, 'the checkpointer failed');
    await checkpointer.close();
    expect(failures).toEqual([{ message: expect.stringMatching(/^the WAL cannot be checkpointed: .*unable to open/), code: 'SQLITE_CANTOPEN' }]);
  });
});

// The one writer: batches commit in order, grouped while the writer is busy,
// each promise settles only once its transaction has committed, a bad batch
// fails alone (or with the chain it belongs to), and the main thread's
// connection cannot write at all.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../../electron/core/store/writer';
import { setMeta } from '../../../electron/core/store/meta';
import { defineWrite, WriteBatch } from '../../../electron/core/store/statements';
import type { Store } from '../../../electron/core/store/db';
import { inspect, openTemp, tempDir } from '../support/cache';

const INSERT_META = defineWrite('INSERT INTO meta (key, value) VALUES (?, ?)');

const metaBatch = (...keys: string[]) => {
  const batch = new WriteBatch();
  for (const key of keys) batch.add(INSERT_META, key, `v-${key}`);
  return batch;
};

describe('the writer', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir('writer');
    store = openTemp(dir);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  const keys = () => {
    const db = inspect(store);
    try {
      return db.prepare("SELECT key FROM meta WHERE key LIKE 'k%' ORDER BY key").pluck().all();
    } finally {
      db.close();
    }
  };

  it('settles a batch once another connection can read it', async () => {
    const written = store.write(metaBatch('k1', 'k2'));
    await written;
    expect(keys()).toEqual(['k1', 'k2']);
  });

  it('groups the batches that wait while it is busy into one transaction, in submission order', async () => {
    const before = store.writer!.groups;
    const order: number[] = [];
    const writes = Array.from({ length: 20 }, (_, i) => store.write(metaBatch(`k${String(i).padStart(2, '0')}`)).then(() => order.push(i)));
    await Promise.all(writes);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(keys()).toHaveLength(20);
    // Submitted in one tick: the worker takes them as one or two groups, never twenty commits.
    expect(store.writer!.groups - before).toBeLessThanOrEqual(2);
  });

  it('fails one bad batch with an error naming the file, and commits the others of its group', async () => {
    const good = store.write(metaBatch('k1'));
    const bad = store.write(metaBatch('k2', 'k2'));
    const after = store.write(metaBatch('k3'));
    await expect(bad).rejects.toThrow(StorageError);
    await expect(bad).rejects.toThrow(dir.file('cache.db'));
    await Promise.all([good, after]);
    // All or nothing within the bad batch: its first row is not there either.
    expect(keys()).toEqual(['k1', 'k3']);
  });

  it('fails every later batch of a chain once one is lost, until the chain is reset', async () => {
    const first = store.write(metaBatch('k1', 'k1'), { chain: 'c' });
    const second = store.write(metaBatch('k2'), { chain: 'c' });
    const other = store.write(metaBatch('k3'));
    await expect(first).rejects.toThrow(/UNIQUE/);
    await expect(second).rejects.toThrow(/an earlier write it builds on was lost/);
    await other;
    store.writer!.resetChain('c');
    await store.write(metaBatch('k4'), { chain: 'c' });
    expect(keys()).toEqual(['k3', 'k4']);
  });

  it('reads one committed snapshot per read, whatever the writer commits meanwhile', async () => {
    await store.write(metaBatch('k1'));
    const seen = store.read((reads) => {
      const first = reads.meta.get('projectionPolicyVersion');
      // A commit from another connection during the read transaction is not seen by it.
      const other = new Database(store.file);
      other.prepare("INSERT INTO meta VALUES ('projectionPolicyVersion', 'meanwhile')").run();
      other.close();
      return [first, reads.meta.get('projectionPolicyVersion')];
    });
    expect(seen).toEqual([null, null]);
    expect(store.read((reads) => reads.meta.get('projectionPolicyVersion'))).toBe('meanwhile');
  });

  it('gives the main thread a connection that cannot write', async () => {
    const batch = new WriteBatch();
    setMeta(batch, 'projectionPolicyVersion', 'x');
    await store.write(batch);
    expect(store.read((reads) => reads.meta.get('projectionPolicyVersion'))).toBe('x');
    // The read side is query_only: even a statement prepared behind the store's back cannot change the file.
    const db = (store as unknown as { db: Database.Database }).db;
    expect(() => db.prepare('DELETE FROM meta').run()).toThrow(/readonly|query_only|attempt to write/i);
  });

  it('refuses writes on a read-only store, and everything after close, with the file named', async () => {
    await store.close();
    const readonly = openTemp(dir, 'cache.db', { readonly: true });
    await expect(readonly.write(metaBatch('k1'))).rejects.toThrow(/read-only/);
    await readonly.close();
    expect(() => store.read((reads) => reads.meta.get('projectionPolicyVersion'))).toThrow(/closed/);
    store = openTemp(dir);
  });
});

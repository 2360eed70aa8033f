// The local data holds customers' names and account managers' phone numbers:
// only its owner may read it, damage is found when the cache opens, and every
// storage error says which file it is about.
import { closeSync, chmodSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleCore } from '../../../electron/core/console-core';
import { Engine } from '../../../electron/core/ingest/engine';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { SettingsStore } from '../../../electron/core/settings-store';
import { Store } from '../../../electron/core/store/db';
import { setMeta } from '../../../electron/core/store/meta';
import { WriteBatch } from '../../../electron/core/store/statements';
import { startEmbeddedProvince } from '../../../electron/simulator';
import { generatedEvents, policy, SOURCE, START, tempDir } from '../support/cache';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('local data', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('local')));
  afterEach(() => dir.remove());

  it('keeps the data folder 0700 and its files 0600, tightening what an older version left open', async () => {
    const data = join(dir.dir, 'data');
    mkdirSync(data, { mode: 0o755 });
    chmodSync(data, 0o755);
    writeFileSync(join(data, 'settings.json'), '{"operator":"张晓华"}', { mode: 0o644 });
    writeFileSync(join(data, 'config.json'), '{"sources":[]}', { mode: 0o644 });
    const core = await startConsoleCore({ dataDir: data, shell: 'web', printer: chromiumPdfPrinter(), simulator: { start: startEmbeddedProvince, seed: 3 } });
    try {
      await core.dispatch('settings:set', { retentionDays: 200 }, { caller: 'test' });
      expect(mode(data).toString(8)).toBe('700');
      for (const file of ['cache.db', 'cache.db-wal', 'cache.db-shm', 'settings.json', 'config.json']) {
        expect(mode(join(data, file)).toString(8), file).toBe('600');
      }
    } finally {
      await core.close();
    }
  });

  it('creates a new cache (and its WAL) readable by its owner only, wherever it is', async () => {
    const store = Store.open(dir.file('c.db'));
    const engine = await Engine.open(store, { policy, now: () => START });
    engine.registerSource(SOURCE, 'http://a.invalid');
    await engine.flushed();
    expect(mode(dir.file('c.db')).toString(8)).toBe('600');
    expect(mode(dir.file('c.db-wal')).toString(8)).toBe('600');
    await store.close();
  });

  it('writes settings 0600', () => {
    const store = new SettingsStore(dir.file('sub/settings.json'));
    store.update({ retentionDays: 30 });
    expect(mode(dir.file('sub/settings.json')).toString(8)).toBe('600');
  });

  /** A cache of 300 events with 64 KB of garbage written over its middle. */
  async function damagedCacheFile(file: string): Promise<void> {
    const store = Store.open(file);
    const engine = await Engine.open(store, { policy, now: () => START });
    engine.registerSource(SOURCE, 'http://a.invalid');
    await engine.ingest(SOURCE.id, generatedEvents(300));
    await engine.flushed();
    // The last connection to close copies the WAL back into the file.
    await store.close();
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(1024 * 1024);
    const fd = openSync(file, 'r+');
    writeSync(fd, randomBytes(64 * 1024), 0, 64 * 1024, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
  }

  it('finds a 64 KB patch of garbage in the middle of cache.db when it opens, and names the file', async () => {
    const file = dir.file('cache.db');
    await damagedCacheFile(file);
    expect(() => Store.open(file)).toThrow(new RegExp(`^${escaped(file)}: damaged \\(PRAGMA quick_check: `));
  });

  it('finds the same damage in the background, and stops writing', async () => {
    const file = dir.file('cache.db');
    await damagedCacheFile(file);
    const store = Store.open(file, { check: false });
    try {
      await expect(store.checkInBackground()).rejects.toThrow(new RegExp(`^${escaped(file)}: damaged \\(PRAGMA quick_check: `));
      const batch = new WriteBatch();
      setMeta(batch, 'projectionPolicyVersion', 'after-the-damage');
      await expect(store.write(batch)).rejects.toMatchObject({ code: 'SQLITE_CORRUPT', message: expect.stringContaining(`${file}: the cache cannot be written: damaged`) });
    } finally {
      await store.close();
    }
  });

  it('a console opens a damaged cache at once, checks it once started and names the damage among its problems', async () => {
    const data = join(dir.dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'config.json'), '{"sources":[]}');
    await damagedCacheFile(join(data, 'cache.db'));
    const core = await startConsoleCore({ dataDir: data, shell: 'web', printer: chromiumPdfPrinter() });
    try {
      const problems = async () => ((await core.dispatch('app:info', {}, { caller: 'test' })) as { problems: string[] }).problems;
      await expect.poll(problems, { timeout: 60_000 }).toEqual([expect.stringMatching(/cache\.db: damaged \(PRAGMA quick_check: /)]);
    } finally {
      await core.close();
    }
  });

  it('names the file of a storage error at open: a file that is no database', () => {
    const text = dir.file('notes.txt');
    writeFileSync(text, 'these are not the tables you are looking for\n'.repeat(200));
    expect(() => Store.open(text)).toThrow(`${text}: file is not a database`);
    expect(() => Store.open(text, { readonly: true })).toThrow(`${text}: file is not a database`);
  });
});

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

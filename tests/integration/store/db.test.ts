import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { FutureDatabaseError, openCache } from '../../../electron/core/store/db';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { tempDir } from '../support/cache';

describe('openCache', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('db')));
  afterEach(() => dir.remove());

  it('creates the schema in WAL mode with STRICT tables at the latest version', () => {
    const cache = openCache(dir.file('c.db'));
    expect(cache.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = cache.db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['clocks', 'events', 'meta', 'quarantine', 'sources', 'tickets']));
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    cache.close();
  });

  it('migrates an older database forward and keeps its rows', () => {
    const older = openCache(dir.file('c.db'), { migrations: [] });
    older.db.exec('CREATE TABLE keep (x INTEGER) STRICT; INSERT INTO keep VALUES (42)');
    older.close();
    const cache = openCache(dir.file('c.db'));
    expect(cache.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(cache.db.prepare('SELECT x FROM keep').pluck().get()).toBe(42);
    cache.close();
  });

  it('refuses a database written by a newer version, untouched', () => {
    const raw = new Database(dir.file('future.db'));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openCache(dir.file('future.db'))).toThrow(FutureDatabaseError);
    expect(() => openCache(dir.file('future.db'))).toThrow(/schema version 99, newer than this program's/);
    expect(() => openCache(dir.file('future.db'), { readonly: true })).toThrow(FutureDatabaseError);
    const check = new Database(dir.file('future.db'));
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('opens read-only only a database at the current version', () => {
    expect(() => openCache(dir.file('missing.db'), { readonly: true })).toThrow();
    openCache(dir.file('c.db')).close();
    const cache = openCache(dir.file('c.db'), { readonly: true });
    expect(() => cache.db.exec("INSERT INTO meta VALUES ('a', 'b')")).toThrow(/readonly/);
    cache.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { FutureDatabaseError, Store } from '../../../electron/core/store/db';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { inspect, tempDir } from '../support/cache';

describe('opening the cache', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('db')));
  afterEach(() => dir.remove());

  it('creates the schema in WAL mode with STRICT tables at the latest version', async () => {
    const store = Store.open(dir.file('c.db'));
    await store.close();
    const db = inspect(dir.file('c.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['clocks', 'events', 'meta', 'quarantine', 'sources', 'tickets']));
    expect(tables.every((t) => t.strict === 1)).toBe(true);
    db.close();
  });

  it('migrates an older database forward and keeps its rows', async () => {
    const older = new Database(dir.file('c.db'));
    older.exec('CREATE TABLE keep (x INTEGER) STRICT; INSERT INTO keep VALUES (42)');
    older.close();
    await Store.open(dir.file('c.db')).close();
    const db = inspect(dir.file('c.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(db.prepare('SELECT x FROM keep').pluck().get()).toBe(42);
    db.close();
  });

  it("moves a cache's fault report clocks to their new index (migration 0019): a handover still finds the reports owed", async () => {
    // A cache of schema 18: a closed ticket still owing its fault report, one that filed it before 10:00 and one after.
    const file = dir.file('c.db');
    await Store.open(file, { migrations: MIGRATIONS.filter((m) => m.version <= 18) }).close();
    const raw = new Database(file);
    const ticket = raw.prepare(
      "INSERT INTO tickets (source, ticket_id, incomplete, stage, open, on_group_board, on_province_board, evaluated_at) VALUES ('js', ?, 0, 'closed', 0, 1, 0, 0)",
    );
    const clock = raw.prepare(
      "INSERT INTO clocks (source, ticket_id, name, idx, state, started_at, stopped_at, limit_ms) VALUES ('js', ?, 'faultReport', 0, ?, ?, ?, 86400000)",
    );
    const at = Date.parse('2026-11-22T10:00:00+08:00');
    for (const [id, stoppedAt] of [['OWED', null], ['FILED', at - 60_000], ['FILED-AFTER', at + 60_000]] as const) {
      ticket.run(id);
      clock.run(id, stoppedAt === null ? 'running' : 'met', at - 3_600_000, stoppedAt);
    }
    raw.close();
    const store = Store.open(file);
    const owed = store.read((reads) => reads.handovers.faultReportsRunningAt(at));
    await store.close();
    expect(owed.map((key) => key.ticketId).sort()).toEqual(['FILED-AFTER', 'OWED']);
    const db = inspect(file);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(19);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'clocks_fault_report'").pluck().get()).toMatch(/\(stopped_at\) WHERE name = 'faultReport'/);
    db.close();
  });

  it('refuses a database written by a newer version, untouched', () => {
    const raw = new Database(dir.file('future.db'));
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => Store.open(dir.file('future.db'))).toThrow(FutureDatabaseError);
    expect(() => Store.open(dir.file('future.db'))).toThrow(/schema version 99, newer than this program's/);
    expect(() => Store.open(dir.file('future.db'), { readonly: true })).toThrow(FutureDatabaseError);
    const check = new Database(dir.file('future.db'));
    expect(check.pragma('user_version', { simple: true })).toBe(99);
    check.close();
  });

  it('opens read-only only a database at the current version, without a writer', async () => {
    expect(() => Store.open(dir.file('missing.db'), { readonly: true })).toThrow(/missing\.db/);
    await Store.open(dir.file('c.db')).close();
    const store = Store.open(dir.file('c.db'), { readonly: true });
    expect(store.writer).toBeNull();
    expect(store.read((reads) => reads.sources.all())).toEqual([]);
    await store.close();
  });
});

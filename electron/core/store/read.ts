// The read side of the cache: one connection on the main thread that never
// writes (`query_only`), so it only ever sees committed transactions of the
// writer (writer.ts), never half a group. `Store.read(fn)` runs `fn` in one read
// transaction, so everything it reads comes from the same snapshot. The
// repositories' read statements are prepared here once per connection, and
// every statement prepared through `prepareRead` is listed for the query-plan
// test.
import type Database from 'better-sqlite3';

declare const readOnly: unique symbol;
/** A connection that can only read: statements prepared on it cannot change the cache. */
export type ReadDb = Database.Database & { readonly [readOnly]: true };

const prepared = new Set<string>();

/** Prepares a read statement (and remembers its SQL for the query-plan test). */
export function prepareRead<P extends unknown[] | object = unknown[], R = unknown>(db: ReadDb, sql: string): Database.Statement<P, R> {
  const text = sql.trim();
  prepared.add(text);
  return db.prepare<P, R>(text);
}

/** The SQL of every read statement prepared so far (query-plan test). */
export function preparedReads(): readonly string[] {
  return [...prepared];
}

/** Read repositories keyed by connection, built on first use. */
export function perConnection<T>(build: (db: ReadDb) => T): (db: ReadDb) => T {
  const made = new WeakMap<ReadDb, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = build(db);
      made.set(db, value);
    }
    return value;
  };
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedEvent } from '../../../shared/protocol';
import { loadDefaultPolicy } from '../../../shared/domain';
import { sequencedEvents } from '../../../electron/simulator/jsonl';
import { Store, type OpenOptions } from '../../../electron/core/store/db';
import { Engine } from '../../../electron/core/ingest/engine';

/**
 * A directory in the OS temp dir, removed by the returned cleanup. The removal
 * retries (ENOTEMPTY, EBUSY): a child process just killed or a SQLite file just
 * closed may still be writing into it when a busy machine runs the cleanup.
 */
export function tempDir(prefix: string): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `noc-${prefix}-`));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }) };
}

export const START = Date.parse('2026-11-20T00:00:00+08:00');
export const policy = loadDefaultPolicy();

/** A realistic numbered stream of one source, from the simulator's generator. */
export function generatedEvents(tickets: number, seed = 7): FeedEvent[] {
  return [...sequencedEvents({ seed, start: START, tickets, source: 'all' })];
}

export const SOURCE = { id: 'src-a', name: 'Source A', level: 'province' as const };

/**
 * Reads the cache file with SQL of the test's own, on a connection of its own
 * (read-only): what a test inspects is what was committed. Closed with `done()`.
 */
export function inspect(store: Store | string): Database.Database {
  return new Database(typeof store === 'string' ? store : store.file, { readonly: true });
}

/** One SQL answer from a throwaway read-only connection. */
export function sql<T = unknown>(store: Store, text: string, ...params: unknown[]): T[] {
  const db = inspect(store);
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The first column of the first row. */
export function sqlValue<T = unknown>(store: Store, text: string, ...params: unknown[]): T {
  const db = inspect(store);
  try {
    return db.prepare(text).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}

/** Everything a cache holds that does not depend on when it was written. */
export function snapshot(store: Store | string) {
  const db = inspect(store);
  try {
    const all = (text: string) => db.prepare(text).all();
    return {
      sources: all('SELECT id, since FROM sources ORDER BY id'),
      events: all('SELECT source, seq, event_id, ticket_id, at, type, valid, raw FROM events ORDER BY source, seq'),
      tickets: all(
        `SELECT source, ticket_id, incomplete, tier, city, service, stage, open, on_group_board, on_province_board, created_at, closed_at,
           last_event_at, clocks_from, next_due_at FROM tickets ORDER BY source, ticket_id`,
      ),
      // Clock rows hold only what the events decide (migration 0004), so they are compared whole.
      clocks: all('SELECT * FROM clocks ORDER BY source, ticket_id, name, idx'),
      quarantine: all('SELECT source, seq, event_id, ticket_id, kind, reason FROM quarantine ORDER BY source, kind, seq, reason'),
    };
  } finally {
    db.close();
  }
}

export function openTemp(dir: ReturnType<typeof tempDir>, name = 'cache.db', options: OpenOptions = {}): Store {
  return Store.open(dir.file(name), options);
}

/**
 * A console's data folder as a restart finds it: the cache holding what of
 * `stream` came before `now` (ingested by an engine at `now`), and a
 * config.json naming SOURCE at an address nothing listens on, with no token
 * (`tokenEnv` unset): the console runs on what the cache holds.
 */
export async function cacheBefore(dir: ReturnType<typeof tempDir>, stream: readonly FeedEvent[], now: number, tokenEnv: string): Promise<void> {
  const cache = openTemp(dir);
  const engine = await Engine.open(cache, { policy, now: () => now });
  engine.registerSource(SOURCE, 'http://127.0.0.1:9');
  await engine.ingest(
    SOURCE.id,
    stream.filter((event) => Date.parse(event.at) < now),
  );
  await engine.flushed();
  await cache.close();
  writeFileSync(dir.file('config.json'), JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: 'http://127.0.0.1:9', level: SOURCE.level, tokenEnv }] }));
}

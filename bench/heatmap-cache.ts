// A cache of N historical tickets for the heatmap bench, from the simulator's
// generator. Bulk path, not the feed path: each ticket's events get the seq its
// source would give them (the generator's merged `at`-ordered stream), then go
// through the ingest's own projection (foldTicket → projectionOf → the projection
// writes), so the tickets and clocks rows are the ones ingest writes for
// the same events at the same evaluation time (tests/integration/heatmap/
// cache.test.ts compares them). Raw events are not stored: the heatmap queries
// read only tickets and clocks, and with every event before the evaluation time
// none of them needs a re-fold.
//
// Folding and writing a million tickets is minutes of CPU, so worker threads
// share it: each replays the whole stream (the seqs depend on all of it) but
// projects only its share of the tickets, into a file of its own; the shards
// are then copied into one file in SQL and the secondary indexes built once.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { foldTicket, type Policy } from '../shared/domain';
import type { FeedEvent } from '../shared/protocol';
import { createCacheFile, Store } from '../electron/core/store/db';
import { setMeta } from '../electron/core/store/meta';
import { writeProjection } from '../electron/core/store/projection';
import { ClockCountChanges } from '../electron/core/store/rollups';
import { sourceWrites } from '../electron/core/store/sources';
import { WriteBatch } from '../electron/core/store/statements';
import { runBatch } from '../electron/core/store/writer';
import { projectionOf } from '../electron/core/ingest/project';
import { ticketKeyOf } from '../electron/core/ingest/tickets';
import { EventStream } from '../electron/simulator/generator';
import { withSeq, type SourceRole } from '../electron/simulator/draft';
import { SIMULATED_SOURCES } from '../electron/simulator/simulator';

export interface HistoryOptions {
  file: string;
  tickets: number;
  seed: number;
  /** Where the history begins; tickets follow at the generator's default rate. */
  start: number;
  policy: Policy;
  /** Worker threads to share the projection between. */
  workers: number;
}

/** What one worker projects: every `of`-th ticket in arrival order, from the `index`-th, into `file`. */
export interface ShardTask {
  history: Omit<HistoryOptions, 'file' | 'workers'>;
  file: string;
  index: number;
  of: number;
}

const TICKETS_PER_TRANSACTION = 20_000;

/**
 * The evaluation time of a history of `tickets` from `start`: projected as they
 * finish, tickets need it up front. Past the last creation (the generator
 * averages over 30 an hour) and the weeks a ticket's tail can last.
 */
export function evaluationTime(options: Pick<HistoryOptions, 'tickets' | 'start'>): number {
  return options.start + Math.ceil((options.tickets / 20) * 3_600_000) + 60 * 86_400_000;
}

/**
 * Hands each generated ticket of the shard its events, numbered as its source
 * numbers them, once the ticket has no more; returns the last event's time.
 */
export function forEachHistoryTicket(
  options: Pick<HistoryOptions, 'tickets' | 'seed' | 'start'>,
  shard: { index: number; of: number },
  visit: (source: SourceRole, events: FeedEvent[]) => void,
): number {
  const seqs: Record<SourceRole, number> = { group: 0, province: 0 };
  // Tickets of other shards are kept with no events, so that their later events keep their place.
  const pending = new Map<string, FeedEvent[] | null>();
  let arrived = 0;
  let lastAt = options.start;
  new EventStream({ seed: options.seed, start: options.start, tickets: options.tickets }).drain(Infinity, (draft, role, at, last) => {
    seqs[role] += 1;
    lastAt = Math.max(lastAt, at);
    let events = pending.get(draft.ticketId);
    if (events === undefined) {
      events = arrived % shard.of === shard.index ? [] : null;
      arrived += 1;
      pending.set(draft.ticketId, events);
    }
    if (events === null) {
      if (last) pending.delete(draft.ticketId);
      return;
    }
    events.push(withSeq(draft, seqs[role]));
    if (!last) return;
    pending.delete(draft.ticketId);
    visit(role, events);
  });
  return lastAt;
}

/** Opens a throwaway file for bulk writing: rebuilt from scratch on any failure, so no journal and no syncs. */
function openBulk(file: string): { db: Database.Database; indexes: string[] } {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  createCacheFile(file);
  const db = new Database(file);
  // Defensive mode, on by default, refuses to turn the journal off.
  db.unsafeMode(true);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Secondary indexes are built once at the end from sorted rows, not entry by entry.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('tickets', 'clocks')")
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  return { db, indexes: indexes.map((index) => index.sql) };
}

/** One worker's share (run by heatmap-cache-worker.ts); returns the last event's time. */
export function buildShard(task: ShardTask): number {
  const { db } = openBulk(task.file);
  try {
    const evaluationAt = evaluationTime(task.history);
    const { policy } = task.history;
    let batch: { source: SourceRole; events: FeedEvent[] }[] = [];
    // Evaluated at the end of history, as if ingested then: every clock of a finished ticket is final.
    const flush = db.transaction((tickets: typeof batch) => {
      const writes = new WriteBatch();
      const counts = new ClockCountChanges();
      for (const { source, events } of tickets) {
        const key = { source: SIMULATED_SOURCES[source].id, ticketId: events[0]!.ticketId };
        const state = { ...key, key: ticketKeyOf(key), fold: foldTicket(events, key.ticketId), reports: [] };
        writeProjection(writes, projectionOf(state, policy, evaluationAt), 'none', counts);
      }
      counts.write(writes);
      runBatch(db, writes);
    });
    const lastAt = forEachHistoryTicket(task.history, task, (source, events) => {
      batch.push({ source, events });
      if (batch.length < TICKETS_PER_TRANSACTION) return;
      flush(batch);
      batch = [];
    });
    flush(batch);
    return lastAt;
  } finally {
    db.close();
  }
}

function runShard(task: ShardTask): Promise<number> {
  return new Promise((resolve, reject) => {
    // The worker registers tsx itself: neither tsx's nor vitest's loader reaches a worker thread.
    const entry = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'heatmap-cache-worker.ts'))});`;
    const worker = new Worker(entry, { eval: true, workerData: task });
    worker.once('message', (lastAt: number) => resolve(lastAt));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`heatmap cache worker ${task.index} exited with ${code} before finishing`)));
  });
}

/** Builds the cache (into a temp file, renamed when complete); returns the evaluation time, after the last event. */
export async function buildHistoryCache(options: HistoryOptions): Promise<number> {
  mkdirSync(dirname(options.file), { recursive: true });
  const partial = `${options.file}.partial`;
  const { file: _file, workers, ...history } = options;
  const shards = Array.from({ length: Math.max(1, workers) }, (_, index) => ({ history, file: `${partial}.${index}`, index, of: Math.max(1, workers) }));
  try {
    const lastAt = Math.max(...(await Promise.all(shards.map(runShard))));
    const evaluationAt = evaluationTime(options);
    if (lastAt >= evaluationAt) throw new Error('history runs past its evaluation time; raise the margin');
    const { db, indexes } = openBulk(partial);
    try {
      for (const shard of shards) {
        db.prepare('ATTACH ? AS shard').run(shard.file);
        // Same migrations, same column order.
        db.exec('INSERT INTO tickets SELECT * FROM shard.tickets; INSERT INTO clocks SELECT * FROM shard.clocks');
        // Each shard counted its own clocks: the rollups add up.
        for (const rollup of ['clock_counts_city_clock', 'clock_counts_service_tier', 'clock_counts_city_hour']) {
          db.exec(`INSERT INTO ${rollup} SELECT * FROM shard.${rollup} WHERE true ON CONFLICT DO UPDATE SET total = total + excluded.total`);
        }
        db.exec('DETACH shard');
      }
      const writes = new WriteBatch();
      for (const role of ['group', 'province'] as const) sourceWrites.upsert(writes, SIMULATED_SOURCES[role], `bench://${role}`);
      setMeta(writes, 'projectionPolicyVersion', options.policy.version);
      runBatch(db, writes);
      for (const sql of indexes) db.exec(sql);
      // No ANALYZE: a console's cache has no statistics either, so the bench meets the plans users get.
    } finally {
      db.close();
    }
    // Written back to disk before anything is measured: the kernel writing gigabytes back meanwhile slowed the first figures by half.
    const fd = openSync(partial, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, options.file);
    return evaluationAt;
  } finally {
    for (const shard of shards) rmSync(shard.file, { force: true });
  }
}

/** Opens the cached history if present, else builds it first. */
export async function historyCache(options: HistoryOptions): Promise<{ store: Store; built: boolean }> {
  const built = !existsSync(options.file);
  if (built) await buildHistoryCache(options);
  return { store: Store.open(options.file, { readonly: true }), built };
}

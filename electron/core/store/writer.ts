// The one writer of the cache: a worker thread that owns the read-write
// connection. Everything that changes the cache is a WriteBatch submitted here;
// the worker runs each batch as a savepoint and every batch that is waiting when
// it is free as one transaction (group commit: one commit, each touched page
// written once, for whatever queued while the last commit ran). A transaction is
// a synchronous unit in the worker and never spans an await; the main thread
// never holds one, so its event loop waits on no commit and no WAL write. The
// WAL is copied back into the database by a thread of its own (checkpointer.ts),
// not inside the commits: the worker checkpoints by itself only when the WAL
// outgrew WAL_LIMIT_BYTES all the same, and once more when it closes.
//
// A batch's promise resolves once its transaction has committed: whoever must
// act only on durable state (a report about to leave, a board row about to be
// shown) awaits it. Batches commit in the order they were submitted.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { writeStatementCount, writeStatementsFrom, type SqlValue, type WriteBatch } from './statements';
import { Checkpointer } from './checkpointer';
import type { Timers } from '../timers';
import { WORKER_RESOURCE_LIMITS } from '../worker-limits';

/** A failed write, naming the file (and SQLite's code when there is one). */
export class StorageError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly code: string | null = null,
  ) {
    super(`${file}: ${message}`);
    this.name = 'StorageError';
  }
}

interface WorkerData {
  modulePath: string;
  file: string;
  nativeBinding: string | undefined;
  maxGroupOps: number;
  walLimitBytes: number;
}

type ToWorker =
  | { type: 'prepare'; statements: [number, string][] }
  | { type: 'part'; id: number; ops: unknown[] }
  | { type: 'discard'; id: number }
  | { type: 'unit'; id: number; ops: unknown[]; results: boolean; chain: string | null }
  | { type: 'reset-chain'; chain: string }
  | { type: 'close' }
  | { type: 'stop' };

type UnitDone = { id: number; ok: true; changes: number[] | null } | { id: number; ok: false; message: string; code: string | null };
type FromWorker = { type: 'done'; units: UnitDone[] } | { type: 'closed' };

/** A group commits once its batches hold this many statements, whatever still waits (a crash loses at most one group). */
const MAX_GROUP_OPS = 200_000;

/**
 * The WAL's bound: past it the writer checkpoints by itself after a commit (the
 * checkpoint thread fell behind, or never finds a moment when every committed
 * page is copied), and a restarted WAL file is truncated back to it.
 */
const WAL_LIMIT_BYTES = 32 * 1024 * 1024;

// Plain CommonJS run with `eval: true`: the same text works under tsx, vitest and
// the electron-vite bundle, none of which agree on a path to a worker file.
// better-sqlite3 comes from the path the parent resolved, since an eval'd worker
// resolves bare names from the current directory, not from our code.
const WORKER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.modulePath);
// fileMustExist: the main thread created and migrated the file; one deleted under us must fail, not be recreated empty.
const db = new Database(workerData.file, {
  fileMustExist: true,
  ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}),
});
db.pragma('journal_mode = WAL');
// NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
// No checkpoint inside a commit: the checkpoint thread copies the WAL back (checkpointer.ts).
db.pragma('wal_autocheckpoint = 0');
// A 4 MB page cache, not better-sqlite3's 16 MB: the console holds what this thread's cache grew to for good (glibc
// keeps its freed pages; shrink_memory gave none back). With 10,000 open tickets at rest, this thread's malloc arena
// held 21 MB, 7 MB with this; the ingest bench in alternating pairs: 12,888 and 11,317 events/s against 9,053 and
// 11,953 with 16 MB, a rebuild 231 and 327 s against 428 and 257 s, the same within this machine's noise (rss branch).
db.pragma('cache_size = -4000');
db.pragma('journal_size_limit = ' + workerData.walLimitBytes);
const walFile = workerData.file + '-wal';
// The WAL size past which the writer checkpoints by itself.
let checkpointPast = workerData.walLimitBytes;
const statements = new Map();
const waiting = [];
// Parts of units sent ahead of them (a stream), by unit id: they run first, in the unit's savepoint.
const parts = new Map();
// A chain's batches build on each other (an ingest's seqs): once one is lost, the later ones must not commit.
const brokenChains = new Set();
let scheduled = false;
let closing = false;
let stopped = false;

function take(message) {
  if (message.type === 'prepare') {
    for (const [id, sql] of message.statements) statements.set(id, db.prepare(sql));
  } else if (message.type === 'part') {
    const earlier = parts.get(message.id);
    if (earlier) earlier.push(message.ops);
    else parts.set(message.id, [message.ops]);
  } else if (message.type === 'discard') {
    parts.delete(message.id);
  } else if (message.type === 'unit') {
    message.parts = parts.get(message.id) || [];
    parts.delete(message.id);
    message.size = message.ops.length;
    for (const part of message.parts) message.size += part.length;
    waiting.push(message);
  } else if (message.type === 'reset-chain') {
    waiting.push(message);
  } else if (message.type === 'close') {
    closing = true;
  } else if (message.type === 'stop') {
    // Damage found: what waits is dropped (its callers were told it failed), nothing more is written.
    waiting.length = 0;
    parts.clear();
    closing = true;
    stopped = true;
  }
}

function runOps(ops, changes) {
  for (let i = 0; i < ops.length; ) {
    const statement = statements.get(ops[i]);
    const argc = ops[i + 1];
    if (statement === undefined) throw new Error('unknown write statement ' + ops[i]);
    const info = argc === 0 ? statement.run() : statement.run(ops.slice(i + 2, i + 2 + argc));
    i += 2 + argc;
    if (changes) changes.push(info.changes);
  }
}

function runUnit(unit) {
  const changes = unit.results ? [] : null;
  for (const part of unit.parts) runOps(part, changes);
  runOps(unit.ops, changes);
  return changes;
}

function failure(error) {
  return { message: error && error.message ? error.message : String(error), code: (error && error.code) || null };
}

function commitGroup() {
  const group = [];
  let ops = 0;
  while (waiting.length > 0 && (group.length === 0 || ops + (waiting[0].size || 0) <= workerData.maxGroupOps)) {
    const unit = waiting.shift();
    group.push(unit);
    ops += unit.size || 0;
  }
  const done = [];
  try {
    db.exec('BEGIN IMMEDIATE');
    for (const unit of group) {
      if (unit.type === 'reset-chain') {
        brokenChains.delete(unit.chain);
        continue;
      }
      if (unit.chain !== null && brokenChains.has(unit.chain)) {
        done.push({ id: unit.id, ok: false, message: 'an earlier write it builds on was lost', code: null });
        continue;
      }
      db.exec('SAVEPOINT unit');
      try {
        const changes = runUnit(unit);
        db.exec('RELEASE unit');
        done.push({ id: unit.id, ok: true, changes });
      } catch (error) {
        // One bad batch (a constraint it breaks) does not take the others with it.
        if (!db.inTransaction) throw error;
        db.exec('ROLLBACK TO unit');
        db.exec('RELEASE unit');
        if (unit.chain !== null) brokenChains.add(unit.chain);
        done.push({ id: unit.id, ok: false, ...failure(error) });
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    // SQLite rolled back by itself (a full disk, I/O) or the commit failed: the whole group is lost.
    if (db.inTransaction) db.exec('ROLLBACK');
    const lost = failure(error);
    done.length = 0;
    for (const unit of group) {
      if (unit.type !== 'unit') continue;
      if (unit.chain !== null) brokenChains.add(unit.chain);
      done.push({ id: unit.id, ok: false, ...lost });
    }
  }
  parentPort.postMessage({ type: 'done', units: done });
}

// After the group was reported: a checkpoint here delays only the next group, and only when the WAL outgrew its limit.
function boundWal() {
  let size;
  try {
    size = statSync(walFile).size;
  } catch {
    return;
  }
  if (size <= workerData.walLimitBytes) checkpointPast = workerData.walLimitBytes;
  if (size <= checkpointPast) return;
  const result = db.pragma('wal_checkpoint(PASSIVE)')[0];
  // Whole: the next transaction starts the WAL over (and cuts the file back to the limit).
  // Short of whole (a reader still uses older pages): tried again once the WAL grew by another limit.
  const whole = result.busy === 0 && result.log === result.checkpointed;
  checkpointPast = whole ? workerData.walLimitBytes : size + workerData.walLimitBytes;
}

function drain() {
  scheduled = false;
  // Whatever arrived while the last group ran joins this one.
  for (let next = receiveMessageOnPort(parentPort); next; next = receiveMessageOnPort(parentPort)) take(next.message);
  while (waiting.length > 0) {
    commitGroup();
    boundWal();
  }
  if (closing) {
    // Everything is committed: the database file is made whole and the WAL emptied, unless damage stopped the writer.
    // A reader still open (a check under way) is not waited for: what it holds back stays in the WAL, whole.
    if (!stopped) {
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
}

parentPort.on('message', (message) => {
  take(message);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
});
`;

interface Pending {
  resolve(changes: number[] | null): void;
  reject(error: Error): void;
  ops: number;
}

export interface SubmitOptions {
  /** Return each statement's changed-row count. */
  results?: boolean;
  /**
   * Batches of one chain build on each other: once one is lost, every later
   * one of the chain fails too, until `resetChain`.
   */
  chain?: string;
  /** The batch ends a stream (`openStream`): the parts appended to it run first, in the same savepoint. */
  stream?: number;
}

export interface WriterOptions {
  file: string;
  /** better-sqlite3 built for another ABI (Electron's), see scripts/electron-native.mjs. */
  nativeBinding?: string;
  /** Tests lower it to see several groups. */
  maxGroupOps?: number;
  /** Tests lower it to see the WAL bounded. */
  walLimitBytes?: number;
  /** Tests lower it to see the checkpoint thread wait for a catch-up (checkpointer.ts CATCH_UP_OPS). */
  catchUpOps?: number;
  /** The checkpoint thread's delay after a commit (tests run it by hand). */
  timers?: Timers;
}

/** The main thread's side of the writer: submits batches, learns when they commit. */
export class Writer {
  private readonly worker: Worker;
  private readonly checkpointer: Checkpointer;
  private readonly pending = new Map<number, Pending>();
  /** Values appended to each open stream, for the backlog. */
  private readonly streamed = new Map<number, number>();
  private nextUnit = 1;
  private preparedUpTo = 0;
  private inFlightOps = 0;
  private dead: StorageError | null = null;
  private committedGroups = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly roomWaiters: { limit: number; resolve: () => void }[] = [];
  private readonly closed: Promise<void>;

  constructor(private readonly options: WriterOptions) {
    const workerData: WorkerData = {
      modulePath: createRequire(__filename).resolve('better-sqlite3'),
      file: options.file,
      nativeBinding: options.nativeBinding,
      maxGroupOps: options.maxGroupOps ?? MAX_GROUP_OPS,
      walLimitBytes: options.walLimitBytes ?? WAL_LIMIT_BYTES,
    };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData, resourceLimits: WORKER_RESOURCE_LIMITS });
    // Idle, the writer does not keep the process alive; a batch in flight does (see submit).
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.die(error.message, (error as { code?: string }).code ?? null));
    this.closed = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.closed.then(() => this.die('the writer thread exited', null));
    this.checkpointer = new Checkpointer({
      file: options.file,
      nativeBinding: options.nativeBinding,
      timers: options.timers,
      catchUpOps: options.catchUpOps,
      onFailure: (message, code) => this.fail(message, code),
    });
  }

  get file(): string {
    return this.options.file;
  }

  /** Statements submitted and not yet committed. */
  get backlog(): number {
    return this.inFlightOps;
  }

  /** Transactions the writer has finished (each holds every batch that waited for it): tests and the bench read it. */
  get groups(): number {
    return this.committedGroups;
  }

  /** WAL checkpoints the checkpoint thread finished: tests wait on it. */
  get checkpoints(): number {
    return this.checkpointer.checkpoints;
  }

  /** Why the writer stopped, if it did: every later submit fails with it. */
  get failure(): StorageError | null {
    return this.dead;
  }

  /**
   * Queues `batch`; resolves once it is committed (with each statement's
   * changed-row count when `results` is asked for), rejects with a
   * StorageError if it was not. Batches commit in the order submitted.
   */
  submit(batch: WriteBatch, options: SubmitOptions = {}): Promise<number[] | null> {
    if (this.dead) return Promise.reject(this.dead);
    const streamed = options.stream === undefined ? undefined : this.streamed.get(options.stream);
    if (options.stream !== undefined) this.streamed.delete(options.stream);
    if (batch.empty && streamed === undefined) return this.idle().then(() => (options.results ? [] : null));
    this.prepareNew();
    const id = options.stream ?? this.nextUnit++;
    const ops = batch.ops.length + (streamed ?? 0);
    if (this.pending.size === 0) this.worker.ref();
    this.inFlightOps += batch.ops.length;
    const done = new Promise<number[] | null>((resolve, reject) => this.pending.set(id, { resolve, reject, ops }));
    this.post({ type: 'unit', id, ops: batch.ops, results: options.results === true, chain: options.chain ?? null });
    return done;
  }

  /**
   * A unit whose writes are handed over in parts as they are made: each
   * `appendTo` clones one part to the writer thread (so no single hand-off holds
   * this thread long, and the arrays die young), and `submit(last, { stream })`
   * queues the unit, all its parts in one savepoint. Nothing of it commits
   * before that; `discardStream` drops it.
   */
  openStream(): number {
    const id = this.nextUnit++;
    this.streamed.set(id, 0);
    return id;
  }

  appendTo(stream: number, batch: WriteBatch): void {
    const sent = this.streamed.get(stream);
    if (sent === undefined) throw new Error(`write stream ${stream} is not open`);
    if (this.dead || batch.empty) return;
    this.prepareNew();
    this.streamed.set(stream, sent + batch.ops.length);
    this.inFlightOps += batch.ops.length;
    this.post({ type: 'part', id: stream, ops: batch.ops });
  }

  discardStream(stream: number): void {
    const sent = this.streamed.get(stream);
    if (sent === undefined) return;
    this.streamed.delete(stream);
    this.inFlightOps -= sent;
    if (!this.dead) this.post({ type: 'discard', id: stream });
    this.settled();
  }

  /** A chain broken by a lost batch takes batches again (its producer has recovered). */
  resetChain(chain: string): void {
    if (!this.dead) this.post({ type: 'reset-chain', chain });
  }

  /** Resolves once everything submitted so far has committed (or failed). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once at most `limit` statements wait to be written: producers await it so a backlog stays bounded. */
  room(limit: number): Promise<void> {
    if (this.inFlightOps <= limit || this.dead) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ limit, resolve }));
  }

  /** Lets every submitted batch commit, then closes the worker's connection. */
  async close(): Promise<void> {
    if (!this.dead) {
      await this.idle();
      await this.checkpointer.close();
      this.worker.ref();
      this.post({ type: 'close' });
    }
    await Promise.all([this.closed, this.checkpointer.close()]);
  }

  private prepareNew(): void {
    const count = writeStatementCount();
    if (count === this.preparedUpTo) return;
    const statements = writeStatementsFrom(this.preparedUpTo).map((s): [number, string] => [s.id, s.sql]);
    this.preparedUpTo = count;
    this.post({ type: 'prepare', statements });
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: FromWorker): void {
    if (message.type !== 'done') return;
    this.committedGroups += 1;
    for (const unit of message.units) {
      const waiter = this.pending.get(unit.id);
      if (!waiter) continue;
      this.pending.delete(unit.id);
      this.inFlightOps -= waiter.ops;
      if (unit.ok) waiter.resolve(unit.changes);
      else waiter.reject(new StorageError(this.options.file, unit.message, unit.code));
    }
    this.checkpointer.wrote(this.inFlightOps);
    this.settled();
  }

  private settled(): void {
    for (let i = this.roomWaiters.length - 1; i >= 0; i -= 1) {
      const waiter = this.roomWaiters[i]!;
      if (this.inFlightOps <= waiter.limit || this.dead) {
        this.roomWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    if (this.pending.size > 0) return;
    this.worker.unref();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Stops writing (a damaged file found meanwhile): what waits and every later submit fail with `message`. */
  fail(message: string, code: string | null): void {
    if (this.dead) return;
    this.die(message, code);
    this.worker.ref();
    this.post({ type: 'stop' });
  }

  private die(message: string, code: string | null): void {
    if (this.dead) return;
    this.dead = new StorageError(this.options.file, `the cache cannot be written: ${message}`, code);
    void this.checkpointer.close();
    for (const waiter of this.pending.values()) waiter.reject(this.dead);
    this.pending.clear();
    this.streamed.clear();
    this.inFlightOps = 0;
    this.settled();
  }
}

const bulkStatements = new WeakMap<Database.Database, Map<number, Database.Statement>>();

/**
 * Runs a batch on a connection this thread owns, inside the caller's
 * transaction: only for bulk builds of a file nothing else has open (the
 * bench's million-ticket history). Everything else writes through a Writer.
 */
export function runBatch(db: Database.Database, batch: WriteBatch): void {
  let statements = bulkStatements.get(db);
  if (!statements) bulkStatements.set(db, (statements = new Map()));
  const { ops } = batch;
  for (let i = 0; i < ops.length; ) {
    const id = ops[i] as number;
    const argc = ops[i + 1] as number;
    let statement = statements.get(id);
    if (!statement) {
      const sql = writeStatementsFrom(id)[0]?.sql;
      if (sql === undefined) throw new Error(`unknown write statement ${id}`);
      statements.set(id, (statement = db.prepare(sql)));
    }
    statement.run(ops.slice(i + 2, i + 2 + argc) as SqlValue[]);
    i += 2 + argc;
  }
}

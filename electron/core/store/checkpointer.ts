// Checkpoints of the cache's WAL, off the commit path. SQLite's automatic
// checkpoint runs inside the COMMIT that crosses 1,000 WAL pages: it copies those
// pages into the database and fsyncs both files in the writer thread, and every
// batch queued behind that commit (a board row about to be shown) waits for it.
// Measured at 1,000 events/s on 10,000 open tickets (17 MB of WAL a second):
// commits p95 26 ms and 44 of them over 20 ms in 15 s with it, p95 9 ms and 9
// over 20 ms without; a checkpoint of 1,000 to 2,500 pages took 8 to 114 ms.
//
// So the writer turns it off (writer.ts) and this thread, with a connection of
// its own, runs `wal_checkpoint(PASSIVE)` a while after the writer committed: it
// copies what is committed while the writer goes on appending, and never waits
// for the writer or a reader. When a round copies everything (the writer idle
// between two commits, as it mostly is at a live rate), the writer's next
// transaction starts the WAL over. A RESTART after each round made sure of that
// but holds the write lock through its copy and fsync, so commits queued behind
// it (reverted on 3 December). Once the writer is idle this thread truncates the
// WAL. The writer checkpoints by itself only when the WAL outgrew its limit all
// the same (a catch-up that never leaves a moment with every page copied, see
// writer.ts), and then finds most pages copied already.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { NODE_TIMERS, type Timers } from '../timers';
import { WORKER_RESOURCE_LIMITS } from '../worker-limits';

/** How long after a commit the committed pages are copied into the database: every commit in between shares one checkpoint. */
const CHECKPOINT_DELAY_MS = 250;

/**
 * Statements still waiting to be written after a commit past which the writer
 * is catching up (a feed's backlog, a rebuild), and no checkpoint runs until it
 * has: at a live 1,000 events/s on 10,000 open tickets they were at most 1,684
 * after a commit, while the bench's backlog of 10,000 tickets left up to 686,453.
 * Rounds every 250 ms of a catch-up copied the same hot pages again and again on
 * the core the ingest needs (ingest fell from 15,300–16,000 to 13,155–14,160
 * events/s with the thread); the writer's own checkpoint past its WAL limit
 * copies them once.
 */
export const CATCH_UP_OPS = 50_000;

type Mode = 'PASSIVE' | 'TRUNCATE';
type ToWorker = { type: 'checkpoint'; mode: Mode } | { type: 'close' };
type FromWorker =
  | { type: 'checkpointed'; mode: Mode }
  | { type: 'failed'; message: string; code: string | null }
  | { type: 'closed' };

// Plain CommonJS run with `eval: true`, as the writer's (writer.ts says why).
const CHECKPOINT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const PASSIVE_ROUNDS = 4;
let db = null;
function failed(error) {
  parentPort.postMessage({ type: 'failed', message: error && error.message ? error.message : String(error), code: (error && error.code) || null });
}
try {
  db = new Database(workerData.file, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  // Reads the header now, so the first checkpoint finds the WAL open (waiting for the writer here, as any connection does).
  db.pragma('journal_mode = WAL');
  // Never waits: a checkpoint the writer or a reader is in the way of stops short (busy) and the next one goes on.
  db.pragma('busy_timeout = 0');
} catch (error) {
  failed(error);
}
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    if (db) db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
    return;
  }
  if (!db) return;
  try {
    // Stopped short (busy) or not, the next round goes on from where it got. A PASSIVE round that left pages
    // (committed while it copied) goes again at once: each copies less than the last, so one soon ends between
    // two commits with every page copied, and the WAL starts over.
    for (let round = 0; round < PASSIVE_ROUNDS; round += 1) {
      const result = db.pragma('wal_checkpoint(' + message.mode + ')')[0];
      if (message.mode !== 'PASSIVE' || result.busy !== 0 || result.log === result.checkpointed) break;
    }
    parentPort.postMessage({ type: 'checkpointed', mode: message.mode });
  } catch (error) {
    if (error && error.code === 'SQLITE_BUSY') parentPort.postMessage({ type: 'checkpointed', mode: message.mode });
    else failed(error);
  }
});
`;

export interface CheckpointerOptions {
  file: string;
  nativeBinding?: string;
  timers?: Timers;
  /** Tests lower CATCH_UP_OPS. */
  catchUpOps?: number;
  /** The WAL cannot be checkpointed (its file unreadable, the disk failing): the writer stops with it. */
  onFailure(message: string, code: string | null): void;
}

/** The main thread's side of the checkpoint thread: the writer tells it when it committed. */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly timers: Timers;
  private timer: unknown = null;
  private running = false;
  /** Committed since the last checkpoint began. */
  private dirty = false;
  /** The last commit left a catch-up's backlog (CATCH_UP_OPS): no checkpoint until one leaves less. */
  private catchingUp = false;
  private stopped = false;
  private finished = 0;
  private readonly exited: Promise<void>;

  constructor(private readonly options: CheckpointerOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.worker = new Worker(CHECKPOINT_SOURCE, {
      eval: true,
      workerData: { modulePath: createRequire(__filename).resolve('better-sqlite3'), file: options.file, nativeBinding: options.nativeBinding },
      resourceLimits: WORKER_RESOURCE_LIMITS,
    });
    // A checkpoint never keeps the process alive: what it has not copied yet is safe in the WAL.
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(error.message, (error as { code?: string }).code ?? null));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Checkpoints finished (whole, partial or busy): tests wait on it. */
  get checkpoints(): number {
    return this.finished;
  }

  /**
   * The writer committed, with `backlog` statements still to write: what it wrote is copied into the database
   * within the delay, unless the writer is catching up; then once a commit finds the backlog short again.
   */
  wrote(backlog: number): void {
    this.dirty = true;
    this.catchingUp = backlog > (this.options.catchUpOps ?? CATCH_UP_OPS);
    if (!this.catchingUp) {
      this.schedule();
      return;
    }
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  /** Runs no more checkpoints, lets one under way finish, closes the connection. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.stop();
      this.worker.ref();
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    }
    await this.exited;
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.stopped || this.running || this.timer !== null || this.catchingUp) return;
    this.timer = this.timers.set(() => this.run(), CHECKPOINT_DELAY_MS);
  }

  private run(): void {
    this.timer = null;
    if (this.stopped) return;
    // Nothing committed since the last one: the writer is idle, the WAL can go back to empty.
    const mode: Mode = this.dirty ? 'PASSIVE' : 'TRUNCATE';
    this.dirty = false;
    this.running = true;
    this.worker.postMessage({ type: 'checkpoint', mode } satisfies ToWorker);
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'failed') {
      this.fail(message.message, message.code);
      return;
    }
    if (message.type !== 'checkpointed') return;
    this.running = false;
    this.finished += 1;
    // Once idle, one truncation is tried; a reader in its way leaves the WAL to the next write's round.
    if (this.dirty || message.mode === 'PASSIVE') this.schedule();
  }

  private fail(message: string, code: string | null): void {
    if (this.stopped) return;
    void this.close();
    this.options.onFailure(`the WAL cannot be checkpointed: ${message}`, code);
  }
}

// Opening the cache: the schema is migrated on the main thread at open (a
// numbered migration and its user_version commit together), then the main
// thread keeps a read-only connection and the writer thread (writer.ts) owns
// every write.
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';
import type { ReadDb } from './read';
import { StorageError, Writer, type SubmitOptions } from './writer';
import type { WriteBatch } from './statements';
import type { Timers } from '../timers';
import { breachReads } from './breaches';
import { eventReads } from './events';
import { metaReads } from './meta';
import { outboxReads } from './outbox';
import { handoverReads } from './handovers';
import { alarmReads } from './alarms';
import { projectionReads } from './projection';
import { quarantineReads } from './quarantine';
import { sourceReads } from './sources';
import { statisticsReads } from './statistics';
import { riskReads } from './risk';
import { privateFile } from './private-files';
import { damagedCache, damageDescription, problemsOf, QUICK_CHECK, quickCheckInWorker } from './integrity';

export class FutureDatabaseError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} has schema version ${found}, newer than this program's ${known}; ` +
        'it was written by a newer version of the console: upgrade the console or open another file',
    );
    this.name = 'FutureDatabaseError';
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** better-sqlite3 built for another ABI (Electron's), see scripts/electron-native.mjs. */
  nativeBinding?: string;
  /** Tests pass a shorter list to build an older database. */
  migrations?: readonly Migration[];
  /** Tests lower the writer's group size to see several groups. */
  maxGroupOps?: number;
  /** Tests lower the WAL's bound to see it kept. */
  walLimitBytes?: number;
  /** Tests lower the backlog past which the checkpoint thread waits for a catch-up to end. */
  catchUpOps?: number;
  /** The WAL checkpoint thread's timer (tests run it by hand). */
  timers?: Timers;
  /**
   * Run `PRAGMA quick_check` before anything else (default: when writable, so
   * nothing is written on top of damage; read-only queries skip its full read).
   */
  check?: boolean;
}

/** SQLite's own messages never say which file they are about: a failure of `file` as a StorageError that does. */
export function storageError(file: string, error: unknown): Error {
  if (error instanceof StorageError || error instanceof FutureDatabaseError) return error;
  if (!(error instanceof Error)) return new StorageError(file, String(error));
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_') || error.message.includes(file)) return error;
  return new StorageError(file, error.message, code);
}

/** Throws, naming the file, when the database's pages are damaged (a failing disk, a stray write). */
function checkIntegrity(db: Database.Database, file: string): void {
  const problems = problemsOf(db.pragma(QUICK_CHECK) as { quick_check: string }[]);
  if (problems.length > 0) throw damagedCache(file, problems);
}

/** Every read repository, over one connection: what `Store.read` hands its callback. */
export interface Reads {
  events: ReturnType<typeof eventReads>;
  sources: ReturnType<typeof sourceReads>;
  quarantine: ReturnType<typeof quarantineReads>;
  projection: ReturnType<typeof projectionReads>;
  meta: ReturnType<typeof metaReads>;
  outbox: ReturnType<typeof outboxReads>;
  handovers: ReturnType<typeof handoverReads>;
  alarms: ReturnType<typeof alarmReads>;
  breaches: ReturnType<typeof breachReads>;
  statistics: ReturnType<typeof statisticsReads>;
  risk: ReturnType<typeof riskReads>;
}

function migrate(db: Database.Database, file: string, migrations: readonly Migration[]): void {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > known) throw new FutureDatabaseError(file, current, known);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // A migration and its version bump commit together, so a crash leaves either the old or the new schema.
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** Creates (or migrates) a cache file and closes it again: for tools that then write it in bulk themselves (the bench). */
export function createCacheFile(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    migrate(db, file, MIGRATIONS);
  } finally {
    db.close();
  }
}

/** The local cache: reads on this thread, writes through the writer thread. */
export class Store {
  private readonly reads: Reads;
  private closing = false;

  private constructor(
    readonly file: string,
    private readonly db: ReadDb,
    /** Null when opened read-only (another console's cache, `noc board --db`). */
    readonly writer: Writer | null,
    private readonly nativeBinding: string | undefined,
  ) {
    this.reads = {
      events: eventReads(db),
      sources: sourceReads(db),
      quarantine: quarantineReads(db),
      projection: projectionReads(db),
      meta: metaReads(db),
      outbox: outboxReads(db),
      handovers: handoverReads(db),
      alarms: alarmReads(db),
      breaches: breachReads(db),
      statistics: statisticsReads(db),
      risk: riskReads(db),
    };
  }

  /** Opens (creating and migrating when writable) the local cache at `file`. */
  static open(file: string, options: OpenOptions = {}): Store {
    const readonly = options.readonly ?? false;
    const migrations = options.migrations ?? MIGRATIONS;
    let db: Database.Database;
    try {
      // Customers' names and phone numbers: readable by this user only (SQLite gives the WAL the same mode).
      if (!readonly) privateFile(file);
      db = new Database(file, {
        readonly,
        fileMustExist: readonly,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      });
    } catch (error) {
      throw new StorageError(file, `cannot open the cache: ${(error as Error).message}`, (error as { code?: string }).code ?? null);
    }
    try {
      if (options.check ?? !readonly) checkIntegrity(db, file);
      if (readonly) {
        const version = db.pragma('user_version', { simple: true }) as number;
        const known = migrations[migrations.length - 1]?.version ?? 0;
        if (version > known) throw new FutureDatabaseError(file, version, known);
        if (version < known) throw new Error(`${file} has schema version ${version}; open it writable once to migrate it`);
      } else {
        db.pragma('journal_mode = WAL');
        migrate(db, file, migrations);
        // From here on this connection only reads: every write goes through the writer thread.
        db.pragma('query_only = ON');
      }
      db.pragma('busy_timeout = 5000');
    } catch (error) {
      db.close();
      throw storageError(file, error);
    }
    const { nativeBinding, maxGroupOps, walLimitBytes, catchUpOps, timers } = options;
    const writer = readonly ? null : new Writer({ file, nativeBinding, maxGroupOps, walLimitBytes, catchUpOps, timers });
    return new Store(file, db as ReadDb, writer, options.nativeBinding);
  }

  get readonly(): boolean {
    return this.writer === null;
  }

  /** False once `close()` began: nothing may be read or written any more. */
  get open(): boolean {
    return this.db.open && !this.closing;
  }

  /**
   * Runs `fn` in one read transaction: whatever it reads comes from one
   * committed snapshot, whatever the writer commits meanwhile.
   */
  read<T>(fn: (reads: Reads) => T): T {
    if (!this.db.open) throw new StorageError(this.file, 'the cache is closed');
    if (this.db.inTransaction) return fn(this.reads);
    this.db.exec('BEGIN');
    try {
      return fn(this.reads);
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /** Submits a batch to the writer; resolves once it is committed. */
  write(batch: WriteBatch, options: SubmitOptions = {}): Promise<number[] | null> {
    if (!this.writer) return Promise.reject(new StorageError(this.file, 'opened read-only: this command does not write the cache'));
    return this.writer.submit(batch, options);
  }

  /** Lets every submitted write commit, then closes both connections. */
  /**
   * PRAGMA quick_check in a thread of its own while the console runs (for a
   * store opened with `check: false`). Damage found stops the writer, every
   * later write failing with it, and rejects with the error that names it.
   */
  async checkInBackground(): Promise<void> {
    const problems = await quickCheckInWorker(this.file, this.nativeBinding);
    if (problems.length === 0) return;
    this.writer?.fail(damageDescription(problems), 'SQLITE_CORRUPT');
    throw damagedCache(this.file, problems);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.writer?.close();
    if (this.db.open) this.db.close();
  }
}

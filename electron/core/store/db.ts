import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations';

export interface Cache {
  readonly db: Database.Database;
  readonly file: string;
  /** The better-sqlite3 binding it was opened with, for other connections to the same file (store/checkpointer.ts). */
  readonly nativeBinding?: string;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  /** better-sqlite3 built for another ABI (Electron's), see scripts/electron-native.mjs. */
  nativeBinding?: string;
  /** Tests pass a shorter list to build an older database. */
  migrations?: readonly Migration[];
}

export class FutureDatabaseError extends Error {
  constructor(file: string, found: number, known: number) {
    super(
      `${file} has schema version ${found}, newer than this program's ${known}; ` +
        'it was written by a newer version of the console: upgrade the console or open another file',
    );
    this.name = 'FutureDatabaseError';
  }
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

/** Opens (creating and migrating when writable) the local cache at `file`. */
export function openCache(file: string, options: OpenOptions = {}): Cache {
  const migrations = options.migrations ?? MIGRATIONS;
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      const known = migrations[migrations.length - 1]?.version ?? 0;
      if (version > known) throw new FutureDatabaseError(file, version, known);
      if (version < known) throw new Error(`${file} has schema version ${version}; open it writable once to migrate it`);
    } else {
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, file, migrations);
    }
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, file, nativeBinding: options.nativeBinding, close: () => db.close() };
}

import type Database from 'better-sqlite3';

/** Retention of closed tickets when the settings say nothing else. */
export const DEFAULT_RETENTION_DAYS = 400;

type MetaKey = 'projectionPolicyVersion';

/** Small facts about the cache itself. */
export class MetaRepo {
  private readonly getStmt: Database.Statement<[string], { value: string }>;
  private readonly setStmt: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: MetaKey): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  set(key: MetaKey, value: string): void {
    this.setStmt.run(key, value);
  }
}

import type Database from 'better-sqlite3';
import type { SourceInfo, SourceLevel } from '../../../shared/protocol';

export interface SourceRow extends SourceInfo {
  url: string;
  since: number;
  headSeq: number | null;
  lastBatchAt: number | null;
}

interface SourceRecord {
  id: string;
  name: string;
  level: SourceLevel;
  url: string;
  since: number;
  head_seq: number | null;
  last_batch_at: number | null;
}

function toRow(record: SourceRecord): SourceRow {
  return {
    id: record.id,
    name: record.name,
    level: record.level,
    url: record.url,
    since: record.since,
    headSeq: record.head_seq,
    lastBatchAt: record.last_batch_at,
  };
}

/** Upstream sources and how far each has been consumed. */
export class SourcesRepo {
  private readonly upsertStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement<[string], SourceRecord>;
  private readonly byUrlStmt: Database.Statement<[string], SourceRecord>;
  private readonly allStmt: Database.Statement<[], SourceRecord>;
  private readonly advanceStmt: Database.Statement;
  private readonly headStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.upsertStmt = db.prepare(
      `INSERT INTO sources (id, name, level, url) VALUES (@id, @name, @level, @url)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level, url = excluded.url`,
    );
    this.byIdStmt = db.prepare('SELECT * FROM sources WHERE id = ?');
    this.byUrlStmt = db.prepare('SELECT * FROM sources WHERE url = ? ORDER BY id LIMIT 1');
    this.allStmt = db.prepare('SELECT * FROM sources ORDER BY id');
    this.advanceStmt = db.prepare('UPDATE sources SET since = @since, last_batch_at = @at WHERE id = @id');
    this.headStmt = db.prepare('UPDATE sources SET head_seq = @headSeq WHERE id = @id');
  }

  upsert(info: SourceInfo, url: string): void {
    this.upsertStmt.run({ ...info, url });
  }

  byId(id: string): SourceRow | undefined {
    const record = this.byIdStmt.get(id);
    return record && toRow(record);
  }

  byUrl(url: string): SourceRow | undefined {
    const record = this.byUrlStmt.get(url);
    return record && toRow(record);
  }

  all(): SourceRow[] {
    return this.allStmt.all().map(toRow);
  }

  advance(id: string, since: number, at: number): void {
    this.advanceStmt.run({ id, since, at });
  }

  setHead(id: string, headSeq: number): void {
    this.headStmt.run({ id, headSeq });
  }
}

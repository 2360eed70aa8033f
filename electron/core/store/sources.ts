// Upstream sources and how far each has been consumed.
import type { SourceInfo, SourceLevel } from '../../../shared/protocol';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

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

const UPSERT = defineWrite(
  `INSERT INTO sources (id, name, level, url) VALUES (?, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level, url = excluded.url`,
);
const ADVANCE = defineWrite('UPDATE sources SET since = ?, last_batch_at = ? WHERE id = ?');
const HEAD = defineWrite('UPDATE sources SET head_seq = ? WHERE id = ?');
// Every table that holds rows per source: a source forgotten leaves none behind.
// A prefix as a range of ids, so each table's index by source finds the rows.
const FORGET = ['events', 'quarantine', 'tickets', 'clocks', 'outbox', 'sources'].map((table) => {
  const column = table === 'sources' ? 'id' : 'source';
  return defineWrite(`DELETE FROM ${table} WHERE ${column} >= ? AND ${column} < ?`);
});

export const sourceWrites = {
  upsert: (batch: WriteBatch, info: SourceInfo, url: string) => batch.add(UPSERT, info.id, info.name, info.level, url),
  /** The source's last consumed seq (the next subscribe's since), in the same batch as the events. */
  advance: (batch: WriteBatch, id: string, since: number, at: number) => batch.add(ADVANCE, since, at, id),
  setHead: (batch: WriteBatch, id: string, headSeq: number) => batch.add(HEAD, headSeq, id),
  /** Forgets every row of the sources whose id starts with `prefix` (a new simulated province renumbers its streams). */
  forgetByPrefix: (batch: WriteBatch, prefix: string) => {
    if (prefix.length === 0) throw new Error('forgetting sources needs a prefix');
    // The first string after every id that starts with the prefix.
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    for (const statement of FORGET) batch.add(statement, prefix, end);
  },
};

export const sourceReads = perConnection((db: ReadDb) => {
  const byId = prepareRead<[string], SourceRecord>(db, 'SELECT * FROM sources WHERE id = ?');
  const all = prepareRead<[], SourceRecord>(db, 'SELECT * FROM sources ORDER BY id');
  return {
    byId: (id: string): SourceRow | undefined => {
      const record = byId.get(id);
      return record && toRow(record);
    },
    all: (): SourceRow[] => all.all().map(toRow),
  };
});

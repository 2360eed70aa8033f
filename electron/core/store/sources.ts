// Upstream sources and how far each has been consumed.
import type { SourceInfo, SourceLevel } from '../../../shared/protocol';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';
import { rollupWrites } from './rollups';

export interface SourceRow extends SourceInfo {
  url: string;
  since: number;
  headSeq: number | null;
  lastBatchAt: number | null;
  /** The protocol its subscribe acknowledgement named ('1.0' when none). */
  protocol: string;
  /** Protocol 1.1 features it named: report-echo, claims, replies. */
  features: readonly string[];
}

/** It echoes acknowledged reports: the stream, not this console's outbox, says what was reported. */
export const echoesReports = (source: Pick<SourceRow, 'features'> | undefined) => source?.features.includes('report-echo') ?? false;

interface SourceRecord {
  id: string;
  name: string;
  level: SourceLevel;
  url: string;
  since: number;
  head_seq: number | null;
  last_batch_at: number | null;
  protocol: string;
  features: string;
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
    protocol: record.protocol,
    features: JSON.parse(record.features) as string[],
  };
}

const UPSERT = defineWrite(
  `INSERT INTO sources (id, name, level, url, protocol, features) VALUES (?, ?, ?, ?, ?, ?)
   ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level, url = excluded.url,
     protocol = excluded.protocol, features = excluded.features`,
);
const ADVANCE = defineWrite('UPDATE sources SET since = ?, last_batch_at = ? WHERE id = ?');
const HEAD = defineWrite('UPDATE sources SET head_seq = ? WHERE id = ?');
/**
 * Every table that holds rows per source, in a `source` column: a source
 * forgotten leaves none behind. Statements are defined before any cache is
 * open, so the list is written here; tests/integration/store/forget-source.test.ts
 * reads the schema and fails when a table holding per-source rows is missing.
 */
export const PER_SOURCE_TABLES: readonly string[] = ['events', 'quarantine', 'tickets', 'clocks', 'outbox', 'handovers', 'handover_acks', 'alarm_log'];
/**
 * Tables whose rows belong to no source: the cache's own key/value facts, and
 * the clock rollups (migration 0009), sums over every source kept in step with
 * the clocks table (store/rollups.ts), so forgetting a source takes its clocks out;
 * and the console's own alarm silences (migration 0012), which silence every source alike;
 * and the versions of the clocks' start days (migration 0017), which forgetting a source raises.
 */
export const SOURCELESS_TABLES: readonly string[] = [
  'meta',
  'clock_counts_city_clock',
  'clock_counts_service_tier',
  'clock_counts_city_hour',
  'alarm_silences',
  'clock_day_versions',
];
const FORGET = [
  ...PER_SOURCE_TABLES.map((table) => defineWrite(`DELETE FROM ${table} WHERE source = ?`)),
  defineWrite('DELETE FROM sources WHERE id = ?'),
];

const NO_PROTOCOL = { protocol: '1.0', features: [] };

export const sourceWrites = {
  upsert: (batch: WriteBatch, info: SourceInfo, url: string, protocol: { protocol: string; features: readonly string[] } = NO_PROTOCOL) =>
    batch.add(UPSERT, info.id, info.name, info.level, url, protocol.protocol, JSON.stringify(protocol.features)),
  /** The source's last consumed seq (the next subscribe's since), in the same batch as the events. */
  advance: (batch: WriteBatch, id: string, since: number, at: number) => batch.add(ADVANCE, since, at, id),
  setHead: (batch: WriteBatch, id: string, headSeq: number) => batch.add(HEAD, headSeq, id),
  /** Forgets every row the cache holds of these sources (a new simulated province renumbers its streams). */
  forget: (batch: WriteBatch, ids: readonly string[]) => {
    for (const id of ids) {
      rollupWrites.forgetSource(batch, id);
      for (const statement of FORGET) batch.add(statement, id);
    }
    return batch;
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

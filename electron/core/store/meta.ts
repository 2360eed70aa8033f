// Small facts about the cache itself.
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

/** Retention of closed tickets when the settings say nothing else. */
export const DEFAULT_RETENTION_DAYS = 400;

type MetaKey = 'projectionPolicyVersion';

const SET = defineWrite('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

export function setMeta(batch: WriteBatch, key: MetaKey, value: string): void {
  batch.add(SET, key, value);
}

export const metaReads = perConnection((db: ReadDb) => {
  const get = prepareRead<[string], string>(db, 'SELECT value FROM meta WHERE key = ?').pluck();
  return { get: (key: MetaKey): string | null => get.get(key) ?? null };
});

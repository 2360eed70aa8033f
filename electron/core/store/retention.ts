// Retention: tickets closed long ago are forgotten (events, projection, clocks,
// rejections). Sources keep their `since`, so the events are never fetched again.
import { DEFAULT_RETENTION_DAYS } from './meta';
import { rollupWrites } from './rollups';
import { defineWrite, WriteBatch } from './statements';

const DAY_MS = 86_400_000;
// Each statement finds the expired tickets itself, inside the writer's transaction
// (so a ticket an event reopens in the meantime is not taken), driven from the
// tickets_closed_at index to each table's per-ticket index. CROSS JOIN keeps
// that order: with a plain JOIN the planner scanned the whole quarantine (its
// rejected rows) and looked each one's ticket up, at every purge.
const expired = (table: string, alias: string, extra = '') =>
  `SELECT ${alias}.rowid FROM tickets t CROSS JOIN ${table} ${alias} ON ${alias}.source = t.source AND ${alias}.ticket_id = t.ticket_id${extra}
   WHERE t.open = 0 AND t.closed_at < ?`;
const PURGE = [
  defineWrite(`DELETE FROM events WHERE rowid IN (${expired('events', 'e', ' AND e.valid = 1')})`),
  defineWrite(`DELETE FROM clocks WHERE rowid IN (${expired('clocks', 'c')})`),
  defineWrite(`DELETE FROM quarantine WHERE rowid IN (${expired('quarantine', 'q', " AND q.kind = 'rejected'")})`),
  defineWrite('DELETE FROM tickets WHERE open = 0 AND closed_at < ?'),
];

/** The instant before which closed tickets are forgotten, `retentionDays` before `now`. */
export function retentionCutoff(now: number, retentionDays = DEFAULT_RETENTION_DAYS): number {
  if (!(retentionDays > 0)) throw new Error(`retention must be a positive number of days, got ${retentionDays}`);
  return now - retentionDays * DAY_MS;
}

/** The purge of tickets closed before `before`, as one batch; the last statement's count is the tickets forgotten. */
export function purgeBatch(before: number): WriteBatch {
  const batch = new WriteBatch();
  rollupWrites.forgetExpired(batch, before);
  for (const statement of PURGE) batch.add(statement, before);
  return batch;
}

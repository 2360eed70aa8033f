import type { Cache } from './db';
import { DEFAULT_RETENTION_DAYS } from './meta';

const DAY_MS = 86_400_000;

export interface RetentionOptions {
  now: number;
  retentionDays?: number;
}

/**
 * Forgets tickets closed more than `retentionDays` before `now`: their events,
 * projection, clocks and rejections. Sources keep their `since`, so the events
 * are never fetched again. One transaction.
 */
export function purgeClosedTickets(cache: Cache, options: RetentionOptions): number {
  const days = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  if (!(days > 0)) throw new Error(`retention must be a positive number of days, got ${days}`);
  const before = options.now - days * DAY_MS;
  const { db } = cache;
  const expired = db.prepare('SELECT source, ticket_id FROM tickets WHERE open = 0 AND closed_at < ?');
  const statements = [
    db.prepare('DELETE FROM events WHERE source = ? AND ticket_id = ? AND valid = 1'),
    db.prepare('DELETE FROM clocks WHERE source = ? AND ticket_id = ?'),
    db.prepare("DELETE FROM quarantine WHERE source = ? AND ticket_id = ? AND kind = 'rejected'"),
    db.prepare('DELETE FROM tickets WHERE source = ? AND ticket_id = ?'),
  ];
  return db.transaction(() => {
    const keys = expired.all(before) as { source: string; ticket_id: string }[];
    for (const key of keys) for (const statement of statements) statement.run(key.source, key.ticket_id);
    return keys.length;
  })();
}

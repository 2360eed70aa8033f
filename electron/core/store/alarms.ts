// The alarm log (migration 0012): one row per alarm from raised to cleared,
// and this console's silences.
import type { AlarmLogEntry, AlarmSilence, SilenceLogEntry } from '../../../shared/contract';
import type { Alarm } from '../../../shared/alarms';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

interface AlarmRecord {
  id: string;
  cause: AlarmLogEntry['cause'];
  severity: AlarmLogEntry['severity'];
  source: string;
  ticket_id: string | null;
  city: string | null;
  customer: string | null;
  clock: AlarmLogEntry['clock'];
  idx: number;
  raised_at: number;
  acknowledged_by: string | null;
  acknowledged_console: string | null;
  acknowledged_at: number | null;
  silenced: number;
  cleared_at: number | null;
}

interface SilenceRecord {
  id: number;
  by: string;
  console: string;
  reason: string;
  from_at: number;
  until: number;
  ended_at: number | null;
  ended_by: string | null;
}

const RAISE = defineWrite(
  `INSERT INTO alarm_log (id, cause, severity, source, ticket_id, city, customer, clock, idx, raised_at, silenced)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET cleared_at = NULL`,
);
// The first acknowledgement stands.
const ACKNOWLEDGE = defineWrite(
  'UPDATE alarm_log SET acknowledged_by = ?, acknowledged_console = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL',
);
const CLEAR = defineWrite('UPDATE alarm_log SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL');
const SILENCE = defineWrite('INSERT INTO alarm_silences (by, console, reason, from_at, until) VALUES (?, ?, ?, ?, ?)');
const END_SILENCE = defineWrite('UPDATE alarm_silences SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL');

export const alarmWrites = {
  raise(batch: WriteBatch, alarm: Alarm, silenced: boolean): void {
    batch.add(
      RAISE,
      alarm.id,
      alarm.cause,
      alarm.severity,
      alarm.source,
      alarm.ticketId,
      alarm.city,
      alarm.customer,
      alarm.clock,
      alarm.index,
      alarm.since,
      silenced ? 1 : 0,
    );
  },
  acknowledge(batch: WriteBatch, id: string, by: { name: string; console: string | null }, at: number): void {
    batch.add(ACKNOWLEDGE, by.name, by.console, at, id);
  },
  clear(batch: WriteBatch, id: string, at: number): void {
    batch.add(CLEAR, at, id);
  },
  silence(batch: WriteBatch, silence: AlarmSilence): void {
    batch.add(SILENCE, silence.by, silence.console, silence.reason, silence.from, silence.until);
  },
  endSilence(batch: WriteBatch, id: number, at: number, by: string): void {
    batch.add(END_SILENCE, at, by, id);
  },
};

const toEntry = (r: AlarmRecord): AlarmLogEntry => ({
  id: r.id,
  cause: r.cause,
  severity: r.severity,
  source: r.source,
  ticketId: r.ticket_id,
  city: r.city,
  customer: r.customer,
  clock: r.clock,
  index: r.idx,
  raisedAt: r.raised_at,
  acknowledged: r.acknowledged_at === null ? null : { by: r.acknowledged_by ?? '', console: r.acknowledged_console, at: r.acknowledged_at },
  silenced: r.silenced === 1,
  clearedAt: r.cleared_at,
});

const toSilence = (r: SilenceRecord): SilenceLogEntry => ({
  id: r.id,
  by: r.by,
  console: r.console,
  reason: r.reason,
  from: r.from_at,
  until: r.until,
  endedAt: r.ended_at,
  endedBy: r.ended_by,
});

/** Where a page of the sounding alarms ended: alarm_log_active's order (raised_at, then rowid). */
export interface SoundingCursor {
  raisedAt: number;
  row: number;
}

/** An alarm the log holds as sounding: what a start needs of it. */
export interface SoundingAlarm {
  id: string;
  acknowledged: boolean;
  /**
   * A feed's alarm: the feed, the last sign of life its silence counts from (its instance), and who acknowledged it
   * on this console, where and when (a feed has no upstream to echo that).
   */
  feed: { source: string; lastSignAt: number; acknowledged: { by: string; console: string | null; at: number } | null } | null;
}

type SoundingRecord = Pick<AlarmRecord, 'raised_at' | 'id' | 'cause' | 'source' | 'idx' | 'acknowledged_by' | 'acknowledged_console' | 'acknowledged_at'> & {
  row: number;
};

export const alarmReads = perConnection((db: ReadDb) => {
  // What a start needs of the log's sounding alarms: with 10,000 breached tickets 48,000 rows, 230-280 ms as whole
  // rows (and their entries after), 50-80 ms as these columns, so read a page at a time, in alarm_log_active's order.
  const activeAfter = prepareRead<[number, number, number], SoundingRecord>(
    db,
    `SELECT rowid AS row, raised_at, id, cause, source, idx, acknowledged_by, acknowledged_console, acknowledged_at FROM alarm_log
     WHERE cleared_at IS NULL AND (raised_at, rowid) > (?, ?) ORDER BY raised_at, rowid LIMIT ?`,
  );
  const between = prepareRead<[number, number, number], AlarmRecord>(
    db,
    'SELECT * FROM alarm_log WHERE raised_at >= ? AND raised_at <= ? ORDER BY raised_at DESC LIMIT ?',
  );
  const silencesBetween = prepareRead<[number, number, number], SilenceRecord>(
    db,
    'SELECT * FROM alarm_silences WHERE from_at >= ? AND from_at <= ? ORDER BY from_at DESC LIMIT ?',
  );
  // Raised by `at`, neither acknowledged nor cleared by then: the active ones from
  // alarm_log_active, those cleared since from alarm_log_by_cleared (0016). A due
  // report sounds once and is not acknowledged (the sheet lists it as an obligation).
  const unacknowledgedAt = prepareRead<{ at: number }, AlarmRecord>(
    db,
    `SELECT * FROM alarm_log WHERE cleared_at IS NULL AND raised_at <= @at AND (acknowledged_at IS NULL OR acknowledged_at > @at) AND cause <> 'cadenceDue'
     UNION ALL
     SELECT * FROM alarm_log INDEXED BY alarm_log_by_cleared WHERE cleared_at > @at AND raised_at <= @at AND (acknowledged_at IS NULL OR acknowledged_at > @at) AND cause <> 'cadenceDue'
     ORDER BY raised_at, id`,
  );
  const currentSilence = prepareRead<[number], SilenceRecord>(
    db,
    'SELECT * FROM alarm_silences WHERE until > ? AND ended_at IS NULL ORDER BY until DESC LIMIT 1',
  );
  return {
    /**
     * Up to `limit` of the alarms raised and not cleared (what was sounding when the console stopped), after
     * `after` (from the first with null), and where the next page begins (null after the last).
     */
    soundingPage(after: SoundingCursor | null, limit: number): { alarms: SoundingAlarm[]; next: SoundingCursor | null } {
      const rows = activeAfter.all(after?.raisedAt ?? Number.MIN_SAFE_INTEGER, after?.row ?? 0, limit);
      const last = rows[rows.length - 1];
      return {
        alarms: rows.map((row) => ({
          id: row.id,
          acknowledged: row.acknowledged_at !== null,
          feed:
            row.cause !== 'feedStale'
              ? null
              : {
                  source: row.source,
                  lastSignAt: row.idx,
                  acknowledged: row.acknowledged_at === null ? null : { by: row.acknowledged_by ?? '', console: row.acknowledged_console, at: row.acknowledged_at },
                },
        })),
        next: rows.length < limit || !last ? null : { raisedAt: last.raised_at, row: last.row },
      };
    },
    /** Alarms raised in [from, to], newest first. */
    between: (from: number, to: number, limit: number): AlarmLogEntry[] => between.all(from, to, limit).map(toEntry),
    /** The alarms that stood unacknowledged at `at` (raised, not acknowledged, not cleared by then), oldest first; due reports aside. */
    unacknowledgedAt: (at: number): AlarmLogEntry[] => unacknowledgedAt.all({ at }).map(toEntry),
    silencesBetween: (from: number, to: number, limit: number): SilenceLogEntry[] => silencesBetween.all(from, to, limit).map(toSilence),
    /** The silence running at `at`, if any. */
    silenceAt: (at: number): SilenceLogEntry | null => {
      const record = currentSilence.get(at);
      return record ? toSilence(record) : null;
    },
  };
});

// Handovers signed on this console and the incoming lead's acknowledgements;
// and the handovers every console of the room knows: the source's echoes
// (source events, ticket_id NULL) of `handover` reports.
import type { HandoverSheet } from '../../../shared/contract';
import { parseStreamEvent } from '../../../shared/protocol';
import { defineWrite, type WriteBatch } from './statements';
import { perConnection, prepareRead, type ReadDb } from './read';

export interface SignedHandover {
  id: string;
  source: string;
  at: number;
  shift: { from: number; to: number };
  outgoing: string;
  outgoingConsole: string;
  reason: string | null;
  note: string;
  sheet: HandoverSheet;
}

export interface HandoverAck {
  handoverId: string;
  /** The source the handover travelled through. */
  source: string;
  /** A sheet item key, or '*' for the whole. */
  item: string;
  by: string;
  console: string;
  at: number;
}

/** A `handover` report as the source echoed it (any console's). */
export interface EchoedHandover {
  source: string;
  reportId: string;
  at: number;
  createdAt: number;
  title: string;
  operator: { name: string; console: string } | null;
}

interface HandoverRecord {
  id: string;
  source: string;
  at: number;
  shift_from: number;
  shift_to: number;
  outgoing: string;
  outgoing_console: string;
  reason: string | null;
  note: string;
  sheet: string;
}

const INSERT = defineWrite(
  `INSERT INTO handovers (id, source, at, shift_from, shift_to, outgoing, outgoing_console, reason, note, sheet)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
// The first acknowledgement of an item stands: who acknowledged it first and when.
const ACK = defineWrite('INSERT INTO handover_acks (handover_id, source, item, by, console, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');

export const handoverWrites = {
  insert(batch: WriteBatch, h: SignedHandover): void {
    batch.add(INSERT, h.id, h.source, h.at, h.shift.from, h.shift.to, h.outgoing, h.outgoingConsole, h.reason, h.note, JSON.stringify(h.sheet));
  },
  acknowledge(batch: WriteBatch, ack: HandoverAck): void {
    batch.add(ACK, ack.handoverId, ack.source, ack.item, ack.by, ack.console, ack.at);
  },
};

const toSigned = (r: HandoverRecord): SignedHandover => ({
  id: r.id,
  source: r.source,
  at: r.at,
  shift: { from: r.shift_from, to: r.shift_to },
  outgoing: r.outgoing,
  outgoingConsole: r.outgoing_console,
  reason: r.reason,
  note: r.note,
  sheet: JSON.parse(r.sheet) as HandoverSheet,
});

export const handoverReads = perConnection((db: ReadDb) => {
  const byId = prepareRead<[string], HandoverRecord>(db, 'SELECT * FROM handovers WHERE id = ?');
  const latest = prepareRead<[number], HandoverRecord>(db, 'SELECT * FROM handovers ORDER BY at DESC LIMIT ?');
  const acks = prepareRead<[string], { handover_id: string; source: string; item: string; by: string; console: string; at: number }>(
    db,
    'SELECT * FROM handover_acks WHERE handover_id = ? ORDER BY at, item',
  );
  const echoes = prepareRead<[string, number], string>(
    db,
    "SELECT raw FROM events WHERE source = ? AND ticket_id IS NULL AND valid = 1 AND type = 'reported' ORDER BY at DESC LIMIT ?",
  ).pluck();
  // Running at @at: not stopped, or stopped after it, each from clocks_fault_report (migration 0019) by its stop; as one
  // OR the planner walked the whole index.
  const faultReports = prepareRead<[{ at: number }], { source: string; ticket_id: string }>(
    db,
    `SELECT c.source, c.ticket_id FROM clocks c JOIN tickets t ON t.source = c.source AND t.ticket_id = c.ticket_id
     WHERE c.name = 'faultReport' AND c.stopped_at IS NULL AND c.started_at <= @at AND t.open = 0
     UNION ALL
     SELECT c.source, c.ticket_id FROM clocks c JOIN tickets t ON t.source = c.source AND t.ticket_id = c.ticket_id
     WHERE c.name = 'faultReport' AND c.stopped_at > @at AND c.started_at <= @at AND t.open = 0`,
  );
  const breachedBetween = prepareRead<[number, number], { source: string; ticket_id: string }>(
    db,
    `SELECT DISTINCT c.source, c.ticket_id FROM clocks c JOIN tickets t ON t.source = c.source AND t.ticket_id = c.ticket_id
     WHERE c.breach_at >= ? AND c.breach_at <= ? AND c.breach_at IS NOT NULL AND t.open = 0 AND (t.on_group_board = 1 OR t.on_province_board = 1)`,
  );
  return {
    get: (id: string): SignedHandover | null => {
      const record = byId.get(id);
      return record ? toSigned(record) : null;
    },
    latest: (limit: number): SignedHandover[] => latest.all(limit).map(toSigned),
    acks: (handoverId: string): HandoverAck[] =>
      acks.all(handoverId).map((r) => ({ handoverId: r.handover_id, source: r.source, item: r.item, by: r.by, console: r.console, at: r.at })),
    /** The newest handover echoes of a source (a handover and its acknowledgement are both `handover` reports). */
    echoes: (source: string, limit: number): EchoedHandover[] =>
      echoes.all(source, limit).flatMap((raw) => {
        const parsed = parseStreamEvent(JSON.parse(raw));
        if (!parsed.ok || !('sourceEvent' in parsed)) return [];
        const { at, data } = parsed.sourceEvent;
        return [
          {
            source,
            reportId: data.reportId,
            at: Date.parse(at),
            createdAt: Date.parse(data.createdAt),
            title: data.title,
            operator: data.operator ?? null,
          },
        ];
      }),
    /** Closed group/province-board tickets with a clock that first counted as breached in [from, to] (as the stored projection knows them). */
    breachedBetween: (from: number, to: number): { source: string; ticketId: string }[] =>
      breachedBetween.all(from, to).map((row) => ({ source: row.source, ticketId: row.ticket_id })),
    /** Closed tickets whose fault report clock started by `at` and had not stopped then: still owed after the ticket closed. */
    faultReportsRunningAt: (at: number): { source: string; ticketId: string }[] =>
      faultReports.all({ at }).map((row) => ({ source: row.source, ticketId: row.ticket_id })),
  };
});

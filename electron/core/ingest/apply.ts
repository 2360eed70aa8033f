// One batch of a source's events -> one SQLite transaction: the raw events, the
// quarantine and the source's new `since`, and the touched tickets' new folds
// (which the engine projects, see Engine.flush). Synchronous on purpose:
// nothing may await inside a transaction.
import { parseFeedEvent, type FeedEvent } from '../../../shared/protocol';
import { applyEvent, foldTicket, sortsAfter, type TicketFold } from '../../../shared/domain';
import type { Cache } from '../store/db';
import type { PriorRows } from '../store/projection';
import type { NewQuarantine } from '../store/quarantine';
import { repositories } from '../store/repositories';
import { ticketKeyOf } from './keys';
import { parseStored, type TicketState } from './tickets';

export interface Gap {
  /** The seq the stream should have continued with. */
  expected: number;
  /** The seq that arrived instead. */
  got: number;
}

export interface BatchResult {
  applied: number;
  duplicates: number;
  quarantined: number;
  /** The source's last consumed seq after the batch. */
  since: number;
  /** Keys of the tickets whose projection changed. */
  changed: string[];
  /** Set when the batch skipped ahead: events from `got` on were not consumed. */
  gap: Gap | null;
}

export interface ApplyContext {
  cache: Cache;
  /** A ticket's state as the engine keeps it (open, recently closed or not yet projected). */
  kept(key: string): TicketState | undefined;
}

/** A ticket the batch changed: its new fold, to be projected over what its rows held before. */
export interface TouchedTicket {
  state: TicketState;
  rows: PriorRows;
  /** Its rejected events differ from what the quarantine holds for it. */
  rejectionsChanged: boolean;
}

export interface Applied {
  result: BatchResult;
  tickets: TouchedTicket[];
}

interface Touched {
  source: string;
  ticketId: string;
  events: FeedEvent[];
}

const byTime = (a: FeedEvent, b: FeedEvent) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq;

function sameRejections(a: TicketFold, b: TicketFold): boolean {
  return a.rejected.length === b.rejected.length && a.rejected.every((r, i) => r.event.seq === b.rejected[i]?.event.seq);
}

/** The ticket's fold with the batch's events, and what its rows held before them. */
function foldOf(ctx: ApplyContext, touched: Touched, prior: TicketState | undefined): { fold: TicketFold; rows: PriorRows } {
  const sorted = touched.events.length > 1 ? [...touched.events].sort(byTime) : touched.events;
  const rows = prior?.written ?? 'unknown';
  if (prior && sortsAfter(prior.fold, sorted[0]!)) return { fold: sorted.reduce(applyEvent, prior.fold), rows };
  const repos = repositories(ctx.cache);
  if (!prior && !repos.projection.exists(touched.source, touched.ticketId)) return { fold: foldTicket(sorted, touched.ticketId), rows: 'none' };
  // A ticket the engine does not keep, or a late event: fold everything stored (this batch included).
  const stored = repos.events.rawOfTicket(touched.source, touched.ticketId).map(parseStored);
  return { fold: foldTicket(stored, touched.ticketId), rows };
}

const seqOf = (raw: unknown): number => {
  const seq = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
  return typeof seq === 'number' ? seq : Number.MAX_SAFE_INTEGER;
};

/**
 * A batch should come in increasing seq; one that does not is put in order
 * rather than read as a gap (events without a seq go last).
 */
export function inSeqOrder(raws: readonly unknown[]): readonly unknown[] {
  for (let i = 1; i < raws.length; i += 1) {
    if (seqOf(raws[i]) < seqOf(raws[i - 1])) return [...raws].sort((a, b) => seqOf(a) - seqOf(b));
  }
  return raws;
}

/** Applies `raws` (as received) from `sourceId` at `receivedAt`. Throws only if SQLite fails. */
export function applyBatch(ctx: ApplyContext, sourceId: string, raws: readonly unknown[], receivedAt: number): Applied {
  const repos = repositories(ctx.cache);
  const run = ctx.cache.db.transaction((): Applied => {
    const source = repos.sources.byId(sourceId);
    if (!source) throw new Error(`unknown source ${sourceId}: register it before applying its events`);
    let since = source.since;
    const result: BatchResult = { applied: 0, duplicates: 0, quarantined: 0, since, changed: [], gap: null };
    const touched = new Map<string, Touched>();
    const quarantine = (entry: Omit<NewQuarantine, 'source' | 'receivedAt'>) => {
      repos.quarantine.add({ ...entry, source: sourceId, receivedAt });
      result.quarantined += 1;
    };

    for (const raw of inSeqOrder(raws)) {
      const parsed = parseFeedEvent(raw);
      const text = JSON.stringify(raw) ?? String(raw);
      const seq = parsed.ok ? parsed.event.seq : parsed.seq;
      const id = parsed.ok ? parsed.event.id : parsed.id;
      if (seq === null || id === null || !Number.isSafeInteger(seq) || seq < 1) {
        // Without a seq and an id the event has no place in the stream: keep it, skip it.
        const reason = parsed.ok ? 'event without a usable seq' : parsed.reason;
        quarantine({ seq: null, eventId: id, ticketId: parsed.ok ? null : parsed.ticketId, kind: 'invalid', reason, raw: text });
        continue;
      }
      if (seq <= since) {
        result.duplicates += 1;
        continue;
      }
      if (seq > since + 1) {
        result.gap = { expected: since + 1, got: seq };
        break;
      }
      since = seq;
      if (!parsed.ok) {
        repos.events.insert({
          source: sourceId, seq, eventId: id, ticketId: parsed.ticketId, at: null, type: null,
          valid: false, raw: text, receivedAt,
        });
        quarantine({ seq, eventId: id, ticketId: parsed.ticketId, kind: 'invalid', reason: parsed.reason, raw: text });
        continue;
      }
      const event = parsed.event;
      const inserted = repos.events.insert({
        source: sourceId, seq, eventId: id, ticketId: event.ticketId, at: Date.parse(event.at), type: event.type,
        valid: true, raw: text, receivedAt,
      });
      if (!inserted) {
        const reason = `duplicate id ${id}: already received under an earlier seq`;
        quarantine({ seq, eventId: id, ticketId: event.ticketId, kind: 'duplicate', reason, raw: text });
        continue;
      }
      result.applied += 1;
      const key = ticketKeyOf({ source: sourceId, ticketId: event.ticketId });
      const entry = touched.get(key);
      if (entry) entry.events.push(event);
      else touched.set(key, { source: sourceId, ticketId: event.ticketId, events: [event] });
    }

    const tickets: TouchedTicket[] = [];
    for (const [key, entry] of touched) {
      const prior = ctx.kept(key);
      const { fold, rows } = foldOf(ctx, entry, prior);
      const state: TicketState = { key, source: entry.source, ticketId: entry.ticketId, fold, written: prior?.written };
      tickets.push({ state, rows, rejectionsChanged: !prior || !sameRejections(prior.fold, fold) });
      result.changed.push(key);
    }
    repos.sources.advance(sourceId, since, receivedAt);
    result.since = since;
    return { result, tickets };
  });
  return run();
}

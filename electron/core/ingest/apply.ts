// One slice of a source's events into the open write (units.ts): validation,
// de-duplication and gap detection against the source's consumed seq, the raw
// events and quarantine rows, the source's new `since`, and the touched
// tickets' new folds. Synchronous and without SQL writes of its own: the
// writes go into the unit's batch, and the store is only read (committed
// events of tickets the engine does not keep).
import type { FeedEvent, ReportedData } from '../../../shared/protocol';
import { applyEvent, foldTicket, sortsAfter, type TicketFold } from '../../../shared/domain';
import { identity, type Screened } from '../feeds/guard';
import { outboxWrites } from '../store/outbox';
import type { Store } from '../store/db';
import { insertEvent } from '../store/events';
import { quarantineWrites, type NewQuarantine } from '../store/quarantine';
import type { SourceCursors } from './sources';
import type { TicketCache } from './ticket-cache';
import { changedState, stateFromStore, storedEvents, ticketKeyOf, ticketState, type TicketState } from './tickets';
import type { OpenUnit } from './units';

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
  /** Keys of the tickets whose projection changes. */
  changed: string[];
  /** Set when the batch skipped ahead: events from `got` on were not consumed. */
  gap: Gap | null;
}

export interface ApplyContext {
  store: Store;
  cache: TicketCache;
  cursors: SourceCursors;
}

interface Touched {
  source: string;
  ticketId: string;
  events: FeedEvent[];
  /** The events as received: what the store keeps of them. */
  texts: string[];
}

const byTime = (a: FeedEvent, b: FeedEvent) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq;

function sameRejections(a: TicketFold, b: TicketFold): boolean {
  return a.rejected.length === b.rejected.length && a.rejected.every((r, i) => r.event.seq === b.rejected[i]?.event.seq);
}

interface NewState {
  state: TicketState;
  /** The store has no rows of the ticket yet. */
  fresh: boolean;
  /** How many of its events the quarantine held as rejected before. */
  rejectedBefore: number;
}

/**
 * The ticket's new state with the slice's events. A kept ticket whose events
 * all sort after its fold folds on; otherwise (not kept, or a late event) it is
 * folded from everything: the stored events, those of writes still under way,
 * and the slice's.
 */
function newState(ctx: ApplyContext, touched: Touched, prior: TicketState | undefined): NewState {
  const key = ticketKeyOf(touched);
  const sorted = touched.events.length > 1 ? [...touched.events].sort(byTime) : touched.events;
  if (prior && sortsAfter(prior.fold, sorted[0]!)) {
    const state = changedState(prior, { fold: sorted.reduce(applyEvent, prior.fold) });
    return { state, fresh: false, rejectedBefore: prior.fold.rejected.length };
  }
  return ctx.store.read((reads): NewState => {
    if (!prior && !reads.projection.exists(touched.source, touched.ticketId)) {
      const state = ticketState(touched, foldTicket(sorted, touched.ticketId), []);
      return { state, fresh: true, rejectedBefore: 0 };
    }
    if (!prior) {
      const state = stateFromStore(reads, touched, undefined, sorted);
      return { state, fresh: false, rejectedBefore: reads.quarantine.rejectedOfTicket(touched.source, touched.ticketId) };
    }
    const stored = storedEvents(reads, touched);
    // A write can be on disk before the engine hears it committed: its events are then both stored and staged.
    const storedSeqs = new Set(stored.map((event) => event.seq));
    const unstored = ctx.cache.stagedEvents(key).filter((event) => !storedSeqs.has(event.seq));
    const fold = foldTicket([...stored, ...unstored, ...sorted], touched.ticketId);
    return { state: changedState(prior, { fold }), fresh: false, rejectedBefore: prior.fold.rejected.length };
  });
}

/**
 * An echo (`reported`) of a report this console may have sent: if the outbox
 * holds it unanswered (sent before a crash, its acknowledgement lost), it is
 * acknowledged now with the echo's receipt, in the same write.
 */
function echoed(ctx: ApplyContext, unit: OpenUnit, sourceId: string, data: ReportedData, at: string, receivedAt: number): void {
  const echoAt = Date.parse(at);
  outboxWrites.acknowledge(unit.batch, data.reportId, { receipt: data.receipt, receivedAt: echoAt, ackedAt: receivedAt });
  unit.echoed(sourceId, data.reportId);
}

/**
 * Applies `parsed` (screened by feeds/guard, in seq order) from `sourceId` into
 * `unit`. Its reads (the stored ids, the tickets the engine does not keep) share
 * one read transaction: one for each new ticket cost a BEGIN and a COMMIT each.
 */
export function applySlice(ctx: ApplyContext, unit: OpenUnit, sourceId: string, parsed: readonly Screened[], receivedAt: number): BatchResult {
  return ctx.store.read(() => applyInRead(ctx, unit, sourceId, parsed, receivedAt));
}

function applyInRead(ctx: ApplyContext, unit: OpenUnit, sourceId: string, parsed: readonly Screened[], receivedAt: number): BatchResult {
  const { cursors } = ctx;
  if (!cursors.byId(sourceId)) throw new Error(`unknown source ${sourceId}: register it before applying its events`);
  let since = cursors.since(sourceId);
  const result: BatchResult = { applied: 0, duplicates: 0, quarantined: 0, since, changed: [], gap: null };
  const touched = new Map<string, Touched>();
  const quarantine = (entry: Omit<NewQuarantine, 'source' | 'receivedAt'>) => {
    quarantineWrites.add(unit.batch, { ...entry, source: sourceId, receivedAt });
    result.quarantined += 1;
  };
  const taken = ctx.store.read((reads) =>
    cursors.takenIds(reads, sourceId, parsed.flatMap(({ parsed: p }) => identity(p).id ?? [])),
  );
  const storedIds: string[] = [];

  for (const { text, parsed: event } of parsed) {
    const { seq, id, ticketId: eventTicket } = identity(event);
    if (seq === null || id === null || !Number.isSafeInteger(seq) || seq < 1) {
      // Without a seq and an id the event has no place in the stream: keep it, skip it.
      const reason = event.ok ? 'event without a usable seq' : event.reason;
      // Served again on every reconnect: kept (and counted) once.
      const entry = { source: sourceId, seq: null, eventId: id, ticketId: eventTicket, kind: 'invalid' as const, reason, raw: text, receivedAt };
      if (ctx.store.read((reads) => cursors.refusedFirst(reads, sourceId, id, null))) {
        quarantineWrites.addOnce(unit.batch, entry);
        result.quarantined += 1;
      }
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
    if (taken.has(id)) {
      const reason = `duplicate id ${id}: already received under an earlier seq`;
      quarantine({ seq, eventId: id, ticketId: eventTicket, kind: 'duplicate', reason, raw: text });
      continue;
    }
    taken.add(id);
    storedIds.push(id);
    if (!event.ok) {
      // The event keeps its place in the stream here; the quarantine keeps it whole (stored once).
      insertEvent(unit.batch, { source: sourceId, seq, eventId: id, ticketId: event.ticketId, at: null, type: null, valid: false, raw: '', receivedAt });
      quarantine({ seq, eventId: id, ticketId: event.ticketId, kind: 'invalid', reason: event.reason, raw: text });
      continue;
    }
    if ('sourceEvent' in event) {
      // A source's own event (a handover's echo): kept in its stream, folded into no ticket.
      const { at, type, data } = event.sourceEvent;
      insertEvent(unit.batch, { source: sourceId, seq, eventId: id, ticketId: null, at: Date.parse(at), type, valid: true, raw: text, receivedAt });
      echoed(ctx, unit, sourceId, data, at, receivedAt);
      result.applied += 1;
      continue;
    }
    const { ticketId, at, type } = event.event;
    insertEvent(unit.batch, { source: sourceId, seq, eventId: id, ticketId, at: Date.parse(at), type, valid: true, raw: text, receivedAt });
    if (event.event.type === 'reported') echoed(ctx, unit, sourceId, event.event.data, at, receivedAt);
    result.applied += 1;
    const key = ticketKeyOf({ source: sourceId, ticketId });
    const entry = touched.get(key);
    if (entry) {
      entry.events.push(event.event);
      entry.texts.push(text);
    } else touched.set(key, { source: sourceId, ticketId, events: [event.event], texts: [text] });
  }

  for (const [key, entry] of touched) {
    const prior = ctx.cache.kept(key);
    const { state, fresh, rejectedBefore } = newState(ctx, entry, prior);
    const syncRejections = !prior || !sameRejections(prior.fold, state.fold);
    if (syncRejections) cursors.addQuarantined(sourceId, state.fold.rejected.length - rejectedBefore);
    ctx.cache.stage(state, unit.id, entry.texts);
    unit.stage(state, { fresh, syncRejections });
    result.changed.push(key);
  }
  cursors.stageIds(unit.id, sourceId, storedIds);
  cursors.addQuarantined(sourceId, result.quarantined);
  cursors.advance(unit.batch, sourceId, since, receivedAt);
  unit.consumed(sourceId, since, result.applied + result.quarantined);
  result.since = since;
  return result;
}

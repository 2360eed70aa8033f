// A ticket as the engine keeps it in memory, and a ticket folded from the store.
import { foldTicket, type AcknowledgedReport, type Evaluation, type TicketFold } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import { parseFeedEvent, type FeedEvent } from '../../../shared/protocol';
import type { Reads } from '../store/db';
import { echoesReports } from '../store/sources';

export interface TicketState {
  key: string;
  source: string;
  ticketId: string;
  fold: TicketFold;
  /** This console's acknowledged reports of the ticket that its clocks count (the outbox's, for sources that do not echo). */
  reports: readonly AcknowledgedReport[];
  /** Its clocks as evaluated for its projection: once per change, reused by board deltas and deadlines. */
  evaluation?: Evaluation;
}

/** The string key of a ticket on the boards and in change events. */
export function ticketKeyOf(key: TicketKey): string {
  return `${key.source}:${key.ticketId}`;
}

/** Parses an event the cache stored as valid; a failure means the cache was altered behind our back. */
export function parseStored(raw: string): FeedEvent {
  const parsed = parseFeedEvent(JSON.parse(raw));
  if (!parsed.ok) throw new Error(`stored event no longer validates (${parsed.reason}); run noc rebuild`);
  return parsed.event;
}

/** A ticket's stored events with `at` <= `until`, in (at, seq) order. */
export function storedEvents(reads: Reads, key: TicketKey, until?: number): FeedEvent[] {
  return reads.events.rawOfTicket(key.source, key.ticketId, until).map(parseStored);
}

/**
 * The reports of this console's outbox the ticket's clocks count: none for a
 * source that echoes reports (its stream holds every console's), the
 * acknowledged ones for a 1.0 source.
 */
export function outboxReports(reads: Reads, key: TicketKey): AcknowledgedReport[] {
  return echoesReports(reads.sources.byId(key.source)) ? [] : reads.outbox.acknowledged(key.source, key.ticketId);
}

/** A ticket folded from its stored events with `at` <= `until`, with the outbox reports its clocks count. */
export function stateFromStore(reads: Reads, key: TicketKey, until?: number, extra: readonly FeedEvent[] = []): TicketState {
  const events = storedEvents(reads, key, until);
  return {
    key: ticketKeyOf(key),
    source: key.source,
    ticketId: key.ticketId,
    fold: foldTicket(extra.length === 0 ? events : [...events, ...extra], key.ticketId),
    reports: outboxReports(reads, key),
  };
}

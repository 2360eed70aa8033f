import { foldTicket, type TicketFold } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import type { WrittenRows } from '../store/projection';
import { repositories } from '../store/repositories';
import { parseFeedEvent, type FeedEvent } from '../../../shared/protocol';

/** A ticket's fold as the engine keeps it in memory. */
export interface TicketState {
  key: string;
  source: string;
  ticketId: string;
  fold: TicketFold;
  /** What the last projection wrote for it; absent when not known, so the next write replaces every row. */
  written?: WrittenRows;
}

/** Parses an event the cache stored as valid; a failure means the cache was altered behind our back. */
export function parseStored(raw: string): FeedEvent {
  const parsed = parseFeedEvent(JSON.parse(raw));
  if (!parsed.ok) throw new Error(`stored event no longer validates (${parsed.reason}); run noc rebuild`);
  return parsed.event;
}

export function isOpen(fold: TicketFold): boolean {
  return fold.facts.stage !== 'closed';
}

/** A ticket folded from its stored events with `at` <= `until`. */
export function foldStored(cache: Cache, key: TicketKey, until?: number): TicketFold {
  const raws = repositories(cache).events.rawOfTicket(key.source, key.ticketId, until);
  return foldTicket(raws.map(parseStored), key.ticketId);
}

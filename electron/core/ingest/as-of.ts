// The tickets as they stood at an earlier instant: the committed open tickets,
// re-folded from their stored events where they have events after it, and the
// closed tickets that were open then. Reads only what is committed, so a view
// as of now equals the boards.
import { foldTicket, isOpenStage } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { FeedEvent } from '../../../shared/protocol';
import type { Reads, Store } from '../store/db';
import type { TicketCache } from './ticket-cache';
import { outboxReports, stateFromStore, storedEvents, ticketKeyOf, ticketState, type TicketState } from './tickets';

/** A ticket folded from its events with `at` <= that time, if it was open then. */
export function openAt(reads: Reads, key: TicketKey, at: number): TicketState | null {
  const state = stateFromStore(reads, key, at);
  return state.fold.lastAt !== null && isOpenStage(state.fold.facts.stage) ? state : null;
}

/** The tickets open at `at`, each folded from its events with `at` <= that time. */
export function openTicketsAt(store: Store, cache: TicketCache, at: number): TicketState[] {
  return store.read((reads) => {
    const out: TicketState[] = [];
    for (const state of cache.openStates()) {
      if (state.fold.lastAt === null || state.fold.lastAt <= at) out.push(state);
      else {
        const then = openAt(reads, state, at);
        if (then) out.push(then);
      }
    }
    for (const key of reads.projection.closedWithEventsAfter(at)) {
      if (cache.openTicket(ticketKeyOf(key))) continue;
      const then = openAt(reads, key, at);
      if (then) out.push(then);
    }
    return out;
  });
}

/** A ticket as it stood at `at` with the events that made it, or null when it had no event by then. */
export function ticketAt(store: Store, key: TicketKey, at: number): { state: TicketState; events: FeedEvent[] } | null {
  return store.read((reads) => {
    const events = storedEvents(reads, key, at);
    if (events.length === 0) return null;
    return { state: ticketState(key, foldTicket(events, key.ticketId), outboxReports(reads, key)), events };
  });
}

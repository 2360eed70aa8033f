// What the main thread and the feed worker say to each other
// (worker-transport.ts on main, feed-worker.ts in the worker). Each message
// names the connection it is about: one worker serves one feed's successive
// connections.
import type { Screened } from './guard';
import type { ConnectOptions } from './transport';

/**
 * Events per `events` message. A wire batch (up to 5,000 events, about 1 MB)
 * is cut into parts this size, so the main thread's structured-clone decoding
 * of one part is one short task (about 0.5 ms per 500 events on a quiet machine).
 */
export const EVENTS_PER_MESSAGE = 500;
/**
 * `events` messages a connection may have handed over and not yet heard
 * applied. Bounded, so the main thread never holds a backlog of decoded
 * events (young-generation GC) and never drains a long message queue in one
 * turn of its loop (Node delivers every waiting message at once).
 */
export const MESSAGES_IN_FLIGHT = 4;

/** What a connection has received and not yet handed to the main thread, in order. */
export type Outgoing = { subscription: number; screened: Screened[] } | { closed: string };

/**
 * Takes the next `events` message off `outgoing`: its first events, with the
 * events of the same subscription after them, up to EVENTS_PER_MESSAGE. A
 * live source sends small wire batches (5 events every 5 ms at 1,000 events/s);
 * handed over one message each and applied one at a time, they queued here
 * for seconds while the main thread was half idle. Null when a close comes first.
 */
export function takeEvents(outgoing: Outgoing[]): { subscription: number; screened: Screened[] } | null {
  const first = outgoing[0];
  if (first === undefined || 'closed' in first) return null;
  outgoing.shift();
  let screened = first.screened;
  for (let next = outgoing[0]; next !== undefined && !('closed' in next); next = outgoing[0]) {
    if (next.subscription !== first.subscription || screened.length + next.screened.length > EVENTS_PER_MESSAGE) break;
    screened = screened.concat(next.screened);
    outgoing.shift();
  }
  return { subscription: first.subscription, screened };
}

export type ToFeedWorker =
  | { type: 'connect'; id: number; options: ConnectOptions }
  | { type: 'subscribe'; id: number; since: number; timeoutMs: number }
  | { type: 'request'; id: number; request: number; event: string; payload: unknown; timeoutMs: number }
  /** The main thread applied (or dropped) one `events` message: one more may come. */
  | { type: 'applied'; id: number }
  | { type: 'close'; id: number };

export type FromFeedWorker =
  | { type: 'connect'; id: number }
  | { type: 'closed'; id: number; message: string }
  | { type: 'heartbeat'; id: number; payload: unknown }
  /** `subscription`: the subscribe acknowledged before these events came (the main thread drops those of an earlier one). */
  | { type: 'events'; id: number; subscription: number; screened: Screened[] }
  | { type: 'subscribed'; id: number; subscription: number; error: string | null; payload: unknown }
  | { type: 'answer'; id: number; request: number; error: string | null; payload: unknown };

// A ticket as the engine keeps it in memory, and a ticket folded from the store.
import { foldTicket, type AcknowledgedReport, type TicketFold } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import { EVENT_TYPES, SUPERVISION_EVENT_TYPES, type FeedEvent } from '../../../shared/protocol';
import type { Reads } from '../store/db';
import { echoesReports } from '../store/sources';
import type { KeptEvaluation } from './kept';

export interface TicketState {
  key: string;
  source: string;
  ticketId: string;
  fold: TicketFold;
  /** This console's acknowledged reports of the ticket that its clocks count (the outbox's, for sources that do not echo). */
  reports: readonly AcknowledgedReport[];
  /** Its clocks as evaluated for its projection: once per change, reused by board deltas and deadlines (finished cycles packed: kept.ts). */
  evaluation?: KeptEvaluation;
}

/**
 * A ticket's state, built with every field in one order so that all share one
 * hidden class, `evaluation` among them (set once projected). Built by object
 * spread instead (`{ ...prior, fold }`), every state and every kept evaluation
 * had a hidden class of its own: 20,000 maps, descriptor and property arrays,
 * 8 MB of the core's heap with 10,000 open tickets (heap snapshot).
 */
export function ticketState(key: TicketKey, fold: TicketFold, reports: readonly AcknowledgedReport[]): TicketState {
  return { key: ticketKeyOf(key), source: key.source, ticketId: key.ticketId, fold, reports, evaluation: undefined };
}

/** The state with a new fold, reports or evaluation; a change without an evaluation drops the old one (it no longer holds). */
export function changedState(
  prior: TicketState,
  change: { fold?: TicketFold; reports?: readonly AcknowledgedReport[]; evaluation?: KeptEvaluation },
): TicketState {
  return {
    key: prior.key,
    source: prior.source,
    ticketId: prior.ticketId,
    fold: change.fold ?? prior.fold,
    reports: change.reports ?? prior.reports,
    evaluation: change.evaluation,
  };
}

/** The string key of a ticket on the boards and in change events. */
export function ticketKeyOf(key: TicketKey): string {
  // By join: one flat string (a template literal keeps its pieces; every open ticket's key is held in several maps).
  return [key.source, key.ticketId].join(':');
}

const STORED_TYPES: ReadonlySet<string> = new Set([...EVENT_TYPES, ...SUPERVISION_EVENT_TYPES]);

/**
 * Reads back an event the cache stored as valid. Only this console's writer
 * stores events, and only after the feed schema accepted them (feeds/guard.ts),
 * so the stored text is trusted: it is decoded and its shape checked (envelope,
 * known type, data an object), not validated again. Re-running the zod schema
 * was the largest share of a cold start: loading 10,000 open tickets (69,000
 * events) took 1.2 s of which 0.57 s parsing, 0.29 s of it zod
 * (artifacts/coldstart/phases.ts). A cache altered behind the writer's back so
 * that an event no longer has an event's shape still stops with this error;
 * finer damage (an unknown code) would fold as the writer never would have
 * stored it, so `noc rebuild` is the way back. Fields the schema does not name
 * stay on the object (live ingest strips them): nothing reads them, and every
 * reply and push is validated against the contract before it leaves.
 */
export function parseStored(raw: string): FeedEvent {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch (error) {
    throw new Error(`a stored event is not JSON (${(error as Error).message}); run noc rebuild`);
  }
  const problem = storedShapeProblem(event);
  if (problem) throw new Error(`a stored event no longer has an event's shape (${problem}); run noc rebuild`);
  return event as FeedEvent;
}

function storedShapeProblem(event: unknown): string | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an object';
  const { seq, id, ticketId, at, type, data } = event as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return `seq ${JSON.stringify(seq)}`;
  if (typeof id !== 'string' || id === '') return `id ${JSON.stringify(id)}`;
  if (typeof ticketId !== 'string' || ticketId === '') return `ticketId ${JSON.stringify(ticketId)}`;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return `at ${JSON.stringify(at)}`;
  if (typeof type !== 'string' || !STORED_TYPES.has(type)) return `type ${JSON.stringify(type)}`;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `${type} without its data`;
  return null;
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
  const acknowledged = reads.outbox.acknowledged(key.source, key.ticketId);
  // The source's row is looked up only for a ticket that has some: loading 10,000 open tickets read it 10,000 times.
  return acknowledged.length === 0 || echoesReports(reads.sources.byId(key.source)) ? [] : acknowledged;
}

/** A ticket folded from its stored events with `at` <= `until`, with the outbox reports its clocks count. */
export function stateFromStore(reads: Reads, key: TicketKey, until?: number, extra: readonly FeedEvent[] = []): TicketState {
  const events = storedEvents(reads, key, until);
  return ticketState(key, foldTicket(extra.length === 0 ? events : [...events, ...extra], key.ticketId), outboxReports(reads, key));
}

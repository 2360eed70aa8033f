import type { TicketDetail, TicketKey } from '../../../shared/contract';
import { clocksAt } from '../../../shared/domain';
import type { Engine } from '../ingest/engine';
import { rowAt } from './rows';

export class UnknownTicketError extends Error {
  constructor(key: TicketKey, at: number) {
    super(`no ticket ${key.ticketId} from source ${key.source} at ${new Date(at).toISOString()}`);
    this.name = 'UnknownTicketError';
  }
}

/** One ticket as it stood at `at`: every clock, its timeline and its quarantined events. */
export function ticketDetail(engine: Engine, key: TicketKey, at: number): TicketDetail {
  const found = engine.ticketAt(key, at);
  if (!found) throw new UnknownTicketError(key, at);
  const { state, events } = found;
  const evaluation = clocksAt(state.fold, state.reports, engine.policy, at);
  const rejected = new Map(state.fold.rejected.map((r) => [r.event.seq, r.reason]));
  const quarantined = engine.store.read((reads) => reads.quarantine.ofTicket(key.source, key.ticketId));
  return {
    row: rowAt(engine, state, evaluation, at),
    clocks: evaluation.clocks,
    timeline: events.map((event) => ({
      at: Date.parse(event.at),
      seq: event.seq,
      kind: 'event' as const,
      type: event.type,
      summary: event.data,
      rejected: rejected.get(event.seq) ?? null,
    })),
    quarantined: quarantined.map((q) => ({ seq: q.seq, reason: q.reason, raw: q.raw, receivedAt: q.receivedAt })),
    cause: evaluation.facts.cause,
    resolution: evaluation.facts.resolution,
    description: evaluation.facts.description,
    policyVersion: evaluation.policyVersion,
  };
}

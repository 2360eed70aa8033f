import { clocksAt, clocksFrom, type Policy, type TicketFold } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import type { AckedReports } from '../store/reports';
import type { PriorRows, WrittenRows } from '../store/projection';
import { repositories } from '../store/repositories';
import { boardsOf } from './boards';

export interface ProjectContext {
  cache: Cache;
  policy: Policy;
  reports: AckedReports;
}

/**
 * Writes a ticket's projection (row and clocks) and, when asked, its
 * rejections as quarantine rows. `prior` is what the ticket's previous write
 * left, so that only changed clock rows are written. Returns the change in
 * quarantined rows and what was written. Runs inside the caller's transaction.
 *
 * Evaluated at `at`, or at the last event if that is later (an upstream clock
 * ahead of ours): the rows then hold every event, whenever they are written.
 */
export function projectTicket(
  ctx: ProjectContext,
  key: TicketKey,
  fold: TicketFold,
  at: number,
  syncRejections: boolean,
  prior: PriorRows = 'unknown',
): { rejectedDelta: number; written: WrittenRows } {
  const repos = repositories(ctx.cache);
  const evaluation = clocksAt(fold, ctx.reports.ackedReportsOf(key.source, key.ticketId), ctx.policy, Math.max(at, fold.lastAt ?? at));
  const boards = boardsOf(fold.facts, ctx.policy);
  const written = repos.projection.write({ ...key, evaluation, boards, lastEventAt: fold.lastAt, clocksFrom: clocksFrom(fold) }, prior);
  if (!syncRejections) return { rejectedDelta: 0, written };
  const rejectedDelta = repos.quarantine.replaceRejected(
    key.source,
    key.ticketId,
    fold.rejected.map((r) => ({
      source: key.source,
      seq: r.event.seq,
      eventId: r.event.id,
      ticketId: key.ticketId,
      kind: 'rejected',
      reason: r.reason,
      raw: JSON.stringify(r.event),
      receivedAt: at,
    })),
  );
  return { rejectedDelta, written };
}

import { clocksAt, type Policy, type TicketFold } from '../../../shared/domain';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import type { AckedReports } from '../store/reports';
import { repositories } from '../store/repositories';
import { boardsOf } from './boards';

export interface ProjectContext {
  cache: Cache;
  policy: Policy;
  reports: AckedReports;
}

/**
 * Writes a ticket's projection (row, clocks evaluated at `at`) and, when asked,
 * its rejections as quarantine rows. Returns the change in quarantined rows.
 * Runs inside the caller's transaction.
 */
export function projectTicket(ctx: ProjectContext, key: TicketKey, fold: TicketFold, at: number, syncRejections: boolean): number {
  const repos = repositories(ctx.cache);
  const evaluation = clocksAt(fold, ctx.reports.ackedReportsOf(key.source, key.ticketId), ctx.policy, at);
  repos.projection.write({ ...key, evaluation, boards: boardsOf(fold.facts, ctx.policy), lastEventAt: fold.lastAt });
  if (!syncRejections) return 0;
  return repos.quarantine.replaceRejected(
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
}

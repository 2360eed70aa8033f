// A ticket's projection (its row and clock rows) from its fold: evaluated once
// per change, the evaluation kept on the state for board deltas and deadlines,
// and only the rows that differ from what the last write left are written.
import { clocksAt, clocksFrom, type Policy } from '../../../shared/domain';
import { writeProjection, type TicketProjection, type WrittenRows } from '../store/projection';
import { quarantineWrites } from '../store/quarantine';
import type { ClockCountChanges } from '../store/rollups';
import type { WriteBatch } from '../store/statements';
import { boardsOf } from './boards';
import { keep } from './kept';
import type { TicketState } from './tickets';

/**
 * The ticket's projection evaluated at `at`, or at the last event if that is
 * later (an upstream clock ahead of ours): the rows then hold every event,
 * whenever they are written.
 */
export function projectionOf(state: TicketState, policy: Policy, at: number): TicketProjection {
  const { fold } = state;
  const evaluation = clocksAt(fold, state.reports, policy, Math.max(at, fold.lastAt ?? at));
  return { source: state.source, ticketId: state.ticketId, evaluation, boards: boardsOf(fold.facts, policy), lastEventAt: fold.lastAt, clocksFrom: clocksFrom(fold) };
}

export class Projector {
  /** What the last write (in submission order) left in each kept ticket's rows. */
  private readonly written = new Map<string, WrittenRows>();

  /**
   * Adds the ticket's projection (projectionOf) to `batch`, what it changes in
   * the rollups to `counts` (written once at the batch's end), and sets
   * `state.evaluation`. `fresh`: the store has no rows of the ticket yet.
   */
  project(
    batch: WriteBatch,
    counts: ClockCountChanges,
    state: TicketState,
    policy: Policy,
    at: number,
    options: { fresh: boolean; syncRejections: boolean },
  ): void {
    const { fold } = state;
    const projection = projectionOf(state, policy, at);
    state.evaluation = keep(projection.evaluation);
    const prior = this.written.get(state.key) ?? (options.fresh ? 'none' : 'unknown');
    const rows = writeProjection(batch, projection, prior, counts);
    this.written.set(state.key, rows);
    if (!options.syncRejections) return;
    const rejected = fold.rejected.map((r) => ({
      source: state.source,
      seq: r.event.seq,
      eventId: r.event.id,
      ticketId: state.ticketId,
      kind: 'rejected' as const,
      reason: r.reason,
      raw: JSON.stringify(r.event),
      receivedAt: at,
    }));
    // A fresh ticket has no rejections stored (nor rows: a rebuild cleared them all first), so there are none to delete.
    if (options.fresh) for (const entry of rejected) quarantineWrites.add(batch, entry);
    else quarantineWrites.replaceRejected(batch, state.source, state.ticketId, rejected);
  }

  /** The ticket is no longer kept: its next write replaces its rows whole. */
  forget(key: string): void {
    this.written.delete(key);
  }

  /** After a lost write or a cleared projection: nothing is known of any rows. */
  clear(): void {
    this.written.clear();
  }
}

import { clocksAt, type ClockName } from '../../../shared/domain';
import type { DrillArgs, DrillResult } from '../../../shared/contract';
import { toBoardRow } from '../board/rows';
import type { Engine } from '../ingest/engine';
import { breachedClocksByCell } from './heatmap';

/**
 * The tickets behind one heatmap cell: exactly the breached clocks the cell
 * counts (the same enumeration as its median), grouped by ticket, each ticket
 * as it stood at the period's end, most breached clocks first.
 */
export function drillQuery(engine: Engine, args: DrillArgs): DrillResult {
  const ctx = { store: engine.store, policy: engine.policy };
  const inCell = breachedClocksByCell(ctx, args).filter(({ row, col }) => row === args.row && col === args.col);
  const byTicket = new Map<string, { source: string; ticketId: string; clocks: { name: ClockName; index: number }[] }>();
  for (const { clock } of inCell) {
    const key = JSON.stringify([clock.source, clock.ticketId]);
    const entry = byTicket.get(key) ?? { source: clock.source, ticketId: clock.ticketId, clocks: [] };
    entry.clocks.push({ name: clock.name as ClockName, index: clock.index });
    byTicket.set(key, entry);
  }
  const ordered = [...byTicket.values()].sort(
    (a, b) => b.clocks.length - a.clocks.length || a.source.localeCompare(b.source) || a.ticketId.localeCompare(b.ticketId),
  );
  const tickets: DrillResult['tickets'] = [];
  for (const entry of ordered.slice(0, args.limit)) {
    const found = engine.ticketAt(entry, args.to);
    if (!found) throw new Error(`ticket ${entry.ticketId} of ${entry.source} has clocks but no events by the period's end`);
    const evaluation = clocksAt(found.state.fold, found.state.reports, engine.policy, args.to);
    const clocks = entry.clocks.sort((a, b) => a.name.localeCompare(b.name) || a.index - b.index);
    // A drill-down shows how breached clocks ended by the period's end; a risk as of then would fit a history per click.
    tickets.push({ row: toBoardRow(found.state, evaluation, engine.source(entry.source), engine.policy, null), clocks });
  }
  return { breached: inCell.length, tickets, truncated: ordered.length > args.limit };
}

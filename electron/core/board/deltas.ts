import type { BoardDelta, BoardRow } from '../../../shared/contract';
import { clocksAt } from '../../../shared/domain';
import type { Engine } from '../ingest/engine';
import { toBoardRow } from './rows';

/** Changes are gathered this long before one delta goes out: the renderer batches its grid transactions alike. */
const COALESCE_MS = 50;

interface Options {
  engine: Engine;
  now(): number;
  publish(delta: BoardDelta): void;
}

/**
 * Turns changed tickets (new events, acknowledged reports, clocks crossing a
 * warning or deadline) into `board:delta` pushes of their new rows, coalesced,
 * so boards update as row deltas and never reload.
 */
export class BoardDeltas {
  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: Options) {}

  touch(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private flush(): void {
    this.flushTimer = null;
    const { engine } = this.options;
    const at = this.options.now();
    const upserts: BoardRow[] = [];
    const removes: string[] = [];
    for (const key of this.pending) {
      const state = engine.openTicket(key);
      const reports = state ? engine.reports.ackedReportsOf(state.source, state.ticketId) : [];
      const row = state ? toBoardRow(engine, state, clocksAt(state.fold, reports, engine.policy, at), engine.source(state.source)) : null;
      if (row && row.boards.length > 0) upserts.push(row);
      else removes.push(key);
    }
    this.pending.clear();
    if (upserts.length > 0 || removes.length > 0) this.options.publish({ at, upserts, removes });
  }
}

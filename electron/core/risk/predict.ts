// `noc predict`: the breach risk of every running clock (ok or warning) of the
// tickets open at a moment, from the history known then.
import { clocksAt, currentClocks } from '../../../shared/domain';
import type { RiskDto } from '../../../shared/contract';
import type { Engine } from '../ingest/engine';
import { boardsOf } from '../ingest/boards';
import { riskModelOf, riskOfClock } from './model';

export type PredictLevel = 'group' | 'province' | 'all';

export interface Prediction {
  source: string;
  ticketId: string;
  elapsedMs: number;
  limitMs: number;
  risk: RiskDto;
}

/** Every running clock short of its limit at `at` of the open tickets on `level`'s board (`all`: every open ticket), riskiest first. */
export function predictAt(engine: Engine, at: number, level: PredictLevel): Prediction[] {
  const history = riskModelOf(engine).historyAt(at);
  const out: Prediction[] = [];
  for (const state of engine.openTicketsAt(at)) {
    if (level !== 'all' && !boardsOf(state.fold.facts, engine.policy).includes(level)) continue;
    const evaluation = clocksAt(state.fold, state.reports, engine.policy, at);
    for (const clock of currentClocks(evaluation)) {
      const risk = riskOfClock(history, clock, evaluation.facts, engine.policy, at);
      if (risk) out.push({ source: state.source, ticketId: state.ticketId, elapsedMs: clock.elapsedMs, limitMs: clock.limitMs, risk });
    }
  }
  const order = (p: Prediction) => p.risk.probability ?? -1;
  return out.sort(
    (a, b) => order(b) - order(a) || a.source.localeCompare(b.source) || a.ticketId.localeCompare(b.ticketId) || a.risk.clock.localeCompare(b.risk.clock),
  );
}

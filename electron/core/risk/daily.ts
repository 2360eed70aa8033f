// The statistics tile "predicted vs actual breaches per day": the clocks that
// started in the period, each given its breach probability at its start from
// the history as it stood then (the stored clocks replayed in time order, as
// the bench's backtest does), against how many had breached by the period's end.
import type { RiskDaily } from '../../../shared/contract';
import { riskSettings, type Policy } from '../../../shared/domain';
import { daysOfPeriod, shanghaiDayIndex, shanghaiDayKey, shanghaiDayStart } from '../../../shared/heatmap/period';
import { MIN_AT_RISK, RiskHistory, sampleOfStored, type StoredClock } from '../../../shared/risk';
import type { Store } from '../store/db';
import { RISK_WINDOW_MS, storedClockOf } from './model';

/** Longest period the tile replays (a month and a day: the heatmaps' longest preset). */
export const RISK_DAILY_MAX_MS = 31 * 24 * 3_600_000;

export function riskDaily(store: Store, policy: Policy, period: { from: number; to: number }): RiskDaily {
  const from = Math.max(period.from, period.to - RISK_DAILY_MAX_MS);
  const { to } = period;
  const rows = store.read((reads) => reads.risk.startedBetween(from - RISK_WINDOW_MS, to));
  const clocks: (StoredClock & { breachAt: number | null })[] = [];
  for (const row of rows) {
    const stored = storedClockOf(row);
    // What the events after `to` decided is not known at `to`: such a stop is a clock still running then.
    if (stored) clocks.push({ ...stored, ...(stored.stoppedAt !== null && stored.stoppedAt > to ? { stoppedAt: null, elapsedMs: null } : {}), breachAt: row.breach_at });
  }
  const changes = [
    ...clocks.map((c) => ({ at: c.startedAt, c })),
    ...clocks.filter((c) => c.stoppedAt !== null).map((c) => ({ at: c.stoppedAt!, c })),
  ].sort((a, b) => a.at - b.at);
  const starts = clocks.filter((c) => c.startedAt >= from && c.startedAt < to).sort((a, b) => a.startedAt - b.startedAt);
  const history = new RiskHistory({ minSimilar: riskSettings(policy).minSimilar, minAtRisk: MIN_AT_RISK, refitMs: 0 });
  const byDay = new Map(daysOfPeriod(from, to).map((day) => [day, { clocks: 0, predicted: 0, actual: 0 }]));
  let next = 0;
  let unknown = 0;
  for (const c of starts) {
    // The history just before it started: its own start is not yet in it.
    while (next < changes.length && changes[next]!.at < c.startedAt) {
      const change = changes[next++]!;
      const sample = sampleOfStored(change.c, change.at);
      if (sample) history.upsert(sample);
    }
    const { probability } = history.estimate({ clock: c.clock, profile: c.profile, elapsedMs: 0, limitMs: c.limitMs, limit: null, at: c.startedAt });
    if (probability === null) {
      unknown += 1;
      continue;
    }
    const day = byDay.get(shanghaiDayIndex(c.startedAt));
    if (!day) continue;
    day.clocks += 1;
    day.predicted += probability;
    if (c.breachAt !== null && c.breachAt <= to) day.actual += 1;
  }
  return {
    from,
    to,
    days: [...byDay].map(([day, counts]) => ({ day: shanghaiDayKey(day), dayStart: shanghaiDayStart(day), ...counts })),
    unknown,
  };
}

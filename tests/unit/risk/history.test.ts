// The pooled history: strata falling back to coarser ones, incremental refits,
// stop times, and no guessing on little history.
import { describe, expect, it } from 'vitest';
import { MIN_AT_RISK, RiskHistory, type RiskProfile, type RiskSample } from '../../../shared/risk';

const HOUR = 3_600_000;
const AT = Date.parse('2026-11-22T10:00:00+08:00');
const nanjing: RiskProfile = { serviceGroup: 'bandwidth', tier: 'province', circuitLevel: 'AA', city: '南京' };
const suzhou: RiskProfile = { ...nanjing, city: '苏州' };

function ended(id: string, profile: RiskProfile, share: number): RiskSample {
  return { id, clock: 'repair', profile, limitMs: 4 * HOUR, endedShare: share, runningFrom: null };
}

/** n repairs of `profile`, k of which ran past the limit (1.5 × it), the others stopping at half of it. */
function fill(history: RiskHistory, prefix: string, profile: RiskProfile, n: number, k: number): void {
  for (let i = 0; i < n; i++) history.upsert(ended(`${prefix}${i}`, profile, i < k ? 1.5 : 0.5));
}

const query = (profile: RiskProfile, elapsedShare = 0) => ({
  clock: 'repair' as const,
  profile,
  elapsedMs: elapsedShare * 4 * HOUR,
  limitMs: 4 * HOUR,
  limit: { hours: 4 },
  at: AT,
});

describe('RiskHistory', () => {
  it('estimates from the finest stratum with 30 closed examples: exactly k of n', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    fill(history, 'nj', nanjing, 40, 12);
    fill(history, 'sz', suzhou, 40, 4);
    const risk = history.estimate(query(nanjing));
    expect(risk.probability).toBeCloseTo(12 / 40, 12);
    expect(risk.basis).toEqual({ similar: 40, stratum: 'repair/bandwidth/province/AA/南京', scope: { clock: 'repair', ...nanjing } });
  });

  it('falls back to the coarser stratum where the city has fewer than 30', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    fill(history, 'nj', nanjing, 20, 10);
    fill(history, 'sz', suzhou, 20, 0);
    const risk = history.estimate(query(nanjing));
    expect(risk.probability).toBeCloseTo(10 / 40, 12);
    expect(risk.basis.stratum).toBe('repair/bandwidth/province/AA');
    expect(risk.basis.scope).toEqual({ clock: 'repair', serviceGroup: 'bandwidth', tier: 'province', circuitLevel: 'AA', city: null });
  });

  it('says it has no basis with little history (probability null, basis 0)', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    fill(history, 'nj', nanjing, 29, 10);
    expect(history.estimate(query(nanjing))).toEqual({
      probability: null,
      expectedStopAt: null,
      expectedStopAtP80: null,
      basis: { similar: 0, stratum: '', scope: null },
    });
  });

  it('conditions on the time run and gives the stop times from it', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    fill(history, 'nj', nanjing, 40, 12);
    // Run 0.6 of the limit: only the 12 late ones are left; all stop at 1.5 × 4 h.
    const risk = history.estimate(query(nanjing, 0.6));
    expect(risk.probability).toBe(1);
    expect(risk.expectedStopAt).toBe(AT + 0.9 * 4 * HOUR);
    expect(risk.expectedStopAtP80).toBe(AT + 0.9 * 4 * HOUR);
  });

  it('refits as clocks stop: a running clock is censored, then counts once it stops', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    fill(history, 'nj', nanjing, 30, 0);
    expect(history.estimate(query(nanjing)).probability).toBe(0);
    // 10 clocks running for 2 × their limit: censored at 2, so S(1) = 10/40.
    for (let i = 0; i < 10; i++) history.upsert({ id: `run${i}`, clock: 'repair', profile: nanjing, limitMs: 4 * HOUR, endedShare: null, runningFrom: AT - 8 * HOUR });
    expect(history.estimate(query(nanjing)).probability).toBeCloseTo(10 / 40, 12);
    // They stop within their limit after all (a reopened view changes them in place).
    for (let i = 0; i < 10; i++) history.upsert(ended(`run${i}`, nanjing, 0.9));
    expect(history.estimate(query(nanjing)).probability).toBe(0);
    expect(history.estimate(query(nanjing)).basis.similar).toBe(40);
    history.remove('run0');
    expect(history.estimate(query(nanjing)).basis.similar).toBe(39);
  });

  it('censors in a coarser stratum the running clocks of every finer one it pools, as they come, stop and go', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    // 20 closed in each city: only the stratum without the city has 30.
    fill(history, 'nj', nanjing, 20, 0);
    fill(history, 'sz', suzhou, 20, 0);
    const running = (id: string, profile: RiskProfile): RiskSample => ({ id, clock: 'repair', profile, limitMs: 4 * HOUR, endedShare: null, runningFrom: AT - 8 * HOUR });
    for (let i = 0; i < 5; i++) history.upsert(running(`njr${i}`, nanjing));
    for (let i = 0; i < 5; i++) history.upsert(running(`szr${i}`, suzhou));
    // 40 stopped at half the limit, 10 censored at twice it: S(1) = 10/50.
    expect(history.estimate(query(nanjing)).basis.stratum).toBe('repair/bandwidth/province/AA');
    expect(history.estimate(query(nanjing)).probability).toBeCloseTo(10 / 50, 12);
    expect(history.estimate(query(suzhou)).probability).toBeCloseTo(10 / 50, 12);
    history.remove('szr0');
    expect(history.estimate(query(nanjing)).probability).toBeCloseTo(9 / 49, 12);
    // One of 南京's stops at 0.9: 9 of 49 pass 0.5, then 8 of those 9 pass 0.9.
    history.upsert(ended('njr0', nanjing, 0.9));
    expect(history.estimate(query(suzhou)).probability).toBeCloseTo(8 / 49, 12);
  });

  it('counts working-day limits forward over holidays for the stop time', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    const day = 24 * HOUR;
    for (let i = 0; i < 30; i++) history.upsert({ id: `l${i}`, clock: 'repair', profile: nanjing, limitMs: 3 * day, endedShare: 1 / 3, runningFrom: null });
    // Friday 2026-10-02 10:00 is inside the National Day holiday: one working day left ends after it.
    const at = Date.parse('2026-09-30T10:00:00+08:00');
    const risk = history.estimate({ clock: 'repair', profile: nanjing, elapsedMs: 0, limitMs: 3 * day, limit: { workingDays: 3 }, at });
    expect(risk.expectedStopAt).toBeGreaterThan(at + day);
  });

  it('does not rest a conditional figure on a handful: fewer than 10 that ran as long falls back to the coarser stratum', () => {
    const history = new RiskHistory({ minSimilar: 30, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    // 南京: 30 closed, only 2 ran past 0.6 of the limit (both late): alone they would say 100 %.
    fill(history, 'nj', nanjing, 30, 2);
    // 苏州: 30 closed, 20 ran past the limit.
    fill(history, 'sz', suzhou, 30, 20);
    expect(history.estimate(query(nanjing, 0)).basis.stratum).toBe('repair/bandwidth/province/AA/南京');
    const late = history.estimate(query(nanjing, 0.6));
    expect(late.basis.stratum).toBe('repair/bandwidth/province/AA');
    expect(late.probability).toBe(1);
    expect(late.basis.similar).toBe(60);
  });
});


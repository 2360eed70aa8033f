// Kaplan–Meier and the conditional breach probability, on histories whose
// right answer is known by construction.
import { describe, expect, it } from 'vitest';
import { conditionalExceedance, conditionalQuantile, kaplanMeier, survivalAt } from '../../../shared/risk';

describe('Kaplan–Meier survival over shares of the limit', () => {
  it('without censoring is the empirical survival: k of n past the limit gives S(1) = k/n', () => {
    // 40 repairs: 30 stopped within the limit (0.1 … 0.97), 10 after it (1.1 … 2.0).
    const within = Array.from({ length: 30 }, (_, i) => 0.1 + i * 0.03);
    const late = Array.from({ length: 10 }, (_, i) => 1.1 + i * 0.1);
    const km = kaplanMeier([...within, ...late], []);
    expect(km.ended).toBe(40);
    expect(survivalAt(km, 1)).toBeCloseTo(10 / 40, 12);
    expect(survivalAt(km, 0)).toBe(1);
    expect(survivalAt(km, 5)).toBe(0);
  });

  it('conditions on the time run: of those still running at e, the share that ran past the limit', () => {
    // 10 stop at 0.2, 10 at 0.5, 10 at 0.9, 10 at 1.5: at e = 0.6 there remain 20, 10 of which go past 1.
    const ended = [...Array(10).fill(0.2), ...Array(10).fill(0.5), ...Array(10).fill(0.9), ...Array(10).fill(1.5)];
    const km = kaplanMeier(ended, []);
    expect(conditionalExceedance(km, 0)).toBeCloseTo(10 / 40, 12);
    expect(conditionalExceedance(km, 0.6)).toBeCloseTo(10 / 20, 12);
    expect(conditionalExceedance(km, 0.95)).toBeCloseTo(1, 12);
    // Median given e = 0.6: half of the 20 left stop by 0.9; the 80th percentile is 1.5.
    expect(conditionalQuantile(km, 0.6, 0.5)).toBe(0.9);
    expect(conditionalQuantile(km, 0.6, 0.8)).toBe(1.5);
  });

  it('counts a censored clock at risk up to its share, never as an ending', () => {
    // 2 end at 0.5; 2 censored at 0.7 (still running); 2 end at 2. KM: S(0.5) = 4/6, then at 2 both at risk end.
    const km = kaplanMeier([0.5, 0.5, 2, 2], [0.7, 0.7]);
    expect(survivalAt(km, 0.6)).toBeCloseTo(4 / 6, 12);
    expect(survivalAt(km, 1)).toBeCloseTo(4 / 6, 12);
    // A plain average of closed clocks would say 2 of 4 breach; the censored ones lean it toward breach.
    expect(conditionalExceedance(km, 0)).toBeCloseTo(4 / 6, 12);
    expect(survivalAt(km, 2)).toBe(0);
  });

  it('has no basis where nothing similar ran as long', () => {
    const km = kaplanMeier([0.1, 0.2, 0.3], []);
    expect(conditionalExceedance(km, 0.5)).toBeNull();
    expect(conditionalQuantile(km, 0.5, 0.5)).toBeNull();
  });

  it('says nothing of a quantile the history never reaches (heavily censored)', () => {
    const km = kaplanMeier([0.2], [0.5, 0.5, 0.5, 0.5]);
    expect(conditionalQuantile(km, 0, 0.5)).toBeNull();
  });
});

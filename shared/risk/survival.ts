// Kaplan–Meier survival over clock durations measured as shares of their limit
// (1 = stopped exactly at the limit). Clocks still running at the moment asked
// about are censored: they count as "at risk" up to the share they reached and
// never as an ending, so a stratum full of long-running clocks does not look
// faster than it is (a plain average of the closed ones would).

/** The product-limit estimate: S(t) = P(duration > t), a step function. */
export interface Survival {
  /** Distinct ending shares, ascending. */
  readonly times: Float64Array;
  /** S just after each of `times`. */
  readonly survival: Float64Array;
  /** Observations that ended (the "similar repairs" a figure is based on). */
  readonly ended: number;
  /** Observations censored (still running at the moment of the fit). */
  readonly censored: number;
  /** Every observation's share, ended or censored, ascending: how many were still running at a share. */
  readonly observed: Float64Array;
}

/**
 * The Kaplan–Meier estimate from ending shares and censored shares, both sorted
 * ascending. A clock censored at t is still at risk of ending at t (the usual
 * convention: censoring after events at the same time).
 */
export function kaplanMeier(ended: readonly number[], censored: readonly number[]): Survival {
  const times: number[] = [];
  const survival: number[] = [];
  let atRisk = ended.length + censored.length;
  let s = 1;
  let c = 0;
  for (let i = 0; i < ended.length; ) {
    const t = ended[i]!;
    while (c < censored.length && censored[c]! < t) {
      c += 1;
      atRisk -= 1;
    }
    let d = 0;
    while (i < ended.length && ended[i] === t) {
      d += 1;
      i += 1;
    }
    s *= (atRisk - d) / atRisk;
    times.push(t);
    survival.push(s);
    atRisk -= d;
  }
  const observed = Float64Array.from([...ended, ...censored]).sort();
  return { times: Float64Array.from(times), survival: Float64Array.from(survival), ended: ended.length, censored: censored.length, observed };
}

/** How many of the ascending `sorted` are ≤ `value` (or < it, `strict`): the index a new `value` goes in after (before) its equals. */
export function countUpTo(sorted: ArrayLike<number>, value: number, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strict ? sorted[mid]! < value : sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last time ≤ t, or -1. */
function lastAtOrBefore(times: Float64Array, t: number): number {
  return countUpTo(times, t) - 1;
}

/** Observations that ran longer than `share` (ended later, or still running beyond it): what a conditional estimate at `share` rests on. */
export function atRiskAfter(km: Survival, share: number): number {
  return km.observed.length - countUpTo(km.observed, share);
}

/** S(t) = P(duration > t). */
export function survivalAt(km: Survival, t: number): number {
  const i = lastAtOrBefore(km.times, t);
  return i < 0 ? 1 : km.survival[i]!;
}

/**
 * P(duration > limit | duration > e) = S(1) / S(e), with shares of the limit;
 * null where S(e) is 0 (nothing similar ever ran this long: no basis).
 */
export function conditionalExceedance(km: Survival, elapsedShare: number, limitShare = 1): number | null {
  const base = survivalAt(km, elapsedShare);
  if (base <= 0) return null;
  if (elapsedShare >= limitShare) return 1;
  return survivalAt(km, limitShare) / base;
}

/**
 * The q-quantile of the duration given it exceeds e: the smallest t ≥ e with
 * S(t) ≤ (1 − q)·S(e). Null when the estimate never falls that low (too much
 * of the history still running, or too little of it).
 */
export function conditionalQuantile(km: Survival, elapsedShare: number, q: number): number | null {
  const base = survivalAt(km, elapsedShare);
  if (base <= 0) return null;
  const target = (1 - q) * base;
  const from = lastAtOrBefore(km.times, elapsedShare) + 1;
  for (let i = from; i < km.times.length; i++) if (km.survival[i]! <= target + 1e-12) return km.times[i]!;
  return null;
}

// The closed and running history of clocks, pooled by stratum, from which a
// running clock's breach risk is estimated. Pure and incremental: the core
// upserts a ticket's clocks each time the ticket changes on disk, a backtest
// upserts them as its moment advances. Each stratum keeps its ending shares
// sorted (a binary insertion per clock that stops) and its running clocks; the
// Kaplan–Meier fit of a stratum is redone only when asked about after a change.
import { addWorkingMs, defaultCalendar } from '../domain/calendar';
import type { ClockName, Limit } from '../domain/types';
import { atRiskAfter, conditionalExceedance, conditionalQuantile, countUpTo, kaplanMeier, type Survival } from './survival';
import { scopeAt, STRATUM_DEPTHS, stratumKey, type RiskProfile, type RiskScope } from './strata';

/** One clock of the history, as the moment it is known at sees it. */
export interface RiskSample {
  /** Unique per clock: `source:ticket/clock/index`. */
  id: string;
  clock: ClockName;
  profile: RiskProfile;
  limitMs: number;
  /** It stopped: the share of its limit it ran (elapsed / limit; > 1 is late). */
  endedShare: number | null;
  /** Still running (or paused): the instant its elapsed time counts from, so its share at `at` is (at − runningFrom) / limit. */
  runningFrom: number | null;
  /** Running: its share never counts beyond this (a backtest knows a paused clock, or one that stops later, went no further). */
  capShare?: number;
}

export interface RiskQuery {
  clock: ClockName;
  profile: RiskProfile;
  elapsedMs: number;
  limitMs: number;
  limit: Limit | null;
  at: number;
}

export interface RiskEstimate {
  /** P(it stops after its limit | it has run `elapsedMs`); null with too little history. */
  probability: number | null;
  /** When it stops, median and 80th percentile given it has run so far; null where the history cannot tell. */
  expectedStopAt: number | null;
  expectedStopAtP80: number | null;
  basis: { similar: number; stratum: string; scope: RiskScope | null };
}

export interface RiskHistoryOptions {
  /** Fewest closed examples a stratum needs before it is used (the policy's `risk.minSimilar`). */
  minSimilar: number;
  /** Fewest of them that ran at least as long as the clock asked about (else a coarser stratum answers). */
  minAtRisk: number;
  /**
   * How long a stratum's fit stays in use after its clocks changed or time
   * moved on: 0 refits for every new moment (backtests, the CLI); the console
   * refits a busy stratum at most this often.
   */
  refitMs: number;
}

class Stratum {
  /** Ending shares, ascending. */
  readonly ended: number[] = [];
  /**
   * Its own running clocks, when it is a finest stratum: the samples
   * themselves. A record of its own per stratum (and a map entry by id) held
   * 240,000 objects for 10,000 open tickets' 48,000 running clocks: 59 MB for
   * the whole history with 71,000 clocks, 19 MB after (heap snapshot).
   */
  readonly running = new Set<RiskSample>();
  /**
   * The finest strata pooled in this one (itself, for a finest one): its
   * running clocks are theirs, read at a refit. Each of the five strata a
   * running clock is pooled in held it in a set of its own: 11.5 MB of sets
   * for the 48,000 running clocks of 10,000 open tickets (heap snapshot).
   */
  readonly finest: Stratum[] = [];
  fit: { at: number; km: Survival } | null = null;
  changed = true;

  addEnded(share: number): void {
    this.ended.splice(countUpTo(this.ended, share), 0, share);
    this.changed = true;
  }

  removeEnded(share: number): void {
    const at = countUpTo(this.ended, share, true);
    if (this.ended[at] === share) this.ended.splice(at, 1);
    this.changed = true;
  }

  survivalAt(at: number, refitMs: number): Survival {
    const fit = this.fit;
    // A refit sorts the running clocks' shares at `at`: in the console a busy stratum refits at most every refitMs.
    if (fit && (refitMs === 0 ? fit.at === at && !this.changed : Math.abs(at - fit.at) < refitMs)) return fit.km;
    const censored: number[] = [];
    for (const part of this.finest) {
      for (const r of part.running) censored.push(Math.min(r.capShare ?? Number.POSITIVE_INFINITY, Math.max(0, (at - r.runningFrom!) / r.limitMs)));
    }
    censored.sort((a, b) => a - b);
    const km = kaplanMeier(this.ended, censored);
    this.fit = { at, km };
    this.changed = false;
    return km;
  }
}

/**
 * Whether two samples of one clock place it alike in every stratum. A ticket's
 * event changes one or two of its clocks: re-placing all of them on every
 * event took a quarter of the core's main thread at 1,000 events/s on 10,000
 * open tickets (profiled).
 */
function sameSample(a: RiskSample, b: RiskSample): boolean {
  return (
    a.clock === b.clock &&
    a.limitMs === b.limitMs &&
    a.endedShare === b.endedShare &&
    a.runningFrom === b.runningFrom &&
    a.capShare === b.capShare &&
    a.profile.serviceGroup === b.profile.serviceGroup &&
    a.profile.tier === b.profile.tier &&
    a.profile.circuitLevel === b.profile.circuitLevel &&
    a.profile.city === b.profile.city
  );
}

/**
 * A conditional figure from fewer similar clocks that ran as long swings on one
 * or two of them (100 % from two survivors that both ended late): below this
 * many, a coarser stratum answers.
 */
export const MIN_AT_RISK = 10;

const NO_BASIS: RiskEstimate = { probability: null, expectedStopAt: null, expectedStopAtP80: null, basis: { similar: 0, stratum: '', scope: null } };

export class RiskHistory {
  private readonly samples = new Map<string, RiskSample>();
  private readonly strata = new Map<string, Stratum>();
  /** The strata a clock is pooled in, finest first, by its finest stratum's key (which names the coarser ones). */
  private readonly pools = new Map<string, Stratum[]>();

  constructor(readonly options: RiskHistoryOptions) {}

  get size(): number {
    return this.samples.size;
  }

  /** Adds a clock, or replaces what was known of it (nothing to do when that is the same). */
  upsert(sample: RiskSample): void {
    const known = this.samples.get(sample.id);
    if (known && sameSample(known, sample)) return;
    this.remove(sample.id);
    if (!(sample.limitMs > 0)) return;
    const strata = this.strataOf(sample);
    for (const stratum of strata) {
      if (sample.endedShare !== null) stratum.addEnded(sample.endedShare);
      else if (sample.runningFrom !== null) stratum.changed = true;
    }
    if (sample.endedShare === null && sample.runningFrom !== null) strata[0]!.running.add(sample);
    this.samples.set(sample.id, sample);
  }

  remove(id: string): void {
    const known = this.samples.get(id);
    if (!known) return;
    const strata = this.strataOf(known);
    for (const stratum of strata) {
      if (known.endedShare !== null) stratum.removeEnded(known.endedShare);
      else stratum.changed = true;
    }
    if (known.endedShare === null) strata[0]!.running.delete(known);
    this.samples.delete(id);
  }

  /** The share of the closed clocks of this name that ended past their limit (a backtest's baseline); null with none closed. */
  baseRate(clock: ClockName): number | null {
    const ended = this.strata.get(clock)?.ended;
    if (!ended || ended.length === 0) return null;
    return (ended.length - countUpTo(ended, 1)) / ended.length;
  }

  /**
   * The breach risk of a running clock at `query.at`, from the finest stratum
   * with at least `minSimilar` closed examples that has seen a clock run this long.
   */
  estimate(query: RiskQuery): RiskEstimate {
    if (!(query.limitMs > 0)) return NO_BASIS;
    const elapsedShare = Math.max(0, query.elapsedMs / query.limitMs);
    for (const depth of STRATUM_DEPTHS) {
      const key = stratumKey(query.clock, query.profile, depth);
      const stratum = this.strata.get(key);
      if (!stratum || stratum.ended.length < this.options.minSimilar) continue;
      const km = stratum.survivalAt(query.at, this.options.refitMs);
      // A conditional figure rests on those similar clocks that ran as long: too few, and a coarser stratum answers.
      if (atRiskAfter(km, elapsedShare) < this.options.minAtRisk) continue;
      const probability = conditionalExceedance(km, elapsedShare);
      if (probability === null) continue;
      const stopAt = (share: number | null) => (share === null ? null : this.stopInstant(query, share - elapsedShare));
      return {
        probability,
        expectedStopAt: stopAt(conditionalQuantile(km, elapsedShare, 0.5)),
        expectedStopAtP80: stopAt(conditionalQuantile(km, elapsedShare, 0.8)),
        basis: { similar: km.ended, stratum: key, scope: scopeAt(query.clock, query.profile, depth) },
      };
    }
    return NO_BASIS;
  }

  /** `at` plus the remaining share of the limit, counted as the limit counts (working days skip holidays). */
  private stopInstant(query: RiskQuery, remainingShare: number): number {
    const remaining = Math.max(0, remainingShare) * query.limitMs;
    if (query.limit !== null && 'workingDays' in query.limit) return addWorkingMs(defaultCalendar, query.at, remaining);
    return Math.round(query.at + remaining);
  }

  private strataOf(sample: RiskSample): Stratum[] {
    const finest = stratumKey(sample.clock, sample.profile, STRATUM_DEPTHS[0]);
    let strata = this.pools.get(finest);
    if (!strata) {
      strata = STRATUM_DEPTHS.map((depth) => this.stratum(stratumKey(sample.clock, sample.profile, depth)));
      // Once each: a key with a '/' in a field could name a coarser stratum of the same pool.
      for (const stratum of strata) if (!stratum.finest.includes(strata[0]!)) stratum.finest.push(strata[0]!);
      this.pools.set(finest, strata);
    }
    return strata;
  }

  private stratum(key: string): Stratum {
    let stratum = this.strata.get(key);
    if (!stratum) {
      stratum = new Stratum();
      this.strata.set(key, stratum);
    }
    return stratum;
  }
}

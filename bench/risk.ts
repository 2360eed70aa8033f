// Breach risk backtest (issue 17): a log is replayed in time order through the
// console's own fold and clocks (shared/domain, what the engine runs) and the
// console's risk model (shared/risk, refreshed per changed ticket as the core
// refreshes it); at every hour of the second half of its period every clock
// running short of its limit is scored, from the history known at that hour
// only, against how it really ended (the same log folded whole). Baselines: the clock's base rate
// (Brier), the plain elapsed share of the limit (ROC AUC; what a warning share
// ranks by), the nominal 80 % (stop-time coverage) and the warning share's own
// lead time. Also: what an incremental refit costs against rebuilding the history.
import { existsSync } from 'node:fs';
import { riskOfClock } from '../electron/core/risk/model';
import { breachInstant } from '../electron/core/store/projection';
import { BPI2013_PATH, loadBpi2013Events } from '../electron/simulator/bpi2013';
import { sequencedEvents } from '../electron/simulator/jsonl';
import { applyEvent, clocksAt, currentClocks, DEFAULT_RISK, foldTicket, loadDefaultPolicy, sortsAfter, type TicketFold } from '../shared/domain';
import { CLOCK_NAMES, type ClockName } from '../shared/domain/types';
import type { FeedEvent } from '../shared/protocol';
import { MIN_AT_RISK, profileOf, RiskHistory, sampleId, sampleOfStored, storedOfClock, type RiskProfile, type RiskSample } from '../shared/risk';
import { median, type BenchRow } from './table';

const HOUR = 3_600_000;

interface ClockRecord {
  id: string;
  clock: ClockName;
  profile: RiskProfile;
  startedAt: number;
  dueAt: number | null;
  warnAt: number | null;
  stoppedAt: number | null;
  elapsedMs: number | null;
  limitMs: number;
  breachAt: number | null;
}

/** The sample the clock is at `at`, as in the console (shared/risk sampleOfStored). */
function sampleAt(c: ClockRecord, at: number): RiskSample {
  const base = { id: c.id, clock: c.clock, profile: c.profile, limitMs: c.limitMs };
  if (c.stoppedAt !== null && c.elapsedMs !== null) {
    if (c.stoppedAt <= at) return { ...base, endedShare: c.elapsedMs / c.limitMs, runningFrom: null };
    return { ...base, endedShare: null, runningFrom: c.startedAt, capShare: c.elapsedMs / c.limitMs };
  }
  return { ...base, endedShare: null, runningFrom: c.dueAt !== null ? Math.max(c.startedAt, c.dueAt - c.limitMs) : c.startedAt };
}

/** ROC AUC of `score` for `y` (Mann–Whitney, ties counted half). */
export function rocAuc(scores: readonly number[], ys: readonly number[]): number | null {
  const order = scores.map((score, i) => ({ score, y: ys[i]! })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.score === order[i]!.score) j += 1;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]!.y === 1) {
      positives += 1;
      rankSum += rank;
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface Scores {
  n: number;
  brier: number;
  brierBase: number;
  auc: number | null;
  aucElapsed: number | null;
  coverage: number | null;
  coverageN: number;
  /** Median lead (ms) of the first "likely to breach" before the breach, over breaches flagged; the share flagged. */
  lead: number | null;
  recall: number;
  leadWarning: number | null;
  recallWarning: number;
  /** Clocks never breaching that were flagged at some hour, against those the warning share flagged. */
  falseFlags: number;
  falseFlagsWarning: number;
  /** Predictions asked for that had no basis (probability null). */
  unknown: number;
}

interface Prediction {
  clock: ClockName;
  p: number;
  base: number;
  share: number;
  y: number;
  covered: boolean | null;
}

function score(predictions: readonly Prediction[], flags: Map<string, { clock: ClockName; y: number; breachAt: number | null; risk: number | null; warning: number | null }>, unknown: number, clock?: ClockName): Scores {
  const mine = clock ? predictions.filter((p) => p.clock === clock) : predictions;
  const mean = (values: number[]) => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);
  const covered = mine.filter((p) => p.covered !== null);
  const flagged = [...flags.values()].filter((f) => !clock || f.clock === clock);
  const breaches = flagged.filter((f) => f.y === 1);
  const met = flagged.filter((f) => f.y === 0);
  const leads = (pick: (f: (typeof flagged)[number]) => number | null) =>
    breaches.flatMap((f) => {
      const at = pick(f);
      return at === null || f.breachAt === null ? [] : [f.breachAt - at];
    });
  const riskLeads = leads((f) => f.risk);
  const warningLeads = leads((f) => f.warning);
  return {
    n: mine.length,
    brier: mean(mine.map((p) => (p.p - p.y) ** 2)),
    brierBase: mean(mine.map((p) => (p.base - p.y) ** 2)),
    auc: rocAuc(mine.map((p) => p.p), mine.map((p) => p.y)),
    aucElapsed: rocAuc(mine.map((p) => p.share), mine.map((p) => p.y)),
    coverage: covered.length === 0 ? null : covered.filter((p) => p.covered).length / covered.length,
    coverageN: covered.length,
    lead: riskLeads.length === 0 ? null : median(riskLeads),
    recall: breaches.length === 0 ? 0 : riskLeads.length / breaches.length,
    leadWarning: warningLeads.length === 0 ? null : median(warningLeads),
    recallWarning: breaches.length === 0 ? 0 : warningLeads.length / breaches.length,
    falseFlags: met.length === 0 ? 0 : met.filter((f) => f.risk !== null).length / met.length,
    falseFlagsWarning: met.length === 0 ? 0 : met.filter((f) => f.warning !== null).length / met.length,
    unknown,
  };
}

interface Backtest {
  overall: Scores;
  perClock: Map<ClockName, Scores>;
  hours: number;
  refit: { incrementalMs: number; rebuildMs: number; largest: number };
}

/** Scores every hour of [from, to] (the second half of the period), the history advancing hour by hour. */
function backtest(events: readonly FeedEvent[], from: number, to: number): Backtest {
  const policy = loadDefaultPolicy();
  const ordered = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  const dataEnd = Date.parse(ordered[ordered.length - 1]!.at);
  // How each clock really ended: the whole log folded.
  const byTicket = new Map<string, FeedEvent[]>();
  for (const event of ordered) {
    const list = byTicket.get(event.ticketId);
    if (list) list.push(event);
    else byTicket.set(event.ticketId, [event]);
  }
  const outcome = new Map<string, { y: number; breachAt: number | null; stoppedAt: number | null }>();
  const clocks: ClockRecord[] = [];
  for (const [ticketId, list] of byTicket) {
    const evaluation = clocksAt(foldTicket(list, ticketId), [], policy, dataEnd);
    const profile = profileOf(evaluation.facts);
    for (const clock of evaluation.clocks) {
      if (clock.state === 'notApplicable' || clock.startedAt === null || !(clock.limitMs > 0)) continue;
      const breachAt = breachInstant(clock);
      const y = breachAt !== null && breachAt <= dataEnd ? 1 : clock.stoppedAt !== null ? 0 : -1;
      const id = sampleId(ticketId, clock.name, clock.index);
      outcome.set(id, { y, breachAt, stoppedAt: clock.stoppedAt });
      clocks.push({ id, clock: clock.name, profile, startedAt: clock.startedAt, dueAt: clock.dueAt, warnAt: clock.warnAt, stoppedAt: clock.stoppedAt,
        elapsedMs: clock.stoppedAt !== null ? Math.round(clock.elapsedMs) : null, limitMs: Math.round(clock.limitMs), breachAt });
    }
  }

  const history = new RiskHistory({ minSimilar: DEFAULT_RISK.minSimilar, minAtRisk: MIN_AT_RISK, refitMs: 0 });
  const folds = new Map<string, { events: FeedEvent[]; fold: TicketFold }>();
  const samplesOf = new Map<string, string[]>();
  /** Tickets with a clock running at their last evaluation: the ones scored each hour. */
  const live = new Set<string>();
  const dirty = new Set<string>();
  const refresh = (ticketId: string, at: number) => {
    for (const id of samplesOf.get(ticketId) ?? []) history.remove(id);
    const { fold } = folds.get(ticketId)!;
    const evaluation = clocksAt(fold, [], policy, at);
    const profile = profileOf(evaluation.facts);
    const ids: string[] = [];
    let running = false;
    for (const clock of evaluation.clocks) {
      const stored = storedOfClock(ticketId, clock, profile);
      const sample = stored && sampleOfStored(stored, at);
      if (!sample) continue;
      history.upsert(sample);
      ids.push(sample.id);
      if (clock.stoppedAt === null) running = true;
    }
    samplesOf.set(ticketId, ids);
    if (running) live.add(ticketId);
    else live.delete(ticketId);
  };

  const predictions: Prediction[] = [];
  const flags = new Map<string, { clock: ClockName; y: number; breachAt: number | null; risk: number | null; warning: number | null }>();
  let unknown = 0;
  let hours = 0;
  let next = 0;
  const first = Date.parse(ordered[0]!.at);
  for (let at = Math.ceil(first / HOUR) * HOUR; at <= to; at += HOUR) {
    // The events up to this hour, folded as the engine folds them; each changed ticket's clocks refreshed in the history.
    for (; next < ordered.length && Date.parse(ordered[next]!.at) <= at; next++) {
      const event = ordered[next]!;
      const kept = folds.get(event.ticketId);
      if (!kept) folds.set(event.ticketId, { events: [event], fold: foldTicket([event], event.ticketId) });
      else {
        kept.events.push(event);
        kept.fold = sortsAfter(kept.fold, event) ? applyEvent(kept.fold, event) : foldTicket(kept.events, event.ticketId);
      }
      dirty.add(event.ticketId);
    }
    for (const ticketId of dirty) refresh(ticketId, at);
    dirty.clear();
    if (at < from) continue;
    hours += 1;
    for (const ticketId of [...live]) {
      const evaluation = clocksAt(folds.get(ticketId)!.fold, [], policy, at);
      let running = false;
      for (const clock of currentClocks(evaluation)) {
        if (clock.stoppedAt !== null || clock.state === 'notApplicable') continue;
        running = true;
        const id = sampleId(ticketId, clock.name, clock.index);
        const known = outcome.get(id);
        if (!known || known.y < 0) continue;
        const risk = riskOfClock(history, clock, evaluation.facts, policy, at);
        if (!risk) continue;
        const flag = flags.get(id) ?? { clock: clock.name, y: known.y, breachAt: known.breachAt, risk: null, warning: null };
        flags.set(id, flag);
        if (flag.warning === null && clock.state === 'warning') flag.warning = at;
        if (risk.probability === null) {
          unknown += 1;
          continue;
        }
        if (flag.risk === null && risk.likely) flag.risk = at;
        const p80 = risk.expectedStopAtP80;
        const covered = p80 === null ? null : known.stoppedAt !== null ? known.stoppedAt <= p80 : p80 < dataEnd ? false : null;
        predictions.push({ clock: clock.name, p: risk.probability, base: history.baseRate(clock.name) ?? 0, share: clock.elapsedMs / clock.limitMs, y: known.y, covered });
      }
      if (!running) live.delete(ticketId);
    }
  }
  const perClock = new Map<ClockName, Scores>();
  for (const clock of CLOCK_NAMES) {
    const s = score(predictions, flags, 0, clock);
    if (s.n > 0) perClock.set(clock, s);
  }
  // Refit cost: one repair stops, then an estimate from the stratum of every repair (the largest fit: a profile
  // known nowhere falls through to it); against rebuilding the whole history.
  const repair = clocks.filter((c) => c.clock === 'repair');
  const probe = repair[repair.length - 1] ?? clocks[0]!;
  const nowhere: RiskProfile = { serviceGroup: null, tier: null, circuitLevel: null, city: null };
  const query = { clock: 'repair' as const, profile: nowhere, elapsedMs: 0, limitMs: probe.limitMs, limit: null, at: dataEnd };
  const incremental: number[] = [];
  for (let run = 0; run < 21; run++) {
    const sample: RiskSample = { id: `probe-${run % 2}`, clock: 'repair', profile: nowhere, limitMs: probe.limitMs, endedShare: 0.5 + run / 100, runningFrom: null };
    const started = performance.now();
    history.upsert(sample);
    history.estimate(query);
    incremental.push(performance.now() - started);
  }
  const rebuilds: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const fresh = new RiskHistory({ minSimilar: DEFAULT_RISK.minSimilar, minAtRisk: MIN_AT_RISK, refitMs: 0 });
    for (const c of clocks) fresh.upsert(sampleAt(c, dataEnd));
    fresh.estimate(query);
    rebuilds.push(performance.now() - started);
  }
  return {
    overall: score(predictions, flags, unknown),
    perClock,
    hours,
    refit: { incrementalMs: median(incremental), rebuildMs: median(rebuilds), largest: clocks.filter((c) => c.clock === 'repair').length },
  };
}

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const minutes = (ms: number | null) => (ms === null ? NaN : ms / 60_000);

function rowsOf(name: string, s: Scores, scope: string): BenchRow[] {
  const skill = 1 - s.brier / s.brierBase;
  return [
    {
      figure: `risk ${name}, ${scope}: Brier score (skill ${Number.isFinite(skill) ? skill.toFixed(2) : '—'}; ${s.n.toLocaleString('en')} hourly predictions)`,
      value: s.brier,
      unit: '',
      baseline: s.brierBase,
      baselineLabel: "the clock's base rate in the history then",
      target: 'skill ≥ 0.15',
      met: Number.isFinite(skill) ? skill >= 0.15 : null,
    },
    {
      figure: `risk ${name}, ${scope}: ROC AUC of the probability`,
      value: s.auc ?? NaN,
      unit: '',
      baseline: s.aucElapsed,
      baselineLabel: 'AUC of the elapsed share of the limit (what a warning share ranks by)',
      target: '≥ baseline + 0.05',
      met: s.auc === null || s.aucElapsed === null ? null : s.auc >= s.aucElapsed + 0.05,
    },
    {
      figure: `risk ${name}, ${scope}: clocks stopped by the P80 stop time (${s.coverageN.toLocaleString('en')} scored)`,
      value: (s.coverage ?? NaN) * 100,
      unit: '%',
      baseline: 80,
      baselineLabel: 'nominal',
      target: '75–85 %',
      met: s.coverage === null ? null : s.coverage >= 0.75 && s.coverage <= 0.85,
    },
    {
      figure: `risk ${name}, ${scope}: median lead of the first "likely to breach" (flags ${pct(s.recall)} of breaches, ${pct(s.falseFlags)} of the met)`,
      value: minutes(s.lead),
      unit: 'min',
      baseline: minutes(s.leadWarning),
      baselineLabel: `the warning share's lead, same hourly checks (flags ${pct(s.recallWarning)} of breaches, ${pct(s.falseFlagsWarning)} of the met)`,
      target: '> baseline',
      met: s.lead === null || s.leadWarning === null ? null : s.lead > s.leadWarning,
    },
  ];
}

function detailTable(name: string, test: Backtest): string {
  const lines = [`risk ${name}: per clock (${test.hours} hours scored; ${test.overall.unknown.toLocaleString('en')} predictions without basis)`];
  lines.push('clock              n       Brier  base   skill  AUC    elapsed-AUC  P80-cover  lead-min  warn-lead-min  recall  warn-recall');
  const f = (v: number | null, digits = 3) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));
  for (const [clock, s] of [...test.perClock, ['overall', test.overall] as const]) {
    lines.push(
      [
        clock.padEnd(18),
        String(s.n).padEnd(7),
        f(s.brier).padEnd(6),
        f(s.brierBase).padEnd(6),
        f(1 - s.brier / s.brierBase, 2).padEnd(6),
        f(s.auc).padEnd(6),
        f(s.aucElapsed).padEnd(12),
        (s.coverage === null ? '—' : pct(s.coverage)).padEnd(10),
        f(minutes(s.lead), 0).padEnd(9),
        f(minutes(s.leadWarning), 0).padEnd(14),
        pct(s.recall).padEnd(7),
        pct(s.recallWarning),
      ].join(' '),
    );
  }
  return lines.join('\n');
}

/** The second half of [first, last] of the tickets' creation, as a period of about a month. */
function secondHalf(events: readonly FeedEvent[], trim: number): { from: number; to: number } {
  const created = events.filter((e) => e.type === 'created').map((e) => Date.parse(e.at)).sort((a, b) => a - b);
  const first = created[Math.floor(trim * (created.length - 1))]!;
  const last = created[Math.floor((1 - trim / 5) * (created.length - 1))]!;
  return { from: first + (last - first) / 2, to: last };
}

export async function benchRisk(options: { smoke: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const details: string[] = [];
  const run = async (name: string, events: FeedEvent[], trim: number) => {
    const { from, to } = secondHalf(events, trim);
    const test = backtest(events, from, to);
    rows.push(...rowsOf(name, test.overall, 'every clock'));
    const repair = test.perClock.get('repair');
    if (repair) rows.push(...rowsOf(name, repair, 'repair'));
    details.push(detailTable(name, test));
    return test;
  };

  // The simulated province: a month (about 830 tickets a day), a few days in the smoke run.
  const start = Date.parse('2026-10-01T00:00:00+08:00');
  const simulated = await run(options.smoke ? 'simulated 3 days' : 'simulated month', [...sequencedEvents({ seed: 17, start, tickets: options.smoke ? 2_500 : 25_000, source: 'all' })], 0);

  // The real BPI 2013 log, its month of most tickets (creation's 5th to 99th percentile).
  const bpiPath = process.env.NOC_BPI2013 ?? BPI2013_PATH;
  if (!options.smoke && existsSync(bpiPath)) await run('BPI 2013', await loadBpi2013Events(bpiPath), 0.05);
  else if (!options.smoke) details.push(`risk BPI 2013: skipped, the log is not at ${bpiPath} (set NOC_BPI2013)`);

  const { refit } = simulated;
  rows.push({
    figure: `risk: refit after one repair stops (${refit.largest.toLocaleString('en')} repairs pooled) and an estimate from it`,
    value: refit.incrementalMs,
    unit: 'ms',
    baseline: refit.rebuildMs,
    baselineLabel: 'rebuilding the whole history and estimating',
    target: '—',
    met: null,
  });
  console.log(details.join('\n\n'));
  return rows;
}

// Breach risk backtest (issue 17): a log is ingested into a real cache by the
// console's engine, then at every hour of the second half of its period every
// clock running short of its limit is scored, from the history known at that
// hour only, against how it really ended. Baselines: the clock's base rate
// (Brier), the plain elapsed share of the limit (ROC AUC; what a warning share
// ranks by), the nominal 80 % (stop-time coverage) and the warning share's own
// lead time. Also: what an incremental refit costs against rebuilding the history.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Engine } from '../electron/core/ingest/engine';
import { Store } from '../electron/core/store/db';
import { BPI2013_PATH, loadBpi2013Events } from '../electron/simulator/bpi2013';
import { sequencedEvents } from '../electron/simulator/jsonl';
import { DEFAULT_RISK, loadDefaultPolicy } from '../shared/domain';
import { CLOCK_NAMES, type ClockName } from '../shared/domain/types';
import type { FeedEvent } from '../shared/protocol';
import { MIN_AT_RISK, profileFrom, RiskHistory, type RiskProfile, type RiskSample } from '../shared/risk';
import { median, type BenchRow } from './table';

const HOUR = 3_600_000;
const SOURCE = { id: 'bench-risk', name: 'risk backtest', level: 'province' as const };

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

/** The log's events through the engine into a fresh cache; every clock row as the whole log decided it. */
async function ingestClocks(events: readonly FeedEvent[], dir: string, name: string): Promise<{ clocks: ClockRecord[]; end: number }> {
  const file = join(dir, `${name}.db`);
  rmSync(file, { force: true });
  const end = events.reduce((latest, event) => Math.max(latest, Date.parse(event.at)), 0);
  const store = Store.open(file);
  const engine = await Engine.open(store, { policy: loadDefaultPolicy(), now: () => end });
  engine.registerSource(SOURCE, 'http://127.0.0.1:1');
  await engine.ingest(SOURCE.id, events);
  await engine.flushed();
  await store.close();
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT ticket_id, name, idx, city, service, tier, circuit_level, started_at, due_at, warn_at, stopped_at, elapsed_ms, limit_ms, breach_at
           FROM clocks WHERE started_at IS NOT NULL AND limit_ms > 0`,
      )
      .all() as Record<string, string | number | null>[];
    const known = new Set<string>(CLOCK_NAMES);
    const clocks = rows
      .filter((row) => known.has(row.name as string))
      .map((row) => ({
        id: `${row.ticket_id}/${row.name}/${row.idx}`,
        clock: row.name as ClockName,
        profile: profileFrom(row.service as string | null, row.tier as string | null, row.circuit_level as string | null, row.city as string | null),
        startedAt: row.started_at as number,
        dueAt: row.due_at as number | null,
        warnAt: row.warn_at as number | null,
        stoppedAt: row.stopped_at as number | null,
        elapsedMs: row.elapsed_ms as number | null,
        limitMs: row.limit_ms as number,
        breachAt: row.breach_at as number | null,
      }));
    return { clocks, end };
  } finally {
    db.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
}

/** Its elapsed time at `at` as far as the row tells (wall time since its start, never beyond where it stopped or from its due instant). */
function elapsedAt(c: ClockRecord, at: number): number {
  if (c.stoppedAt !== null && c.elapsedMs !== null) return Math.min(at - c.startedAt, c.elapsedMs);
  if (c.dueAt !== null) return Math.max(0, c.limitMs - (c.dueAt - at));
  return at - c.startedAt;
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
function backtest(clocks: readonly ClockRecord[], from: number, to: number, dataEnd: number): Backtest {
  const policy = loadDefaultPolicy();
  const threshold = DEFAULT_RISK.threshold;
  const history = new RiskHistory({ minSimilar: DEFAULT_RISK.minSimilar, minAtRisk: MIN_AT_RISK, refitMs: 0 });
  // What changes the history: a clock starting (running), a clock stopping (ended); in time order.
  const changes = [
    ...clocks.map((c) => ({ at: c.startedAt, c })),
    ...clocks.filter((c) => c.stoppedAt !== null).map((c) => ({ at: c.stoppedAt!, c })),
  ].sort((a, b) => a.at - b.at);
  const byStart = [...clocks].sort((a, b) => a.startedAt - b.startedAt);
  let nextChange = 0;
  let nextStart = 0;
  const active = new Set<ClockRecord>();
  const predictions: Prediction[] = [];
  const flags = new Map<string, { clock: ClockName; y: number; breachAt: number | null; risk: number | null; warning: number | null }>();
  let unknown = 0;
  let hours = 0;
  for (let at = Math.ceil(from / HOUR) * HOUR; at <= to; at += HOUR) {
    hours += 1;
    while (nextChange < changes.length && changes[nextChange]!.at <= at) history.upsert(sampleAt(changes[nextChange++]!.c, at));
    while (nextStart < byStart.length && byStart[nextStart]!.startedAt <= at) active.add(byStart[nextStart++]!);
    for (const c of active) {
      if (c.stoppedAt !== null && c.stoppedAt <= at) {
        active.delete(c);
        continue;
      }
      if (c.breachAt !== null && c.breachAt <= at) continue;
      // How it ended: breached (by the data's end), met, or not known yet (still running short of its limit).
      const y = c.breachAt !== null && c.breachAt <= dataEnd ? 1 : c.stoppedAt !== null ? 0 : -1;
      if (y < 0) continue;
      const elapsed = elapsedAt(c, at);
      if (elapsed > c.limitMs) continue;
      const estimate = history.estimate({ clock: c.clock, profile: c.profile, elapsedMs: elapsed, limitMs: c.limitMs, limit: null, at });
      const flag = flags.get(c.id) ?? { clock: c.clock, y, breachAt: c.breachAt, risk: null, warning: null };
      flags.set(c.id, flag);
      if (flag.warning === null && elapsed >= policy.warningShare * c.limitMs) flag.warning = at;
      if (estimate.probability === null) {
        unknown += 1;
        continue;
      }
      if (flag.risk === null && estimate.probability >= threshold) flag.risk = at;
      const p80 = estimate.expectedStopAtP80;
      const covered = p80 === null ? null : c.stoppedAt !== null ? c.stoppedAt <= p80 : p80 < dataEnd ? false : null;
      predictions.push({ clock: c.clock, p: estimate.probability, base: history.baseRate(c.clock) ?? 0, share: elapsed / c.limitMs, y, covered });
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
  const dir = join('artifacts', 'bench');
  mkdirSync(dir, { recursive: true });
  const rows: BenchRow[] = [];
  const details: string[] = [];
  const run = async (name: string, events: FeedEvent[], trim: number) => {
    const { clocks, end } = await ingestClocks(events, dir, `risk-${name}`);
    const { from, to } = secondHalf(events, trim);
    const test = backtest(clocks, from, to, end);
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

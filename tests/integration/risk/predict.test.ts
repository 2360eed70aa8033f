// `noc predict` on a cache whose answer is known by construction, and the
// board rows' risk: honest at an earlier moment (nothing later leaks in), the
// same from a cache that holds only the events up to then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { boardRow, riskDaily as riskDailySchema } from '../../../shared/contract';
import { riskDaily } from '../../../electron/core/risk/daily';
import { Engine } from '../../../electron/core/ingest/engine';
import { boardRows } from '../../../electron/core/board/rows';
import { RISK_WATCH_MS, riskModelOf, WATCH_SLICE_MS } from '../../../electron/core/risk/model';
import { manualTimers } from '../../support/timers';
import type { Timers } from '../../../electron/core/timers';
import { Store } from '../../../electron/core/store/db';
import { loadDefaultPolicy, type Policy } from '../../../shared/domain';
import { openTemp, tempDir } from '../support/cache';
import { LIMIT_MS, OPEN_AT_T1, OPEN_AT_T2, riskFixtureEvents, SOURCE, T1, T2, writeRiskCache } from './fixture';

const ROOT = resolve(__dirname, '../../..');
const NOC = resolve(ROOT, 'electron/cli/noc.ts');
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('.000Z', '+08:00');

async function noc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', NOC, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}

interface PredictJson {
  at: string;
  policyVersion: string;
  predictions: {
    source: string;
    ticketId: string;
    clock: string;
    index: number;
    elapsedMs: number;
    limitMs: number;
    probability: number | null;
    expectedStopAt: string | null;
    expectedStopAtP80: string | null;
    basis: { similar: number; stratum: string };
  }[];
}

const policy = loadDefaultPolicy();
// The check clock (核实) runs on major faults and is due every 30 minutes: the board would count it down, not the repair.
const noCheck: Policy = { ...policy, clocks: { ...policy.clocks, check: { ...policy.clocks.check, majorFaults: false } } };

/** A console's engine on `store` that has heard the fixture's events up to T1, its clock at T1. */
async function liveAtT1(store: Store, fixture?: Parameters<typeof riskFixtureEvents>[0]) {
  const clock = { now: T1 };
  const engine = await Engine.open(store, { policy: noCheck, now: () => clock.now });
  engine.registerSource(SOURCE, 'http://127.0.0.1:1');
  const events = riskFixtureEvents(fixture);
  await engine.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) <= T1));
  await engine.flushed();
  return { clock, engine, events };
}

describe('breach risk on a history known by construction', () => {
  const dir = tempDir('risk');
  let db: string;
  beforeAll(async () => {
    db = await writeRiskCache(dir, policy);
  }, 120_000);
  afterAll(() => dir.remove());

  it('noc predict at T1: exactly 12 of 40 similar repairs ran past the limit, later closures unseen', async () => {
    const run = await noc(['predict', '--db', db, '--at', iso(T1), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as PredictJson;
    expect(out.at).toBe(iso(T1));
    expect(out.policyVersion).toBe(policy.version);
    const repair = out.predictions.find((p) => p.ticketId === OPEN_AT_T1 && p.clock === 'repair');
    expect(repair).toEqual({
      source: SOURCE.id,
      ticketId: OPEN_AT_T1,
      clock: 'repair',
      index: 0,
      elapsedMs: 0.1 * LIMIT_MS,
      limitMs: LIMIT_MS,
      probability: 12 / 40,
      // Given a tenth of the limit run: 28 of 40 stop at half the limit (the median), the rest at 1.5 × it (the 80th percentile).
      expectedStopAt: iso(T1 + 0.4 * LIMIT_MS),
      expectedStopAtP80: iso(T1 + 1.4 * LIMIT_MS),
      basis: { similar: 40, stratum: 'repair/bandwidth/localA/AAA/南京' },
    });
    // Only clocks running short of their limit; the second open ticket does not exist yet.
    expect(out.predictions.every((p) => p.elapsedMs <= p.limitMs)).toBe(true);
    expect(out.predictions.some((p) => p.ticketId === OPEN_AT_T2)).toBe(false);
  }, 120_000);

  it('noc predict at T2: 52 of 80 closed late, and the repair still running since T1 counts as surviving past its limit (censored)', async () => {
    const run = await noc(['predict', '--db', db, '--at', iso(T2), '--level', 'all', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as PredictJson;
    const repair = out.predictions.find((p) => p.ticketId === OPEN_AT_T2 && p.clock === 'repair')!;
    // Kaplan–Meier: at half the limit 81 at risk (80 closed + the censored one), 28 stop: S(1) = 53/81.
    expect(repair.probability).toBeCloseTo(53 / 81, 12);
    expect(repair.basis).toEqual({ similar: 80, stratum: 'repair/bandwidth/localA/AAA/南京' });
    // T1's repair is breached at T2: not predicted.
    expect(out.predictions.some((p) => p.ticketId === OPEN_AT_T1 && p.clock === 'repair')).toBe(false);
  }, 120_000);

  it('says so when the cache has too little history: probability null, basis 0', async () => {
    const run = await noc(['predict', '--db', db, '--at', iso(T1 - 90 * 3_600_000), '--level', 'all', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as PredictJson;
    expect(out.predictions.length).toBeGreaterThan(0);
    for (const p of out.predictions) expect({ probability: p.probability, basis: p.basis }).toEqual({ probability: null, basis: { similar: 0, stratum: '' } });
  }, 120_000);

  it('refuses a bad level or a missing --at with its usage', async () => {
    const bad = await noc(['predict', '--db', db, '--at', iso(T1), '--level', 'city', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--level must be group, province or all/);
    const missing = await noc(['predict', '--db', db, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--at/);
  }, 120_000);

  it("the province board's row carries the repair's risk, flagged at the threshold, the same as from a cache holding only the events up to T1", async () => {
    const full = Store.open(db, { readonly: true });
    const upTo = openTemp(dir, 'upto-t1.db');
    try {
      const engine = await Engine.open(full, { policy: noCheck, now: () => T2 + 3_600_000 });
      const [row] = boardRows(engine, 'province', T1).filter((r) => r.ticketId === OPEN_AT_T1);
      expect(boardRow.parse(row)).toEqual(row);
      expect(row!.risk).toMatchObject({ clock: 'repair', index: 0, probability: 12 / 40, likely: false, basis: { similar: 40 } });
      const strict: Policy = { ...noCheck, risk: { threshold: 0.3, minSimilar: 30 } };
      const flagged = await Engine.open(full, { policy: strict, now: () => T2 + 3_600_000 });
      expect(boardRows(flagged, 'province', T1).find((r) => r.ticketId === OPEN_AT_T1)!.risk!.likely).toBe(true);

      const partial = await Engine.open(upTo, { policy: noCheck, now: () => T1 });
      partial.registerSource(SOURCE, 'http://127.0.0.1:1');
      await partial.ingest(SOURCE.id, riskFixtureEvents().filter((e) => Date.parse(e.at) <= T1));
      await partial.flushed();
      expect(boardRows(partial, 'province', T1)).toEqual(boardRows(engine, 'province', T1));
    } finally {
      await full.close();
      await upTo.close();
    }
  }, 120_000);

  it('refits incrementally as tickets close: the live history after the later closures equals one built from the cache at T2', async () => {
    const live = openTemp(dir, 'live.db');
    const full = Store.open(db, { readonly: true });
    try {
      const { clock, engine, events } = await liveAtT1(live);
      const atT1 = boardRows(engine, 'province', T1).find((r) => r.ticketId === OPEN_AT_T1)!;
      expect(atT1.risk!.probability).toBe(12 / 40);
      // The model is loaded now; what follows reaches it only through the engine's change listener,
      // a few events at a time, so a ticket changes many times and most of its clocks stay where they were.
      clock.now = T2;
      const later = events.filter((e) => Date.parse(e.at) > T1);
      for (let from = 0; from < later.length; from += 7) {
        await engine.ingest(SOURCE.id, later.slice(from, from + 7));
        await engine.flushed();
      }
      const liveRows = boardRows(engine, 'province', T2);
      expect(liveRows.find((r) => r.ticketId === OPEN_AT_T2)!.risk!.probability).toBeCloseTo(53 / 81, 12);
      const rebuilt = await Engine.open(full, { policy: noCheck, now: () => T2 + 3_600_000 });
      expect(liveRows).toEqual(boardRows(rebuilt, 'province', T2));
    } finally {
      await live.close();
      await full.close();
    }
  }, 120_000);

  it('a console warms its history up in slices after the start: rows carry no risk until it is in, then watch sends every row that has one, the same as a history loaded at once', async () => {
    const warm = openTemp(dir, 'warm.db');
    const full = Store.open(db, { readonly: true });
    try {
      const { clock, engine, events } = await liveAtT1(warm);
      const { timers, advanceTo } = manualTimers(clock);
      const model = riskModelOf(engine);
      const warmed = model.warmUp(timers);
      const moved: string[][] = [];
      const stop = model.watch((keys) => moved.push([...keys]), timers);
      expect(boardRows(engine, 'province', T1).every((row) => row.risk === null)).toBe(true);
      // A change while it warms up is taken as it is on disk once the rows are in.
      clock.now = T2;
      await engine.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) > T1));
      await engine.flushed();
      advanceTo(T2);
      await warmed;
      await Promise.resolve();
      const rows = boardRows(engine, 'province', T2);
      expect(rows.find((r) => r.ticketId === OPEN_AT_T2)!.risk!.probability).toBeCloseTo(53 / 81, 12);
      const withRisk = rows.filter((r) => r.risk !== null).map((r) => r.key);
      expect(withRisk.length).toBeGreaterThan(0);
      expect(moved.flat()).toEqual(expect.arrayContaining(withRisk));
      const loadedAtOnce = await Engine.open(full, { policy: noCheck, now: () => T2 + 3_600_000 });
      expect(rows).toEqual(boardRows(loadedAtOnce, 'province', T2));
      stop();
    } finally {
      await warm.close();
      await full.close();
    }
  }, 120_000);

  it('the minute pass sends again only rows it saw before whose risk moved, not those opened since (their rows went out with their risk)', async () => {
    const store = openTemp(dir, 'watch.db');
    try {
      const { clock, engine, events } = await liveAtT1(store);
      const { timers, advanceTo } = manualTimers(clock);
      const model = riskModelOf(engine);
      expect(model.size).toBeGreaterThan(0); // loaded at once: the first pass records what each row showed
      const moved: string[][] = [];
      const stop = model.watch((keys) => moved.push([...keys]), timers);
      const seenFirst = new Set(engine.openKeys());
      clock.now = T2;
      await engine.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) > T1));
      await engine.flushed();
      const openedSince = [...engine.openKeys()].filter((key) => !seenFirst.has(key));
      expect(openedSince).toContain(`${SOURCE.id}:${OPEN_AT_T2}`);
      advanceTo(T2 + RISK_WATCH_MS);
      expect(moved.flat().filter((key) => openedSince.includes(key))).toEqual([]);
      // Seen by that pass, they are followed from then on like the others.
      clock.now = T2 + 0.6 * LIMIT_MS;
      advanceTo(clock.now + RISK_WATCH_MS);
      const rows = boardRows(engine, 'province', clock.now);
      const opened = rows.find((row) => row.ticketId === OPEN_AT_T2);
      expect(opened?.risk).toBeTruthy();
      expect(moved.flat()).toContain(opened!.key);
      stop();
    } finally {
      await store.close();
    }
  }, 120_000);

  it('the minute pass yields between slices of its time and finds the rows one piece would', async () => {
    const store = openTemp(dir, 'watch-slices.db');
    try {
      const { clock, engine, events } = await liveAtT1(store, { alsoOpenAtT1: 6 });
      const { timers, advanceTo } = manualTimers(clock);
      let yields = 0;
      const counted: Timers = { set: (callback, delayMs) => ((yields += delayMs === 0 ? 1 : 0), timers.set(callback, delayMs)), clear: timers.clear };
      const model = riskModelOf(engine);
      const inOnePiece: string[] = [];
      const sliced: string[] = [];
      // A clock that never reaches a slice's end, and one that passes it with each ticket.
      const stopWhole = model.watch((keys) => inOnePiece.push(...keys), timers, () => 0);
      let ms = 0;
      const stopSliced = model.watch((keys) => sliced.push(...keys), counted, () => (ms += WATCH_SLICE_MS));
      advanceTo(clock.now); // the first pass's slices, which only record
      clock.now = T2;
      await engine.ingest(SOURCE.id, events.filter((e) => Date.parse(e.at) > T1));
      await engine.flushed();
      const open = [...engine.openKeys()].length;
      expect(open).toBeGreaterThan(6);
      yields = 0;
      advanceTo(clock.now); // the pass due a minute after T1's, at T2
      expect(yields).toBe(open - 1);
      expect(inOnePiece.length).toBeGreaterThan(0);
      expect([...sliced].sort()).toEqual([...inOnePiece].sort());
      stopWhole();
      stopSliced();
    } finally {
      await store.close();
    }
  }, 120_000);

  it('the statistics tile: breaches predicted at each clock\'s start, from the history then, beside those that happened, per day', () => {
    const full = Store.open(db, { readonly: true });
    try {
      const daily = riskDaily(full, policy, { from: T1, to: T2 });
      expect(riskDailySchema.parse(daily)).toEqual(daily);
      expect(daily.days[0]!.dayStart).toBeLessThanOrEqual(T1);
      const sum = (pick: (d: (typeof daily.days)[number]) => number) => daily.days.reduce((total, d) => total + pick(d), 0);
      // The 40 later repairs all ran past the limit; at the start of each the history said 12 of 40 at first, rising as they closed late.
      expect(sum((d) => d.actual)).toBeGreaterThanOrEqual(40);
      expect(sum((d) => d.predicted)).toBeGreaterThan(40 * (12 / 40) - 1e-9);
      expect(sum((d) => d.predicted)).toBeLessThan(sum((d) => d.clocks));
    } finally {
      void full.close();
    }
  });
});


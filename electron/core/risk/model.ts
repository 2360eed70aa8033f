// The console's breach-risk model: the history of clocks kept in memory, pooled
// by stratum (shared/risk), loaded once from the cache and then refitted as
// tickets change on disk (the engine's change listener: a ticket's clocks are
// replaced in their strata, a stopping clock inserted among its stratum's
// sorted ending shares). A moment before the last change (`noc board --at`,
// `noc predict`) gets a history of its own, built from the stored clocks as
// the events up to it tell them, so nothing later leaks into it.
import type { ClockDto, RiskDto } from '../../../shared/contract';
import type { Clock } from '../../../shared/domain/types';
import { liveClockState } from '../../../shared/board/urgency';
import {
  clocksAt,
  currentClocks,
  defaultCalendar,
  riskSettings,
  workingMsBetween,
  type Evaluation,
  type Policy,
  type TicketFacts,
} from '../../../shared/domain';
import { NODE_TIMERS, type Timers } from '../timers';
import { CLOCK_NAMES, type ClockName } from '../../../shared/domain/types';
import {
  MIN_AT_RISK,
  profileFrom,
  profileOf,
  RiskHistory,
  sampleOfStored,
  storedOfClock,
  type RiskProfile,
  type RiskSample,
  type StoredClock,
} from '../../../shared/risk';
import { allClocks } from '../ingest/kept';
import { stateFromStore, ticketKeyOf } from '../ingest/tickets';
import type { Engine } from '../ingest/engine';
import type { Store } from '../store/db';
import type { RiskClockRow } from '../store/risk';

/** How far back the history reaches: long enough for rare strata, short enough to follow how the province works now. */
export const RISK_WINDOW_MS = 90 * 24 * 3_600_000;
/**
 * The console refits a stratum at most this often when its clocks change: a
 * busy console changes the coarse strata with every write. Measured in the
 * bench's risk rows (refit of the coarsest stratum).
 */
export const LIVE_REFIT_MS = 10_000;
/** How often rows are checked for a risk that moved with time alone. */
export const RISK_WATCH_MS = 60_000;
/** A moment this close to the last change is answered from the live history. */
const LIVE_TOLERANCE_MS = 60_000;
/**
 * A warm-up slice's length before it yields to the event loop (requests, events, pushes). The start's other passes
 * (the deadlines' first pass, the alarms' log and first derivation, the risk watch) yield as it does, each with a
 * timer of its own, and a turn's timers phase runs every one that is due: their slices add up in one turn. With 10
 * ms slices (and pages of 500 clocks, 1,000 tickets a deadline slice, 10 ms alarm flushes) the served core's
 * longest turn while a cold start's lists and alarms streamed in was 69-100 ms (median 80, four starts) and the
 * whole alarms reached the renderer 0.7 s later; with these (4 ms, 200 clocks, 250 tickets, 4 ms) 63-86 ms (median
 * 69). Screen bench's cache, alternating builds, its main thread's turns only.
 */
const WARM_SLICE_MS = 4;
/**
 * The loop's time between two warm-up slices: nothing waits for the history (rows carry their risk once it is in),
 * while a screen's whole lists and alarms come a page a request. With slices back to back each page's request
 * waited behind one: the whole alarms reached the renderer 5.48 s after a cold start's spawn, 4.78 s with this gap
 * (medians of five alternating starts, 10,000 open tickets, bench/coldstart.ts).
 */
const WARM_GAP_MS = 6;
/** A watch pass's slice: the rows an event changed wait at most about this long behind it. */
export const WATCH_SLICE_MS = 4;
/** Stored clocks read at once while the history warms up: 71,255 rows took 1.2 s to read (load 5.7), 500 took 2-16 ms. */
const PAGE_ROWS = 200;

/** Each clock name's one string: a stored row's name is a copy of its own (71,000 rows, 2 MB). */
const CLOCK_NAME_OF = new Map<string, ClockName>(CLOCK_NAMES.map((name) => [name, name]));

export function storedClockOf(row: RiskClockRow): StoredClock | null {
  const clock = CLOCK_NAME_OF.get(row.name);
  if (!clock) return null;
  return {
    ticketKey: ticketKeyOf({ source: row.source, ticketId: row.ticket_id }),
    clock,
    index: row.idx,
    profile: profileFrom(row.service, row.tier, row.circuit_level, row.city),
    startedAt: row.started_at,
    dueAt: row.due_at,
    stoppedAt: row.stopped_at,
    elapsedMs: row.elapsed_ms,
    limitMs: row.limit_ms,
  };
}

/**
 * The history as the events up to `at` tell it: the stored clocks that started
 * in the window before it, except those of tickets with events after `at`,
 * which are folded from their events up to `at` instead (as `noc breaches`
 * does), so nothing later leaks into a past moment.
 */
export function historyAt(store: Store, policy: Policy, at: number): RiskHistory {
  const history = new RiskHistory({ minSimilar: riskSettings(policy).minSimilar, minAtRisk: MIN_AT_RISK, refitMs: 0 });
  const add = (stored: StoredClock | null) => {
    const sample = stored && sampleOfStored(stored, at);
    if (sample) history.upsert(sample);
  };
  store.read((reads) => {
    const later = reads.breaches.ticketsWithLaterEvents({ from: at - RISK_WINDOW_MS, to: at });
    const refolded = new Set(later.map((key) => ticketKeyOf(key)));
    for (const row of reads.risk.startedBetween(at - RISK_WINDOW_MS, at)) {
      if (!refolded.has(`${row.source}:${row.ticket_id}`)) add(storedClockOf(row));
    }
    for (const key of later) {
      const state = stateFromStore(reads, key, at);
      if (state.fold.lastAt === null) continue;
      const evaluation = clocksAt(state.fold, state.reports, policy, at);
      const profile = profileOf(evaluation.facts);
      for (const clock of evaluation.clocks) {
        if (clock.startedAt !== null && clock.startedAt >= at - RISK_WINDOW_MS) add(storedOfClock(ticketKeyOf(key), clock, profile));
      }
    }
  });
  return history;
}

/** The elapsed time of a running clock at `at`, from its due instant (so an evaluation older than `at` moves forward as the renderer moves it). */
function elapsedAt(clock: ClockDto, at: number): number {
  if (clock.dueAt === null) return clock.elapsedMs;
  const left = clock.limit !== null && 'workingDays' in clock.limit ? workingMsBetween(defaultCalendar, at, clock.dueAt) : clock.dueAt - at;
  return Math.max(0, clock.limitMs - left);
}

/** The risk of one clock of a ticket at `at`, or null unless it is then running short of its limit. */
export function riskOfClock(history: RiskHistory, clock: ClockDto, facts: TicketFacts, policy: Policy, at: number): RiskDto | null {
  if (clock.startedAt === null || clock.dueAt === null || clock.stoppedAt !== null) return null;
  const state = liveClockState(clock, at);
  if (state !== 'ok' && state !== 'warning') return null;
  const estimate = history.estimate({
    clock: clock.name,
    profile: profileOf(facts),
    elapsedMs: elapsedAt(clock, at),
    limitMs: clock.limitMs,
    limit: clock.limit,
    at,
  });
  const { threshold } = riskSettings(policy);
  return {
    clock: clock.name,
    index: clock.index,
    probability: estimate.probability,
    likely: estimate.probability !== null && estimate.probability >= threshold,
    expectedStopAt: estimate.expectedStopAt,
    expectedStopAtP80: estimate.expectedStopAtP80,
    basis: estimate.basis,
  };
}

/**
 * The row's risk at `at`: of its clocks running short of their limit, the one
 * most likely to breach (the soonest due among equals, or when none has a
 * figure), or null when none runs short of its limit. Not simply the clock the
 * row counts down: that one is often a progress report already overdue while
 * the repair, the clock the NOC presses on, still runs in time.
 */
export function riskOfEvaluation(history: RiskHistory, evaluation: Evaluation, policy: Policy, at = evaluation.at): RiskDto | null {
  let best: { risk: RiskDto; dueAt: number } | null = null;
  for (const clock of currentClocks(evaluation)) {
    const risk = riskOfClock(history, clock, evaluation.facts, policy, at);
    if (!risk) continue;
    const p = risk.probability ?? -1;
    const bestP = best ? (best.risk.probability ?? -1) : -2;
    if (p > bestP || (p === bestP && clock.dueAt! < best!.dueAt)) best = { risk, dueAt: clock.dueAt! };
  }
  return best?.risk ?? null;
}

/** The live history while it loads in slices. */
interface Warming {
  history: RiskHistory;
  /** The stored clocks of the page read last, added a slice at a time. */
  rows: RiskClockRow[];
  next: number;
  /** The start instant the next page reads from; null once every page is read. */
  readFrom: number | null;
  at: number;
  /** Tickets that changed on disk meanwhile: refreshed once the rows are in. */
  changed: Set<string>;
  done: Promise<void>;
  loaded(): void;
}

export class RiskModel {
  private loaded: RiskHistory | null = null;
  /** The live history loading in slices (warmUp), with the rows still to add and the tickets that changed meanwhile. */
  private warming: Warming | null = null;
  /** Each ticket's samples in the live history, to replace them when it changes. */
  private readonly placed = new Map<string, Placed>();
  /** The newest moment the live history knows (its load, then each change). */
  private knownAt: number;
  private past: { at: number; history: RiskHistory } | null = null;
  /** Why the live history could not load (a damaged cache): rows then carry no risk rather than fail. */
  private unavailable: Error | null = null;
  private readonly stop: () => void;

  constructor(private readonly engine: Engine) {
    this.knownAt = engine.now();
    this.stop = engine.onChange((keys) => this.refresh(keys));
  }

  /** The live history, loaded from the cache on first use (a command asking about an earlier moment never loads it). */
  private get live(): RiskHistory {
    if (this.loaded) return this.loaded;
    const warming = this.warming ?? this.startLoading();
    this.addRows(warming, Infinity);
    return this.finishLoading(warming);
  }

  /**
   * Loads the live history in slices, yielding to the event loop between them,
   * so a console's first board does not wait for it: on a cache of 10,000 open
   * tickets the load took 0.8 s of the start (2.5 s on a loaded machine).
   * Until it is loaded rows carry no risk; `watch` then sends those that have one.
   */
  warmUp(timers: Timers = NODE_TIMERS, after: Promise<void> = Promise.resolve()): Promise<void> {
    if (this.loaded) return Promise.resolve();
    if (this.warming) return this.warming.done;
    const warming = this.startLoading();
    const step = () => {
      if (this.warming !== warming) return;
      try {
        if (!this.addRows(warming, performance.now() + WARM_SLICE_MS)) timers.set(step, WARM_GAP_MS);
        else this.finishLoading(warming);
      } catch (error) {
        // The store reports its own damage; the boards go on without a risk.
        this.unavailable = error as Error;
        console.warn(`the breach-risk history did not load: ${this.unavailable.message}`);
      }
    };
    // Rows carry no risk from now on until it is loaded; the slices begin `after` (a start's folding: they would share its event loop).
    void after.then(() => timers.set(step, 0), () => {});
    return warming.done;
  }

  private startLoading(): Warming {
    const at = this.engine.now();
    const history = new RiskHistory({ minSimilar: riskSettings(this.engine.policy).minSimilar, minAtRisk: MIN_AT_RISK, refitMs: LIVE_REFIT_MS });
    let loaded = () => {};
    const done = new Promise<void>((resolve) => (loaded = resolve));
    this.warming = { history, rows: [], next: 0, readFrom: at - RISK_WINDOW_MS, at, changed: new Set(), done, loaded };
    return this.warming;
  }

  /**
   * Adds the loading rows until `deadline` (performance.now()); true when all
   * are in. The stored clocks are read a page of about PAGE_ROWS at a time, in
   * order of their start: read at once, the 90 days of a 10,000-ticket cache
   * held the event loop for a second at a cold start, the page's own files
   * waiting behind it. Windows of start instants sized by the last one's rows
   * did not bound a read: grown through the empty weeks before a cache's
   * tickets, one window took all 70,000 clocks of the screen bench's cache at
   * once (770 ms of the core's loop at a start, with its collections). A
   * ticket that changes between two reads is taken again as it is once all
   * are in (`changed`).
   */
  private addRows(warming: Warming, deadline: number): boolean {
    const { history, at } = warming;
    for (;;) {
      while (warming.next < warming.rows.length) {
        const stored = storedClockOf(warming.rows[warming.next]!);
        warming.next += 1;
        const sample = stored && sampleOfStored(stored, at);
        if (sample && stored) this.add(history, stored.ticketKey, sample);
        if (warming.next % 256 === 0 && performance.now() >= deadline) return false;
      }
      const from = warming.readFrom;
      if (from === null) return true;
      if (performance.now() >= deadline) return false;
      const page = this.engine.store.read((reads) => reads.risk.startedPage(from, at, PAGE_ROWS));
      warming.rows = page.rows;
      warming.next = 0;
      warming.readFrom = page.next;
    }
  }

  private finishLoading(warming: Warming): RiskHistory {
    this.loaded = warming.history;
    this.warming = null;
    this.knownAt = Math.max(this.knownAt, warming.at);
    // Tickets that changed on disk while the history loaded are taken again as they are now.
    if (warming.changed.size > 0) this.refresh([...warming.changed]);
    warming.loaded();
    return this.loaded;
  }

  /** Clocks in the live history (loading it). */
  get size(): number {
    return this.live.size;
  }

  /** The history to estimate with at `at`: the live one from about now on, else one built as of `at`. */
  historyAt(at: number): RiskHistory {
    if (at >= this.knownAt - LIVE_TOLERANCE_MS) return this.live;
    if (this.past?.at !== at) this.past = { at, history: historyAt(this.engine.store, this.engine.policy, at) };
    return this.past.history;
  }

  /** The risk of a row's clock at `at`: the live history for about now (none while it warms up), else the history as of `at`. */
  riskOf(evaluation: Evaluation, at: number): RiskDto | null {
    if ((this.warming || this.unavailable) && at >= this.knownAt - LIVE_TOLERANCE_MS) return null;
    return riskOfEvaluation(this.historyAt(at), evaluation, this.engine.policy, at);
  }

  /**
   * Every minute, the open tickets whose risk moved (the flag, or the
   * probability by 5 points) as their clocks ran on with no event: `onMoved`
   * republishes their rows. The first pass only records. A pass runs in
   * slices of WATCH_SLICE_MS by `elapsed` (a monotonic clock), yielding through
   * `timers` between them.
   */
  watch(onMoved: (keys: readonly string[]) => void, timers: Timers = NODE_TIMERS, elapsed: () => number = () => performance.now()): () => void {
    const shown = new Map<string, string>();
    let timer: unknown = null;
    // `unseenToo`: also the tickets the last pass did not see. Their rows went out with the risk of
    // their moment, except while the history warmed up. Re-sent at the next pass, a board filled
    // since the last one went out again whole: 10,000 rows in one delta a minute after the screen
    // bench's fill (0 since; logged).
    const pass = (publish: boolean, unseenToo: boolean) => {
      const at = this.engine.now();
      const keys = this.engine.openKeys();
      const open = new Set(keys);
      for (const key of shown.keys()) if (!open.has(key)) shown.delete(key);
      let next = 0;
      // In slices, every ticket at the pass's one instant: over 10,000 open tickets in one piece the
      // pass held the event loop 120 ms (quiet machine, logged), every minute, events and screens waiting.
      const slice = () => {
        const deadline = elapsed() + WATCH_SLICE_MS;
        const moved: string[] = [];
        while (next < keys.length) {
          const key = keys[next]!;
          next += 1;
          const evaluation = this.engine.evaluationOf(key);
          // None: closed since the pass began, its row has left the boards already.
          if (!evaluation) {
            shown.delete(key);
            continue;
          }
          const risk = riskOfEvaluation(this.live, evaluation, this.engine.policy, at);
          const signature = risk ? `${risk.clock}/${risk.index}/${risk.likely}/${risk.probability === null ? '-' : Math.round(risk.probability * 20)}` : '';
          const before = shown.get(key);
          if (publish && before !== signature && (before !== undefined || unseenToo)) moved.push(key);
          shown.set(key, signature);
          if (elapsed() >= deadline) break;
        }
        if (moved.length > 0) onMoved(moved);
        timer = next < keys.length ? timers.set(slice, 0) : timers.set(() => pass(true, false), RISK_WATCH_MS);
      };
      slice();
    };
    let stopped = false;
    // Rows went out without a risk while the history warmed up: once it is in, every row that has one is sent again.
    if (this.warming) void this.warming.done.then(() => stopped || pass(true, true));
    else pass(false, false);
    return () => {
      stopped = true;
      if (timer !== null) timers.clear(timer);
    };
  }

  /** Replaces the samples of tickets that changed on disk. */
  refresh(keys: readonly string[]): void {
    this.past = null;
    if (this.warming) {
      for (const key of keys) this.warming.changed.add(key);
      return;
    }
    // Not loaded yet: the load will read these changes from the cache.
    if (!this.loaded) return;
    const at = this.engine.now();
    for (const key of keys) {
      const state = this.engine.committedTicket(key);
      if (!state) {
        this.forget(key);
        continue;
      }
      // Every clock: the kept evaluation holds finished cycles packed (ingest/kept.ts).
      const evaluation = state.evaluation ?? clocksAt(state.fold, state.reports, this.engine.policy, at);
      const clocks = state.evaluation ? allClocks(state.evaluation) : evaluation.clocks;
      this.replaceClocks(key, clocks, profileOf(evaluation.facts), evaluation.at);
    }
    this.knownAt = Math.max(this.knownAt, at);
  }

  close(): void {
    this.stop();
  }

  /**
   * Places a ticket's clocks in the live history. A ticket's event moves one
   * or two of its often twenty clocks (cadence reports, checks): a clock whose
   * stored fields did not move keeps its sample, with no sample built. Building
   * and comparing every clock's sample on each event was 18 % of the core's
   * main thread at 1,000 events/s on 10,000 open tickets (profiled).
   */
  private replaceClocks(key: string, clocks: readonly Clock[], profile: RiskProfile, at: number): void {
    const before = this.placed.get(key);
    const comparable = before?.placements && sameRiskProfile(before.profile!, profile) ? before.placements : null;
    const ids: (string | null)[] = [];
    // A new clock can come between known ones (a second accept before the repair): the known one is looked up by name and index, from where the last was found.
    let hint = 0;
    for (const clock of clocks) {
      if (clock.startedAt !== null && clock.startedAt < at - RISK_WINDOW_MS) {
        ids.push(null);
        continue;
      }
      const known = comparable === null ? -1 : indexOfClock(comparable, clock, hint);
      if (known >= 0 && samePlacement(comparable!, known, clock)) {
        ids.push(before!.ids[known]!);
        hint = known + 1;
        continue;
      }
      const stored = storedOfClock(key, clock, profile);
      const sample = stored && sampleOfStored(stored, at);
      if (sample) this.loaded!.upsert(sample);
      ids.push(sample ? sample.id : null);
    }
    if (before) {
      const kept = new Set(ids);
      for (const id of before.ids) if (id !== null && !kept.has(id)) this.loaded!.remove(id);
    }
    this.placed.set(key, { placements: placementsOf(clocks), profile, ids });
  }

  private forget(key: string): void {
    for (const id of this.placed.get(key)?.ids ?? []) if (id !== null) this.loaded!.remove(id);
    this.placed.delete(key);
  }

  /** Adds a stored clock's sample while the history loads (the ticket's clocks are compared from its first change on). */
  private add(history: RiskHistory, key: string, sample: RiskSample): void {
    history.upsert(sample);
    const placed = this.placed.get(key);
    if (placed) placed.ids.push(sample.id);
    else this.placed.set(key, { placements: null, profile: null, ids: [sample.id] });
  }
}

/**
 * A ticket's samples in the live history: `ids[i]` is the sample of its clock
 * `i` (null when that clock has none), and `placements` what samePlacement
 * compares of each clock; loaded from stored rows, the clocks are not known
 * (null) and the ids are in no order.
 */
interface Placed {
  placements: readonly number[] | null;
  profile: RiskProfile | null;
  ids: (string | null)[];
}

/**
 * Per clock: name, index, whether it applies, start, due and stop instants,
 * its limit and, stopped, its elapsed time (rounded as storedOfClock rounds;
 * null as NaN). Kept instead of the clock objects, which (each change's, each
 * ticket's) the history otherwise held as a second copy of the evaluations.
 */
const PLACEMENT_FIELDS = 8;

function placeInto(out: number[] | Float64Array, at: number, clock: Clock): void {
  out[at] = CLOCK_NAMES.indexOf(clock.name);
  out[at + 1] = clock.index;
  out[at + 2] = clock.state === 'notApplicable' ? 1 : 0;
  out[at + 3] = clock.startedAt ?? Number.NaN;
  out[at + 4] = clock.dueAt ?? Number.NaN;
  out[at + 5] = clock.stoppedAt ?? Number.NaN;
  out[at + 6] = Math.round(clock.limitMs);
  out[at + 7] = clock.stoppedAt !== null ? Math.round(clock.elapsedMs) : Number.NaN;
}

/**
 * A plain array of its exact length (unboxed doubles in the heap), not a
 * Float64Array: a typed array costs some 300 bytes besides its numbers (its
 * object, its ArrayBuffer and the buffer's native record), 3 MB for 10,000 tickets.
 */
function placementsOf(clocks: readonly Clock[]): number[] {
  const out = new Array<number>(clocks.length * PLACEMENT_FIELDS);
  clocks.forEach((clock, i) => placeInto(out, i * PLACEMENT_FIELDS, clock));
  return out;
}

/** samePlacement's scratch row (the core has one thread). */
const scratch = new Float64Array(PLACEMENT_FIELDS);

/** Where the clock of `clock`'s name and index is among the placed clocks, searched from `from` round; -1 when absent. */
function indexOfClock(placements: readonly number[], clock: Clock, from: number): number {
  const count = placements.length / PLACEMENT_FIELDS;
  const name = CLOCK_NAMES.indexOf(clock.name);
  for (let step = 0; step < count; step += 1) {
    const at = ((from + step) % count) * PLACEMENT_FIELDS;
    if (placements[at] === name && placements[at + 1] === clock.index) return (from + step) % count;
  }
  return -1;
}

/** Whether placed clock `i` and `clock` give the same sample (what storedOfClock keeps of it). */
function samePlacement(placements: readonly number[], i: number, clock: Clock): boolean {
  placeInto(scratch, 0, clock);
  for (let field = 0; field < PLACEMENT_FIELDS; field += 1) {
    const a = placements[i * PLACEMENT_FIELDS + field]!;
    const b = scratch[field]!;
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) return false;
  }
  return true;
}

function sameRiskProfile(a: RiskProfile, b: RiskProfile): boolean {
  return a.serviceGroup === b.serviceGroup && a.tier === b.tier && a.circuitLevel === b.circuitLevel && a.city === b.city;
}

const models = new WeakMap<Engine, RiskModel>();

/** The engine's risk model, loaded on first use (a command that never shows a board never pays for it). */
export function riskModelOf(engine: Engine): RiskModel {
  let model = models.get(engine);
  if (!model) {
    model = new RiskModel(engine);
    models.set(engine, model);
  }
  return model;
}

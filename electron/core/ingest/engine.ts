// The ingest engine: the facade the feeds, boards, reports and CLI use. It
// applies each source's batches in time-boxed slices into the open write unit
// (apply.ts, units.ts), keeps the tickets in memory (ticket-cache.ts) and the
// sources' cursors (sources.ts), and tells listeners which tickets changed once
// the change is on disk. Writes go through the store's one writer; nothing here
// holds a transaction.
import { clocksAt, isOpenStage, type Policy } from '../../../shared/domain';
import { MAX_EVENTS_PER_BATCH, type SourceInfo } from '../../../shared/protocol';
import type { TicketKey } from '../../../shared/contract';
import type { Store } from '../store/db';
import { setMeta } from '../store/meta';
import { clearProjection } from '../store/projection';
import { ClockCountChanges } from '../store/rollups';
import { quarantineWrites } from '../store/quarantine';
import { identity, inSeqOrder, screenEvent, type Screened } from '../feeds/guard';
import { purgeBatch, retentionCutoff } from '../store/retention';
import { echoesReports, type SourceRow } from '../store/sources';
import { WriteBatch } from '../store/statements';
import { applySlice, type BatchResult, type Gap } from './apply';
import { keep, type KeptEvaluation } from './kept';
import { Projector } from './project';
import { FIRST_MS_PER_EVENT, FIRST_MS_PER_TICKET, PASS_SLICE_BUDGET_MS, SliceSizer, TurnGate, type ElapsedClock } from './slices';
import type { Timers } from '../timers';
import { SourceCursors } from './sources';
import { TicketCache } from './ticket-cache';
import { changedState, outboxReports, stateFromStore, ticketKeyOf, type TicketState } from './tickets';
import { UnitPipeline, type CommittedUnit } from './units';
import { openTicketsAt, ticketAt } from './as-of';

export interface EngineOptions {
  policy: Policy;
  /** The injected clock: evaluation time of projections, receive time of events. */
  now(): number;
  /** Most events (or tickets, in a rebuild) per slice; slices are sized to about SLICE_BUDGET_MS each, this only caps them. */
  sliceSize?: number;
  /** What slices are timed by (slices.ts), and the timer that ends a turn's one slice: tests drive both. */
  elapsed?: ElapsedClock;
  timers?: Timers;
}

export type ChangeListener = (keys: readonly string[]) => void;
/** A source's consumed seq reached the disk. */
export type DurableListener = (sourceId: string, since: number) => void;
/** Reports the source echoed (protocol 1.1) are on disk: this console's outbox rows among them are acknowledged. */
export type EchoListener = (echoes: readonly { source: string; reportId: string }[]) => void;

export class Engine {
  readonly now: () => number;
  private currentPolicy: Policy;
  private readonly cache = new TicketCache();
  private readonly cursors = new SourceCursors();
  private readonly projector = new Projector();
  private readonly units: UnitPipeline;
  private readonly slices: SliceSizer;
  /** One slice per turn of the event loop, whichever of the sliced loops below and in the units it belongs to. */
  private readonly turns: TurnGate;
  private readonly listeners = new Set<ChangeListener>();
  private readonly durableListeners = new Set<DurableListener>();
  private readonly lostListeners = new Set<(error: Error) => void>();
  private readonly echoListeners = new Set<EchoListener>();
  /** Why writes were lost, thrown once by the next ingest so its feed resubscribes from what is durable. */
  private lost: Error | null = null;
  private recovering: Promise<void> | null = null;
  /** Set while a rebuild replaces the projection: ingest waits for it. */
  private rebuilding: Promise<unknown> | null = null;
  /** Set while the open tickets load in slices after `starting`: ingest, rebuilds and recoveries wait for it. */
  private loading: Promise<void> | null = null;
  /** Why the open tickets did not load: the engine cannot serve them. */
  private loadFailure: Error | null = null;

  private constructor(
    readonly store: Store,
    private readonly options: EngineOptions,
  ) {
    this.now = options.now;
    this.currentPolicy = options.policy;
    this.slices = this.sizer(FIRST_MS_PER_EVENT);
    this.turns = new TurnGate(options.timers);
    this.units = new UnitPipeline({
      store,
      turns: this.turns,
      sizer: this.sizer(FIRST_MS_PER_TICKET, { max: Infinity }),
      projector: this.projector,
      policy: () => this.currentPolicy,
      now: this.now,
      onCommitted: (unit) => this.committed(unit),
      onLost: (error) => this.recover(error),
    });
    this.cache.onEvicted((key) => this.projector.forget(key));
  }

  /**
   * An engine over `store`, with the open tickets rebuilt from their stored
   * events. A writable cache projected under another policy version is rebuilt
   * first, so the stored clocks never mix two policies.
   */
  static async open(store: Store, options: EngineOptions): Promise<Engine> {
    const engine = await Engine.starting(store, options);
    await engine.loaded();
    return engine;
  }

  /**
   * `open`, resolving before the open tickets are folded: they load in slices
   * that yield to the event loop, and `loaded()` says when all are in. Until
   * then ingest waits, and nothing may read the open tickets; the console
   * answers a screen's first board from the stored projection meanwhile
   * (board/rows.ts `mostUrgentRows`). Folding 10,000 open tickets held a
   * cold start's first board back by a second and more. The slices begin once
   * `foldWhen` resolves: the console holds them while a screen loads.
   */
  static async starting(store: Store, options: EngineOptions, foldWhen: Promise<void> = Promise.resolve()): Promise<Engine> {
    const engine = new Engine(store, options);
    const projectedUnder = store.read((reads) => {
      engine.cursors.load(reads);
      return reads.meta.get('projectionPolicyVersion');
    });
    if (!store.readonly && projectedUnder !== options.policy.version) await engine.rebuild();
    else {
      // Settles either way: a failure (a damaged cache) is kept for `loaded()` and every ingest to throw.
      engine.loading = foldWhen.then(() => engine.loadOpenTickets()).then(
        () => {
          engine.loading = null;
        },
        (error: unknown) => {
          engine.loadFailure = error as Error;
          engine.loading = null;
        },
      );
    }
    return engine;
  }

  /** Resolves once every open ticket is folded into memory (at once for an engine that `open` returned). */
  async loaded(): Promise<void> {
    await this.loading;
    if (this.loadFailure) throw this.loadFailure;
  }

  /** Whether every open ticket is in memory: false while `starting`'s slices run. */
  get isLoaded(): boolean {
    return this.loading === null && this.loadFailure === null;
  }

  /** A fresh projection of every stored event under `options.policy` (`noc rebuild`). */
  static async rebuilt(store: Store, options: EngineOptions): Promise<{ engine: Engine; tickets: number }> {
    const engine = new Engine(store, options);
    store.read((reads) => engine.cursors.load(reads));
    return { engine, tickets: await engine.rebuild() };
  }

  /** The time limits every projection and evaluation uses. */
  get policy(): Policy {
    return this.currentPolicy;
  }

  /** A source as its subscribe acknowledgement describes it: which protocol it speaks, which 1.1 features it offers. */
  registerSource(info: SourceInfo, url: string, protocol?: { protocol: string; features: readonly string[] }): void {
    this.cursors.register(this.units.current().batch, info, url, protocol);
    this.units.nudge();
  }

  source(id: string): SourceRow | undefined {
    return this.cursors.byId(id);
  }

  sourceByUrl(url: string): SourceRow | undefined {
    return this.cursors.byUrl(url);
  }

  sources(): SourceRow[] {
    return this.cursors.all();
  }

  /** The head seq a source announced, kept for the lag shown while offline. */
  recordHead(id: string, headSeq: number): void {
    this.cursors.setHead(this.units.current().batch, id, headSeq);
    this.units.nudge();
  }

  /** The source's last consumed seq that is on disk (what a restart resumes from). */
  durableSince(id: string): number {
    return this.cursors.durableSince(id);
  }

  quarantinedCount(sourceId: string): number {
    return this.cursors.quarantinedCount(sourceId);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onEchoes(listener: EchoListener): () => void {
    this.echoListeners.add(listener);
    return () => this.echoListeners.delete(listener);
  }

  onDurable(listener: DurableListener): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  /**
   * Hears that writes were lost, once memory is back to what is durable. A feed
   * whose whole stream was already received would otherwise wait for an event
   * that never comes to learn it (the next ingest's throw), stuck short of its head.
   */
  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /**
   * Applies a batch of any size in time-boxed slices, yielding to the event
   * loop between them. Resolves once the batch is applied in memory and queued
   * for the writer; listeners hear of its tickets once it is on disk
   * (`flushed()` waits for that).
   */
  async ingest(sourceId: string, raws: readonly unknown[]): Promise<BatchResult> {
    // In seq order before slicing: a reversed batch cut in two would read as a gap.
    const ordered = inSeqOrder(raws);
    // Each slice screens its own events (feeds/guard.ts), inside its time box.
    return this.ingestSlices(sourceId, ordered.length, (start, end) => ordered.slice(start, end).map((raw) => screenEvent(raw)));
  }

  /**
   * `ingest` for events already screened, in seq order (feeds/guard.ts
   * `screenBatch`): what the feed worker hands over, so the main thread
   * neither decodes nor validates them.
   */
  ingestScreened(sourceId: string, screened: readonly Screened[]): Promise<BatchResult> {
    return this.ingestSlices(sourceId, screened.length, (start, end) => screened.slice(start, end));
  }

  private async ingestSlices(sourceId: string, count: number, slice: (start: number, end: number) => Screened[]): Promise<BatchResult> {
    await this.ready();
    const since = this.cursors.since(sourceId);
    const total: BatchResult = { applied: 0, duplicates: 0, quarantined: 0, since, changed: [], gap: null };
    const ctx = { store: this.store, cache: this.cache, cursors: this.cursors };
    for (let start = 0; start < count; ) {
      await this.turns.slot();
      await this.ready();
      await this.units.room();
      const end = Math.min(count, start + this.slices.next());
      const unit = this.units.current();
      const result = this.slices.measure(end - start, () => applySlice(ctx, unit, sourceId, slice(start, end), this.now()));
      start = end;
      this.units.nudge();
      total.applied += result.applied;
      total.duplicates += result.duplicates;
      total.quarantined += result.quarantined;
      total.since = result.since;
      total.changed.push(...result.changed);
      if (result.gap) return { ...total, gap: result.gap };
    }
    return total;
  }

  /** Records seqs a source did not resend on refill and moves past them, so the stream goes on. */
  skipGap(sourceId: string, gap: Gap): void {
    const receivedAt = this.now();
    const batch = this.units.current().batch;
    quarantineWrites.add(batch, {
      source: sourceId,
      seq: gap.expected,
      eventId: null,
      ticketId: null,
      kind: 'gap',
      reason: `seq ${gap.expected}..${gap.got - 1} missing: the source did not resend them on refill`,
      raw: JSON.stringify({ missingFrom: gap.expected, missingTo: gap.got - 1 }),
      receivedAt,
    });
    this.cursors.advance(batch, sourceId, gap.got - 1, receivedAt);
    this.cursors.addQuarantined(sourceId, 1);
    this.units.current().consumed(sourceId, gap.got - 1, 1);
    this.units.nudge();
  }

  /**
   * Quarantines an event that takes no place in the stream (the source may not
   * be skipped to its seq, see feeds/guard.ts), once however often it is
   * served, without moving the source's `since`.
   */
  refuse(sourceId: string, { parsed, text }: Screened, reason: string): void {
    const { seq, id: eventId, ticketId } = identity(parsed);
    if (!this.store.read((reads) => this.cursors.refusedFirst(reads, sourceId, eventId, seq))) return;
    quarantineWrites.addOnce(this.units.current().batch, { source: sourceId, seq, eventId, ticketId, kind: 'invalid', reason, raw: text, receivedAt: this.now() });
    this.cursors.addQuarantined(sourceId, 1);
    this.units.nudge();
  }

  /** Resolves once everything applied so far is on disk and its listeners have heard of it. */
  async flushed(): Promise<void> {
    await this.units.flushed();
    await this.recovering;
  }

  /**
   * A report of this console's outbox was acknowledged upstream (a source that
   * does not echo reports) and that is on disk: the ticket's clocks count the
   * outbox's acknowledged reports as the store now holds them.
   */
  acknowledged(key: TicketKey): void {
    // A source that echoes reports says so in its stream: the echo, not this acknowledgement, moves the clocks.
    if (echoesReports(this.cursors.byId(key.source))) return;
    const id = ticketKeyOf(key);
    const { prior, reports } = this.store.read((reads) => ({
      prior: this.cache.kept(id) ?? stateFromStore(reads, key),
      reports: outboxReports(reads, key),
    }));
    if (prior.fold.lastAt === null) return;
    const state = changedState(prior, { reports });
    const unit = this.units.current();
    this.cache.stage(state, unit.id, []);
    unit.stage(state, { fresh: false, syncRejections: false });
    this.units.nudge();
  }

  /** An open ticket's committed state, by key. */
  openTicket(key: string): TicketState | undefined {
    return this.cache.openTicket(key);
  }

  /** A ticket's committed state if the engine keeps it (open, or recently closed). */
  committedTicket(key: string): TicketState | undefined {
    return this.cache.committedState(key);
  }

  openKeys(): string[] {
    return this.cache.openKeys();
  }

  /** The evaluation an open ticket's last change (or deadline) made, if it is open. */
  evaluationOf(key: string): KeptEvaluation | undefined {
    const state = this.cache.openTicket(key);
    if (!state) return undefined;
    if (!state.evaluation) this.cache.update(changedState(state, { evaluation: keep(clocksAt(state.fold, state.reports, this.policy, this.now())) }));
    return this.cache.openTicket(key)?.evaluation;
  }

  /** Re-evaluates open tickets at `at` (a deadline passed: their clocks changed state with no event). */
  reevaluate(keys: readonly string[], at: number): void {
    for (const key of keys) {
      const state = this.cache.openTicket(key);
      if (state) this.cache.update(changedState(state, { evaluation: keep(clocksAt(state.fold, state.reports, this.policy, at)) }));
    }
  }

  /** The tickets open at `at`, each folded from its events with `at` <= that time. */
  openTicketsAt(at: number): TicketState[] {
    return openTicketsAt(this.store, this.cache, at);
  }

  /** A ticket as it stood at `at` with the events that made it, or null when it had no event by then. */
  ticketAt(key: TicketKey, at: number) {
    return ticketAt(this.store, key, at);
  }

  /**
   * A new policy at run time (the province edited its file): every ticket is
   * re-projected under it and every open row is published again.
   */
  async replacePolicy(policy: Policy): Promise<void> {
    this.currentPolicy = policy;
    await this.rebuild();
  }

  /** Re-projects every ticket from the stored events with this engine's policy (`noc rebuild`), a slice of tickets per write. */
  rebuild(): Promise<number> {
    const run = (async () => {
      await this.loading;
      await this.units.flushed();
      const { store } = this;
      const keys = store.read((reads) => reads.events.ticketKeys());
      const first = new WriteBatch();
      clearProjection(first);
      quarantineWrites.clearAllRejected(first);
      setMeta(first, 'projectionPolicyVersion', this.policy.version);
      const writes: Promise<unknown>[] = [store.write(first)];
      const kept: TicketState[] = [];
      this.projector.clear();
      const slices = this.sizer(FIRST_MS_PER_TICKET, { budgetMs: PASS_SLICE_BUDGET_MS });
      for (let start = 0; start < keys.length; ) {
        await store.writer?.room(200_000);
        await this.turns.slot();
        const part = keys.slice(start, start + slices.next());
        start += part.length;
        const at = this.now();
        const batch = new WriteBatch();
        const counts = new ClockCountChanges();
        slices.measure(part.length, () =>
          store.read((reads) => {
            for (const key of part) {
              const state = stateFromStore(reads, key);
              // The projection was cleared: every ticket's rows are written afresh.
              this.projector.project(batch, counts, state, this.policy, at, { fresh: true, syncRejections: true });
              // Closed tickets come back from the store when an event needs them; keeping a million would not fit.
              if (isOpenStage(state.fold.facts.stage)) kept.push(state);
            }
          }),
        );
        counts.write(batch);
        writes.push(store.write(batch));
      }
      await Promise.all(writes);
      const before = this.cache.clear();
      for (const state of kept) this.cache.keep(state);
      store.read((reads) => this.cursors.load(reads));
      this.emit([...new Set([...before, ...this.cache.openKeys()])]);
      return keys.length;
    })();
    const settled = run.finally(() => {
      if (this.rebuilding === settled) this.rebuilding = null;
    });
    this.rebuilding = settled;
    return settled;
  }

  /** Forgets tickets closed more than `retentionDays` before now; resolves with how many. */
  async purgeClosed(retentionDays?: number): Promise<number> {
    const before = retentionCutoff(this.now(), retentionDays);
    await this.ready();
    const changes = await this.store.write(purgeBatch(before), { results: true });
    this.cache.forgetClosedBefore(before);
    return changes?.[changes.length - 1] ?? 0;
  }

  /** Waits out a rebuild or a recovery; throws, once, why writes were lost. */
  private async ready(): Promise<void> {
    while (this.loading || this.rebuilding || this.recovering) {
      await this.loading;
      await this.rebuilding;
      await this.recovering;
    }
    if (this.loadFailure) throw this.loadFailure;
    const lost = this.lost;
    this.lost = null;
    if (lost) throw lost;
  }

  private committed(unit: CommittedUnit): void {
    this.cache.committed(unit.id, unit.states);
    this.cursors.committed(unit.id, unit.since);
    if (unit.states.length > 0) this.emit(unit.states.map((state) => state.key));
    for (const [sourceId, since] of unit.since) for (const listener of this.durableListeners) listener(sourceId, since);
    if (unit.echoes.length > 0) for (const listener of this.echoListeners) listener(unit.echoes);
  }

  /**
   * A unit was not written (a full disk, an I/O error): everything staged since
   * the last commit is void. Memory goes back to what the store holds, the next
   * ingest throws the error (its feed resubscribes from the durable seq), and
   * listeners re-read every ticket.
   */
  private recover(error: Error): void {
    // Writes that arrive after the cache closed are lost with nothing to recover.
    if (this.recovering || !this.store.open) return;
    this.lost = error;
    this.recovering = (async () => {
      await this.loading;
      this.units.discardOpen();
      await this.units.flushed();
      this.units.discardOpen();
      this.units.resetChain();
      const keys = this.cache.clear();
      this.projector.clear();
      this.store.read((reads) => this.cursors.load(reads));
      await this.loadOpenTickets();
      this.emit([...new Set([...keys, ...this.cache.openKeys()])]);
    })().finally(() => {
      this.recovering = null;
      for (const listener of this.lostListeners) listener(error);
    });
  }

  /**
   * The open tickets' folds as the store holds them, a time-boxed slice at a
   * time. Nothing writes tickets meanwhile (ingest, rebuilds and recoveries
   * wait for it), so the slices read what one snapshot would.
   */
  private async loadOpenTickets(): Promise<void> {
    const keys = this.store.read((reads) => reads.projection.openKeys());
    const slices = this.sizer(FIRST_MS_PER_TICKET, { budgetMs: PASS_SLICE_BUDGET_MS });
    for (let start = 0; start < keys.length; ) {
      await this.turns.slot();
      const part = keys.slice(start, start + slices.next());
      start += part.length;
      slices.measure(part.length, () =>
        this.store.read((reads) => {
          for (const key of part) this.cache.keep(stateFromStore(reads, key));
        }),
      );
    }
  }

  /** A sizer for one sliced loop, capped by `sliceSize` (or `max`), timed by the engine's clock, slices of SLICE_BUDGET_MS unless `budgetMs`. */
  private sizer(firstMsPerItem: number, { max = this.options.sliceSize ?? MAX_EVENTS_PER_BATCH, budgetMs }: { max?: number; budgetMs?: number } = {}): SliceSizer {
    return new SliceSizer(max, firstMsPerItem, this.options.elapsed, budgetMs);
  }

  private emit(keys: readonly string[]): void {
    for (const listener of this.listeners) listener(keys);
  }
}

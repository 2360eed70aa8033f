// The ingest engine: applies batches in time-boxed slices with a yield between
// them, several slices to one write transaction (a group commit, see group.ts),
// keeps the open tickets' folds in memory so boards evaluate without SQL, and
// tells listeners which tickets changed. A ticket's projection (its row and
// clock rows) is written once per group, however many of its events the group holds.
import { foldTicket, type Policy, type TicketFold } from '../../../shared/domain';
import { MAX_EVENTS_PER_BATCH, type FeedEvent, type SourceInfo } from '../../../shared/protocol';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import { NO_ACKED_REPORTS, type AckedReports } from '../store/reports';
import { repositories } from '../store/repositories';
import type { WrittenRows } from '../store/projection';
import type { SourceRow } from '../store/sources';
import { applyBatch, inSeqOrder, type BatchResult, type TouchedTicket } from './apply';
import { ticketKeyOf } from './keys';
import { projectTicket, type ProjectContext } from './project';
import { foldStored, isOpen, parseStored, type TicketState } from './tickets';
import { WriteGroup } from './group';
import { FIRST_MS_PER_EVENT, FIRST_MS_PER_TICKET, SliceSizer, yieldToEventLoop } from './slices';

export interface EngineOptions {
  policy: Policy;
  /** The injected clock: evaluation time of the stored projection and receive time of events. */
  now(): number;
  reports?: AckedReports;
  /**
   * Most events (or tickets, in a rebuild or a flush) per slice. Slices are
   * sized to take about SLICE_BUDGET_MS each, so this only caps them.
   */
  sliceSize?: number;
}

export type ChangeListener = (keys: readonly string[]) => void;

/** Closed tickets whose state stays in memory: their follow-up events (callbacks, reports) then fold without SQL. */
const RECENTLY_CLOSED = 4096;

export class Engine {
  readonly cache: Cache;
  private currentPolicy: Policy;
  readonly now: () => number;
  readonly reports: AckedReports;
  private readonly sliceSize: number;
  private readonly slices: SliceSizer;
  private readonly group: WriteGroup;
  private readonly open = new Map<string, TicketState>();
  /**
   * Tickets the open group changed and whose projection is not written yet, in
   * the order first changed. Their rows are written before the group commits
   * (see `flush`), so the events and the projection still commit together.
   */
  private readonly unprojected = new Map<string, TouchedTicket>();
  /** In closing order, oldest first. */
  private readonly recentlyClosed = new Map<string, TicketState>();
  private readonly quarantined: Map<string, number>;
  private readonly listeners = new Set<ChangeListener>();

  private constructor(cache: Cache, options: EngineOptions) {
    this.cache = cache;
    this.currentPolicy = options.policy;
    this.now = options.now;
    this.reports = options.reports ?? NO_ACKED_REPORTS;
    this.sliceSize = options.sliceSize ?? MAX_EVENTS_PER_BATCH;
    this.slices = new SliceSizer(this.sliceSize, FIRST_MS_PER_EVENT);
    this.group = new WriteGroup(
      cache.db,
      { flush: (budget) => this.flush(budget), pending: () => this.unprojected.size, lost: () => this.forgetUncommitted() },
      this.sliceSize,
    );
    this.quarantined = repositories(cache).quarantine.countsBySource();
  }

  /**
   * An engine over `cache`, with the open tickets' folds rebuilt from their
   * stored events. A writable cache projected under another policy version is
   * rebuilt first, so the stored clocks never mix two policies.
   */
  static async open(cache: Cache, options: EngineOptions): Promise<Engine> {
    const engine = new Engine(cache, options);
    const meta = repositories(cache).meta;
    if (!cache.db.readonly && meta.get('projectionPolicyVersion') !== options.policy.version) {
      await engine.rebuild();
      return engine;
    }
    engine.loadOpenTickets();
    return engine;
  }

  /** A fresh projection of every stored event under `options.policy` (`noc rebuild`). */
  static async rebuilt(cache: Cache, options: EngineOptions): Promise<{ engine: Engine; tickets: number }> {
    const engine = new Engine(cache, options);
    return { engine, tickets: await engine.rebuild() };
  }

  registerSource(info: SourceInfo, url: string): void {
    repositories(this.cache).sources.upsert(info, url);
  }

  source(id: string): SourceRow | undefined {
    return repositories(this.cache).sources.byId(id);
  }

  sourceByUrl(url: string): SourceRow | undefined {
    return repositories(this.cache).sources.byUrl(url);
  }

  /** The head seq a source announced, kept for the lag shown while offline. */
  recordHead(id: string, headSeq: number): void {
    repositories(this.cache).sources.setHead(id, headSeq);
  }

  sources(): SourceRow[] {
    return repositories(this.cache).sources.all();
  }

  quarantinedCount(sourceId: string): number {
    return this.quarantined.get(sourceId) ?? 0;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Makes everything applied so far durable: commits the open group, if any.
   * Whatever must not act on writes a crash could still take back (a close)
   * calls it first.
   */
  commit(): void {
    this.group.commit();
  }

  /**
   * `commit()` without holding the event loop. What must be durable before it
   * acts and may run during an ingest (an upward report about to be sent, a
   * heatmap reading the stored clocks) awaits this.
   */
  settle(): Promise<void> {
    return this.group.settle();
  }

  /**
   * Applies one batch inside the open group (as a savepoint): its events are
   * stored and folded now, its tickets projected when the group is flushed.
   */
  private applyBatch(sourceId: string, raws: readonly unknown[]): BatchResult {
    const kept = (key: string) => this.unprojected.get(key)?.state ?? this.open.get(key) ?? this.recentlyClosed.get(key);
    const applied = applyBatch({ cache: this.cache, kept }, sourceId, raws, this.now());
    for (const touched of applied.tickets) {
      const earlier = this.unprojected.get(touched.state.key);
      // The rows to write over are those before the group's first change; a rejection change is not forgotten.
      this.unprojected.set(
        touched.state.key,
        earlier ? { ...touched, rows: earlier.rows, rejectionsChanged: earlier.rejectionsChanged || touched.rejectionsChanged } : touched,
      );
      this.keep(touched.state);
    }
    this.quarantined.set(sourceId, this.quarantinedCount(sourceId) + applied.result.quarantined);
    if (applied.result.changed.length > 0) this.emit(applied.result.changed);
    return applied.result;
  }

  /** Writes the projection of up to `budget` unprojected tickets (oldest change first), evaluated now, inside the open group. */
  private flush(budget: number): void {
    if (this.unprojected.size === 0) return;
    const at = this.now();
    const ctx = this.context();
    let written = 0;
    for (const [key, touched] of this.unprojected) {
      if (written >= budget) break;
      this.unprojected.delete(key);
      written += 1;
      const { state, rows, rejectionsChanged } = touched;
      const projected = projectTicket(ctx, state, state.fold, at, rejectionsChanged, rows);
      this.quarantined.set(state.source, this.quarantinedCount(state.source) + projected.rejectedDelta);
      this.remember(key, state.fold, projected.written);
    }
  }

  /** Notes what a write left in a kept ticket's rows, if the ticket is still kept with the fold that was written. */
  private remember(key: string, fold: TicketFold, written: WrittenRows): void {
    for (const kept of [this.open, this.recentlyClosed]) {
      const state = kept.get(key);
      if (state?.fold === fold) kept.set(key, { ...state, written });
    }
  }

  /**
   * Applies a batch of any size in slices, yielding to the event loop between
   * them; the slices share group transactions. The last is committed before
   * this resolves, unless the caller has more batches queued (`moreQueued`):
   * the group then stays open for them, and is committed soon if none comes,
   * so an idle source leaves nothing uncommitted.
   */
  async ingest(sourceId: string, raws: readonly unknown[], options: { moreQueued?: boolean } = {}): Promise<BatchResult> {
    this.group.throwTimedFailure();
    const since = this.source(sourceId)?.since ?? 0;
    const total: BatchResult = { applied: 0, duplicates: 0, quarantined: 0, since, changed: [], gap: null };
    // In seq order before slicing: a reversed batch cut in two would read as a gap.
    const ordered = inSeqOrder(raws);
    let holdOpen = false;
    try {
      for (let start = 0; start < ordered.length; ) {
        if (start > 0) await yieldToEventLoop();
        const part = ordered.slice(start, start + this.slices.next());
        start += part.length;
        // Another caller may have committed the group during the yield.
        this.group.join(part.length);
        const slice = this.slices.measure(part.length, () => this.applyBatch(sourceId, part));
        total.applied += slice.applied;
        total.duplicates += slice.duplicates;
        total.quarantined += slice.quarantined;
        total.since = slice.since;
        total.changed.push(...slice.changed);
        const last = start >= ordered.length;
        if (this.group.full || slice.gap !== null || (last && !options.moreQueued)) await this.group.settle();
        if (slice.gap) return { ...total, gap: slice.gap };
      }
      holdOpen = options.moreQueued === true;
      return total;
    } finally {
      if (holdOpen) this.group.commitLater();
      else this.group.commit();
    }
  }

  /**
   * Re-projects tickets whose clocks changed without an event (e.g. an upward
   * report was acknowledged) and reports them as changed. They join the open
   * group, if an ingest holds one; otherwise they are written and committed now.
   */
  reproject(keys: readonly TicketKey[]): void {
    const groupWasOpen = this.group.isOpen;
    this.group.join();
    for (const key of keys) {
      const id = ticketKeyOf(key);
      const pending = this.unprojected.get(id);
      if (pending) continue;
      const kept = this.open.get(id);
      const state = kept ?? { ...key, key: id, fold: this.foldFromStore(key) };
      if (state.fold.lastAt === null) continue;
      this.unprojected.set(id, { state, rows: kept?.written ?? 'unknown', rejectionsChanged: false });
    }
    if (!groupWasOpen) this.group.commit();
    if (keys.length > 0) this.emit(keys.map(ticketKeyOf));
  }

  /** Records seqs a source did not resend on refill and moves past them, so the stream goes on (in the open group, if any). */
  skipGap(sourceId: string, gap: { expected: number; got: number }): void {
    const repos = repositories(this.cache);
    const receivedAt = this.now();
    this.cache.db.transaction(() => {
      repos.quarantine.add({
        source: sourceId,
        seq: gap.expected,
        eventId: null,
        ticketId: null,
        kind: 'gap',
        reason: `seq ${gap.expected}..${gap.got - 1} missing: the source did not resend them on refill`,
        raw: JSON.stringify({ missingFrom: gap.expected, missingTo: gap.got - 1 }),
        receivedAt,
      });
      repos.sources.advance(sourceId, gap.got - 1, receivedAt);
    })();
    this.quarantined.set(sourceId, this.quarantinedCount(sourceId) + 1);
  }

  /** An open ticket's current fold, by key. */
  openTicket(key: string): TicketState | undefined {
    return this.open.get(key);
  }

  /** Keys of every open ticket. */
  openKeys(): string[] {
    return [...this.open.keys()];
  }

  /** The tickets open at `at`, each folded from its events with `at` <= that time. */
  openTicketsAt(at: number): TicketState[] {
    const out: TicketState[] = [];
    for (const state of this.open.values()) {
      if (state.fold.lastAt === null || state.fold.lastAt <= at) out.push(state);
      else this.pushIfOpen(out, state, at);
    }
    // Closed tickets with later events: the stored ones, and those the open group closed and has not projected yet.
    const closed = new Map<string, TicketKey>();
    for (const key of repositories(this.cache).projection.closedWithEventsAfter(at)) closed.set(ticketKeyOf(key), key);
    for (const { state } of this.unprojected.values()) {
      if (!isOpen(state.fold) && state.fold.lastAt !== null && state.fold.lastAt > at) closed.set(state.key, state);
    }
    for (const [key, ticket] of closed) {
      if (!this.open.has(key)) this.pushIfOpen(out, { source: ticket.source, ticketId: ticket.ticketId, key, fold: this.foldFromStore(ticket) }, at);
    }
    return out;
  }

  /** A ticket as it stood at `at` with the events that made it, or null when it had no event by then. */
  ticketAt(key: TicketKey, at: number): { state: TicketState; events: FeedEvent[] } | null {
    const events = repositories(this.cache).events.rawOfTicket(key.source, key.ticketId, at).map(parseStored);
    if (events.length === 0) return null;
    return { state: { ...key, key: ticketKeyOf(key), fold: foldTicket(events, key.ticketId) }, events };
  }

  /** The time limits every projection and evaluation uses. */
  get policy(): Policy {
    return this.currentPolicy;
  }

  /**
   * A new policy at run time (the province edited its file): every ticket is
   * re-projected under it and every open row is published again, so boards,
   * heatmaps and the CLI agree on one version.
   */
  async replacePolicy(policy: Policy): Promise<void> {
    this.currentPolicy = policy;
    await this.rebuild();
    this.emit(this.openKeys());
  }

  /**
   * Re-projects every ticket from the stored events with this engine's policy
   * (`noc rebuild`), a slice of tickets per transaction.
   */
  async rebuild(): Promise<number> {
    await this.settle();
    const repos = repositories(this.cache);
    const keys = repos.events.ticketKeys();
    const at = this.now();
    this.cache.db.transaction(() => {
      repos.projection.clear();
      repos.quarantine.clearAllRejected();
      repos.meta.set('projectionPolicyVersion', this.policy.version);
    })();
    this.open.clear();
    this.recentlyClosed.clear();
    const slices = new SliceSizer(this.sliceSize, FIRST_MS_PER_TICKET);
    for (let start = 0; start < keys.length; ) {
      if (start > 0) await yieldToEventLoop();
      const part = keys.slice(start, start + slices.next());
      start += part.length;
      const states = slices.measure(part.length, () =>
        this.cache.db.transaction(() =>
          part.map((key): TicketState => {
            const fold = this.foldFromStore(key);
            // The projection was cleared above: every ticket's rows are written afresh.
            const { written } = projectTicket(this.context(), key, fold, at, true, 'none');
            return { ...key, key: ticketKeyOf(key), fold, written };
          }),
        )(),
      );
      for (const state of states) this.keep(state);
    }
    this.countQuarantined();
    return keys.length;
  }

  /** The open tickets' folds as the store holds them. */
  private loadOpenTickets(): void {
    for (const key of repositories(this.cache).projection.openKeys()) {
      const fold = this.foldFromStore(key);
      if (isOpen(fold)) this.open.set(ticketKeyOf(key), { ...key, key: ticketKeyOf(key), fold });
    }
  }

  private countQuarantined(): void {
    this.quarantined.clear();
    for (const [source, n] of repositories(this.cache).quarantine.countsBySource()) this.quarantined.set(source, n);
  }

  /**
   * A lost group took slices whose states this engine already keeps: forgets
   * them for what the store holds, and tells listeners to re-read the tickets.
   */
  private forgetUncommitted(): void {
    const kept = [...this.open.keys(), ...this.recentlyClosed.keys()];
    this.unprojected.clear();
    this.open.clear();
    this.recentlyClosed.clear();
    this.loadOpenTickets();
    this.countQuarantined();
    this.emit([...new Set([...kept, ...this.open.keys()])]);
  }

  /** Keeps an open ticket's new state, or a closed one's among the recently closed. */
  private keep(state: TicketState): void {
    if (isOpen(state.fold)) {
      this.open.set(state.key, state);
      this.recentlyClosed.delete(state.key);
      return;
    }
    this.open.delete(state.key);
    this.recentlyClosed.delete(state.key);
    this.recentlyClosed.set(state.key, state);
    if (this.recentlyClosed.size > RECENTLY_CLOSED) this.recentlyClosed.delete(this.recentlyClosed.keys().next().value!);
  }

  private context(): ProjectContext {
    return { cache: this.cache, policy: this.policy, reports: this.reports };
  }

  private pushIfOpen(out: TicketState[], state: TicketState, at: number): void {
    const fold = this.foldFromStore(state, at);
    if (fold.lastAt !== null && isOpen(fold)) out.push({ ...state, fold });
  }

  private foldFromStore(key: TicketKey, until?: number): TicketFold {
    return foldStored(this.cache, key, until);
  }

  private emit(keys: readonly string[]): void {
    for (const listener of this.listeners) listener(keys);
  }
}

// The ingest engine: applies batches (ONE transaction each, big batches in
// slices with a yield between them), keeps the open tickets' folds in memory
// so boards evaluate without SQL, and tells listeners which tickets changed.
import { foldTicket, type Policy, type TicketFold } from '../../../shared/domain';
import type { FeedEvent, SourceInfo } from '../../../shared/protocol';
import type { TicketKey } from '../../../shared/contract';
import type { Cache } from '../store/db';
import { NO_ACKED_REPORTS, type AckedReports } from '../store/reports';
import { repositories } from '../store/repositories';
import type { SourceRow } from '../store/sources';
import { applyBatch, type BatchResult } from './apply';
import { ticketKeyOf } from './keys';
import { projectTicket, type ProjectContext } from './project';
import { foldStored, isOpen, parseStored, type TicketState } from './tickets';

export interface EngineOptions {
  policy: Policy;
  /** The injected clock: evaluation time of the stored projection and receive time of events. */
  now(): number;
  reports?: AckedReports;
  /** Events per transaction when a big batch is split so the event loop stays responsive. */
  sliceSize?: number;
}

export type ChangeListener = (keys: readonly string[]) => void;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Engine {
  readonly cache: Cache;
  readonly policy: Policy;
  readonly now: () => number;
  readonly reports: AckedReports;
  private readonly sliceSize: number;
  private readonly open = new Map<string, TicketState>();
  private readonly quarantined: Map<string, number>;
  private readonly listeners = new Set<ChangeListener>();

  private constructor(cache: Cache, options: EngineOptions) {
    this.cache = cache;
    this.policy = options.policy;
    this.now = options.now;
    this.reports = options.reports ?? NO_ACKED_REPORTS;
    this.sliceSize = options.sliceSize ?? 500;
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
    for (const key of repositories(cache).projection.openKeys()) {
      const fold = engine.foldFromStore(key);
      if (isOpen(fold)) engine.open.set(ticketKeyOf(key), { ...key, key: ticketKeyOf(key), fold });
    }
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

  /** Applies one batch in one transaction. */
  applyBatch(sourceId: string, raws: readonly unknown[]): BatchResult {
    const applied = applyBatch({ ...this.context(), open: this.open }, sourceId, raws, this.now());
    for (const state of applied.states) {
      if (isOpen(state.fold)) this.open.set(state.key, state);
      else this.open.delete(state.key);
    }
    this.quarantined.set(sourceId, this.quarantinedCount(sourceId) + applied.quarantineDelta);
    if (applied.result.changed.length > 0) this.emit(applied.result.changed);
    return applied.result;
  }

  /** Applies a batch of any size in slices, yielding to the event loop between transactions. */
  async ingest(sourceId: string, raws: readonly unknown[]): Promise<BatchResult> {
    const since = this.source(sourceId)?.since ?? 0;
    const total: BatchResult = { applied: 0, duplicates: 0, quarantined: 0, since, changed: [], gap: null };
    for (let start = 0; start < raws.length; start += this.sliceSize) {
      if (start > 0) await yieldToEventLoop();
      const slice = this.applyBatch(sourceId, raws.slice(start, start + this.sliceSize));
      total.applied += slice.applied;
      total.duplicates += slice.duplicates;
      total.quarantined += slice.quarantined;
      total.since = slice.since;
      total.changed.push(...slice.changed);
      if (slice.gap) return { ...total, gap: slice.gap };
    }
    return total;
  }

  /**
   * Re-projects tickets whose clocks changed without an event (e.g. an upward
   * report was acknowledged) in one transaction, and reports them as changed.
   */
  reproject(keys: readonly TicketKey[]): void {
    const at = this.now();
    this.cache.db.transaction(() => {
      for (const key of keys) {
        const fold = this.open.get(ticketKeyOf(key))?.fold ?? this.foldFromStore(key);
        if (fold.lastAt !== null) projectTicket(this.context(), key, fold, at, false);
      }
    })();
    if (keys.length > 0) this.emit(keys.map(ticketKeyOf));
  }

  /** Records seqs a source did not resend on refill and moves past them, so the stream goes on. */
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
    for (const key of repositories(this.cache).projection.closedWithEventsAfter(at)) {
      this.pushIfOpen(out, { ...key, key: ticketKeyOf(key), fold: this.foldFromStore(key) }, at);
    }
    return out;
  }

  /** A ticket as it stood at `at` with the events that made it, or null when it had no event by then. */
  ticketAt(key: TicketKey, at: number): { state: TicketState; events: FeedEvent[] } | null {
    const events = repositories(this.cache).events.rawOfTicket(key.source, key.ticketId, at).map(parseStored);
    if (events.length === 0) return null;
    return { state: { ...key, key: ticketKeyOf(key), fold: foldTicket(events, key.ticketId) }, events };
  }

  /**
   * Re-projects every ticket from the stored events with this engine's policy
   * (`noc rebuild`), a slice of tickets per transaction.
   */
  async rebuild(): Promise<number> {
    const repos = repositories(this.cache);
    const keys = repos.events.ticketKeys();
    const at = this.now();
    this.cache.db.transaction(() => {
      repos.projection.clear();
      repos.quarantine.clearAllRejected();
      repos.meta.set('projectionPolicyVersion', this.policy.version);
    })();
    this.open.clear();
    for (let start = 0; start < keys.length; start += this.sliceSize) {
      if (start > 0) await yieldToEventLoop();
      this.cache.db.transaction(() => {
        for (const key of keys.slice(start, start + this.sliceSize)) {
          const fold = this.foldFromStore(key);
          projectTicket(this.context(), key, fold, at, true);
          if (isOpen(fold)) this.open.set(ticketKeyOf(key), { ...key, key: ticketKeyOf(key), fold });
        }
      })();
    }
    this.quarantined.clear();
    for (const [source, n] of repos.quarantine.countsBySource()) this.quarantined.set(source, n);
    return keys.length;
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

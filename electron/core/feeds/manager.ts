// Many upstream sources feeding one engine, and the feed status the UI shows:
// per-source health plus `staleSince`, the moment the last connected feed went
// down (or, when none has connected since start, the last batch in the cache).
import { FEED_NO_TOKEN, type FeedHealth, type FeedStatus } from '../../../shared/contract';
import type { ClaimAck, ReportAck, ReportClaim, SourceCapabilities, UpwardReport } from '../../../shared/protocol';
import type { Engine } from '../ingest/engine';
import { FeedSource, type FeedSourceOptions, type SourceConfig } from './source';
import type { TokenStore } from './tokens';
import { NODE_TIMERS } from '../timers';

/**
 * A feed's progress alone (applied seq, last event, lag, heartbeat) is pushed
 * at most this often; a change of state, error or quarantine goes out at once.
 * At 1,000 events/s a source applies about 200 batches a second, and a status
 * push for each (with the alarms' look at the feeds that each push caused) was
 * 5 % of the core's main thread (profiled on 10,000 open tickets).
 */
export const PROGRESS_PUSH_MS = 250;

export interface FeedManagerOptions extends Omit<FeedSourceOptions, 'engine' | 'config' | 'token'> {
  engine: Engine;
  sources: readonly (SourceConfig & { id: string })[];
  tokens: TokenStore;
}

export class FeedManager {
  private readonly options: FeedManagerOptions;
  private readonly feeds: FeedSource[] = [];
  /** The running feeds by configured source id (a feed's own id may change on subscribe). */
  private readonly byConfigId = new Map<string, FeedSource>();
  /** Health of sources that could not start (e.g. no token configured). */
  private readonly blocked: FeedHealth[] = [];
  private running = false;
  private readonly listeners = new Set<(status: FeedStatus) => void>();
  private staleSince: number | null;
  /** What the last status pushed said beyond progress (see PROGRESS_PUSH_MS). */
  private pushedShape: string | null = null;
  private progressTimer: unknown = null;

  constructor(options: FeedManagerOptions) {
    this.options = options;
    const lastBatch = options.engine.sources().reduce<number | null>(
      (latest, source) => (source.lastBatchAt !== null && (latest === null || source.lastBatchAt > latest) ? source.lastBatchAt : latest),
      null,
    );
    this.staleSince = lastBatch ?? options.now();
  }

  start(): void {
    this.running = true;
    for (const config of this.options.sources) {
      let token: string | null;
      try {
        token = this.options.tokens.get(config.id);
      } catch (error) {
        this.block(config, (error as Error).message);
        continue;
      }
      if (token === null) {
        this.block(config, FEED_NO_TOKEN);
        continue;
      }
      this.launch(config, token);
    }
    this.changed();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.progressTimer !== null) (this.options.timers ?? NODE_TIMERS).clear(this.progressTimer);
    this.progressTimer = null;
    await Promise.all(this.feeds.map((feed) => feed.stop()));
  }

  /**
   * Connects one configured source again now with the token store's current
   * token (a token just typed in): its socket and back-off are dropped, and a
   * source blocked at start for want of a token starts. No restart needed.
   * Throws, naming no token, when the source is unknown or still has none.
   */
  reconnect(sourceId: string): void {
    const config = this.options.sources.find((source) => source.id === sourceId);
    if (!config) throw new Error(`no configured source "${sourceId}"`);
    const token = this.options.tokens.get(sourceId);
    if (token === null) throw new Error(`${sourceId}: ${FEED_NO_TOKEN}`);
    if (!this.running) return; // start() or nothing: it reads the store itself.
    const feed = this.byConfigId.get(sourceId);
    if (feed) {
      feed.reconnect(token);
      return;
    }
    const blocked = this.blocked.findIndex((health) => health.sourceId === sourceId);
    if (blocked >= 0) this.blocked.splice(blocked, 1);
    this.launch(config, token);
    this.changed();
  }

  status(): FeedStatus {
    // In configured order, so a source that starts late (a token typed in) keeps its place.
    const sources = this.options.sources.flatMap((config) => {
      const health = this.byConfigId.get(config.id)?.health() ?? this.blocked.find((entry) => entry.sourceId === config.id);
      return health ? [health] : [];
    });
    return { sources, staleSince: this.staleSince };
  }

  onChange(listener: (status: FeedStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Claims a cadence cycle at a source (protocol 1.1; reports module). */
  claim(sourceId: string, claim: ReportClaim): Promise<ClaimAck> {
    const feed = this.feeds.find((f) => f.id === sourceId);
    if (!feed) return Promise.reject(new Error(`no feed for source ${sourceId}`));
    return feed.claim(claim);
  }

  /** What a source does, as its last subscribe acknowledgement said (null for a source not running). */
  capabilities(sourceId: string): SourceCapabilities | null {
    return this.feeds.find((f) => f.id === sourceId)?.capabilities ?? null;
  }

  /** Sends an upward report on the connection of its ticket's source (reports module). */
  sendReport(sourceId: string, report: UpwardReport): Promise<ReportAck> {
    const feed = this.feeds.find((f) => f.id === sourceId);
    if (!feed) return Promise.reject(new Error(`no feed for source ${sourceId}`));
    return feed.sendReport(report);
  }

  private launch(config: SourceConfig & { id: string }, token: string): void {
    const { engine, sources: _sources, tokens: _tokens, ...sourceOptions } = this.options;
    const feed = new FeedSource({ ...sourceOptions, engine, config, token });
    feed.onHealth(() => this.changed());
    this.feeds.push(feed);
    this.byConfigId.set(config.id, feed);
    feed.start();
  }

  private block(config: SourceConfig & { id: string }, reason: string): void {
    const stored = this.options.engine.source(config.id);
    this.blocked.push({
      sourceId: config.id,
      name: config.name ?? stored?.name ?? config.url,
      url: config.url,
      level: stored?.level ?? null,
      state: 'disconnected',
      lastEventAt: stored?.lastBatchAt ?? null,
      lastHeartbeatAt: null,
      appliedSeq: stored?.since ?? 0,
      headSeq: stored?.headSeq ?? null,
      lag: stored?.headSeq == null ? null : Math.max(0, stored.headSeq - stored.since),
      clockSkewMs: null,
      quarantined: this.options.engine.quarantinedCount(config.id),
      lastError: reason,
      nextRetryAt: null,
    });
  }

  private changed(): void {
    const anyConnected = this.feeds.some((feed) => feed.health().state === 'connected');
    if (anyConnected) this.staleSince = null;
    else if (this.staleSince === null) this.staleSince = this.options.now();
    const status = this.status();
    if (shapeOf(status) !== this.pushedShape) this.push(status);
    else this.progressTimer ??= (this.options.timers ?? NODE_TIMERS).set(() => this.push(this.status()), PROGRESS_PUSH_MS);
  }

  private push(status: FeedStatus): void {
    if (this.progressTimer !== null) (this.options.timers ?? NODE_TIMERS).clear(this.progressTimer);
    this.progressTimer = null;
    this.pushedShape = shapeOf(status);
    for (const listener of this.listeners) listener(status);
  }
}

/** A status without its progress: what must reach the screens (and the alarms) at once when it changes. */
function shapeOf(status: FeedStatus): string {
  const sources = status.sources.map((health) => [health.sourceId, health.state, health.lastError, health.quarantined, health.nextRetryAt, health.level, health.name]);
  return JSON.stringify([status.staleSince, sources]);
}

// Many upstream sources feeding one engine, and the feed status the UI shows:
// per-source health plus `staleSince`, the moment the last connected feed went
// down (or, when none has connected since start, the last batch in the cache).
import type { FeedHealth, FeedStatus } from '../../../shared/contract';
import type { ReportAck, UpwardReport } from '../../../shared/protocol';
import type { Engine } from '../ingest/engine';
import { FeedSource, type FeedSourceOptions, type SourceConfig } from './source';
import type { TokenStore } from './tokens';

export interface FeedManagerOptions extends Omit<FeedSourceOptions, 'engine' | 'config' | 'token'> {
  engine: Engine;
  sources: readonly (SourceConfig & { id: string })[];
  tokens: TokenStore;
}

export class FeedManager {
  private readonly options: FeedManagerOptions;
  private readonly feeds: FeedSource[] = [];
  /** Health of sources that could not start (e.g. no token configured). */
  private readonly blocked: FeedHealth[] = [];
  private readonly listeners = new Set<(status: FeedStatus) => void>();
  private staleSince: number | null;

  constructor(options: FeedManagerOptions) {
    this.options = options;
    const lastBatch = options.engine.sources().reduce<number | null>(
      (latest, source) => (source.lastBatchAt !== null && (latest === null || source.lastBatchAt > latest) ? source.lastBatchAt : latest),
      null,
    );
    this.staleSince = lastBatch ?? options.now();
  }

  start(): void {
    const { engine, sources, tokens, ...sourceOptions } = this.options;
    for (const config of sources) {
      let token: string | null;
      try {
        token = tokens.get(config.id);
      } catch (error) {
        this.block(config, (error as Error).message);
        continue;
      }
      if (token === null) {
        this.block(config, 'no token configured');
        continue;
      }
      const feed = new FeedSource({ ...sourceOptions, engine, config, token });
      feed.onHealth(() => this.changed());
      this.feeds.push(feed);
      feed.start();
    }
    this.changed();
  }

  async stop(): Promise<void> {
    await Promise.all(this.feeds.map((feed) => feed.stop()));
  }

  status(): FeedStatus {
    return { sources: [...this.feeds.map((feed) => feed.health()), ...this.blocked], staleSince: this.staleSince };
  }

  onChange(listener: (status: FeedStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends an upward report on the connection of its ticket's source (reports module). */
  sendReport(sourceId: string, report: UpwardReport): Promise<ReportAck> {
    const feed = this.feeds.find((f) => f.id === sourceId);
    if (!feed) return Promise.reject(new Error(`no feed for source ${sourceId}`));
    return feed.sendReport(report);
  }

  private block(config: SourceConfig & { id: string }, reason: string): void {
    const stored = this.options.engine.source(config.id);
    this.blocked.push({
      sourceId: config.id,
      name: config.name ?? stored?.name ?? config.url,
      url: config.url,
      level: stored?.level ?? null,
      state: 'disconnected',
      lastEventAt: null,
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
    for (const listener of this.listeners) listener(status);
  }
}

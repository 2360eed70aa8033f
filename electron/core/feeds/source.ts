// One upstream source over socket.io (../../../../shared/feed-protocol.md):
// subscribe with the cache's `since`, apply batches through the engine one at a
// time, refill gaps by re-subscribing, watch heartbeats, reconnect with
// back-off (never faster after `unauthorized`), and report health. The socket
// itself lives in a worker thread by default (worker-transport.ts): what comes
// here is already decoded and screened, in small parts.
import type { FeedHealth } from '../../../shared/contract';
import {
  claimAck,
  heartbeat,
  reportAck,
  reportClaim,
  sourceCapabilities,
  subscribeAck,
  WIRE,
  type ClaimAck,
  type ReportAck,
  type ReportClaim,
  type SourceCapabilities,
  type SourceLevel,
  type UpwardReport,
} from '../../../shared/protocol';
import { FEED_STALE_AFTER_MS } from '../../../shared/board/freshness';
import type { Engine } from '../ingest/engine';
import { NODE_TIMERS, type Timers } from '../timers';
import type { Gap } from '../ingest/apply';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { beyondHead, HEARTBEAT_MIN_INTERVAL_MS, identity, RateGate, STABLE_CONNECTION_MS, type Screened } from './guard';
import type { FeedConnection, FeedTransport } from './transport';
import { FeedWorkerTransport } from './worker-transport';

export interface SourceConfig {
  url: string;
  /** The id the source announces; unknown for a first `noc ingest --source URL`. */
  id?: string;
  name?: string;
}

export interface FeedSourceOptions {
  engine: Engine;
  config: SourceConfig;
  token: string;
  /** `client` in the handshake, e.g. `noc-console/0.1.0`. */
  client: string;
  now(): number;
  /** Retry and silence timers; tests drive them with a fake clock. */
  timers?: Timers;
  random?(): number;
  backoff?: BackoffOptions;
  /** Floor of the wait after `unauthorized`: a refused token is not retried fast. */
  unauthorizedDelayMs?: number;
  /** Silence (no heartbeat, no events) after which the connection counts as dead. */
  heartbeatTimeoutMs?: number;
  ackTimeoutMs?: number;
  /**
   * Stop at `unauthorized` instead of retrying (`noc ingest --until-caught-up`): a refused
   * token does not mend itself. Any other failure (a dropped connection) is retried.
   */
  stopOnUnauthorized?: boolean;
  /** How long a connection must last for its drop to start the back-off over (default STABLE_CONNECTION_MS). */
  stableAfterMs?: number;
  /** How connections are opened; by default in a worker thread of this feed's own (FeedWorkerTransport). */
  transport?: FeedTransport;
}

type State = FeedHealth['state'];

const UNAUTHORIZED = 'unauthorized';

export class FeedSource {
  private readonly options: FeedSourceOptions;
  private readonly random: () => number;
  /** The handshake token; `reconnect` replaces it (a token typed in while the console runs). */
  private token: string;
  private socket: FeedConnection | null = null;
  private readonly transport: FeedTransport;
  private state: State = 'disconnected';
  private sourceId: string | undefined;
  private name: string;
  private level: SourceLevel | null = null;
  /** The last seq consumed that is on disk: what health shows as applied, and what catching up waits for. */
  private appliedSeq = 0;
  private unlisten: (() => void)[] = [];
  private protocol: SourceCapabilities = sourceCapabilities({});
  private headSeq: number | null = null;
  private lastEventAt: number | null = null;
  private lastHeartbeatAt: number | null = null;
  private clockSkewMs: number | null = null;
  private lastError: string | null = null;
  private nextRetryAt: number | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private silenceTimer: unknown = null;
  private readonly timers: Timers;
  private stopped = true;
  /** Bumped on every subscribe: batches of an older stream are dropped. */
  private generation = 0;
  private subscribed = false;
  /** The seq a gap refill asked for; the same gap again means the source cannot resend it. */
  private refillFrom: number | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(health: FeedHealth) => void>();
  private caughtUp: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private caughtUpTarget: number | null = null;
  /** When the current connection subscribed, and from which seq: one that drops soon after, having applied nothing, does not reset the back-off. */
  private subscribedAt: { at: number; seq: number } | null = null;
  private readonly heartbeats: RateGate;

  constructor(options: FeedSourceOptions) {
    this.options = options;
    this.timers = options.timers ?? NODE_TIMERS;
    this.transport = options.transport ?? new FeedWorkerTransport();
    this.random = options.random ?? Math.random;
    this.token = options.token;
    this.heartbeats = new RateGate(HEARTBEAT_MIN_INTERVAL_MS, options.now);
    this.sourceId = options.config.id;
    this.name = options.config.name ?? options.config.url;
    const stored = this.storedSource();
    if (stored) {
      this.sourceId = stored.id;
      this.name = options.config.name ?? stored.name;
      this.level = stored.level;
      this.appliedSeq = options.engine.durableSince(stored.id);
      this.headSeq = stored.headSeq;
      // The last events the cache holds from it: a board fed by a source still down after a restart shows its true data age.
      this.lastEventAt = stored.lastBatchAt;
    }
  }

  get id(): string | undefined {
    return this.sourceId;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const durable = this.options.engine.onDurable((sourceId, since) => {
      if (sourceId !== this.sourceId || since <= this.appliedSeq) return;
      this.appliedSeq = since;
      this.headSeq = Math.max(this.headSeq ?? 0, since);
      this.emitHealth();
      this.checkCaughtUp();
    });
    // What this feed sent may be among the lost writes: resubscribe from what is durable.
    const lost = this.options.engine.onLost((error) => {
      if (this.socket) this.fail(this.socket, `cannot store events: ${error.message}`);
    });
    this.unlisten = [durable, lost];
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const unlisten of this.unlisten.splice(0)) unlisten();
    this.clearTimers();
    this.socket?.close();
    this.socket = null;
    this.setState('disconnected');
    await this.queue;
    await this.transport.close();
  }

  /**
   * Drops the connection and any pending retry, and connects again now with
   * `token` (used from here on); the back-off starts over. Stopped: only keeps the token.
   */
  reconnect(token: string): void {
    this.token = token;
    if (this.stopped) return;
    this.clearTimers();
    this.socket?.close();
    this.socket = null;
    this.subscribed = false;
    this.attempt = 0;
    this.subscribedAt = null;
    this.connect();
  }

  onHealth(listener: (health: FeedHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  health(): FeedHealth {
    return {
      sourceId: this.sourceId ?? this.options.config.url,
      name: this.name,
      url: this.options.config.url,
      level: this.level,
      state: this.state,
      lastEventAt: this.lastEventAt,
      lastHeartbeatAt: this.lastHeartbeatAt,
      appliedSeq: this.appliedSeq,
      headSeq: this.headSeq,
      lag: this.headSeq === null ? null : Math.max(0, this.headSeq - this.appliedSeq),
      clockSkewMs: this.clockSkewMs,
      quarantined: this.sourceId === undefined ? 0 : this.options.engine.quarantinedCount(this.sourceId),
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /** Resolves once everything up to the head announced at subscribe time is applied. */
  whenCaughtUp(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.caughtUp = { resolve, reject };
      this.checkCaughtUp();
    });
  }

  /**
   * Emits an upward report on the live, subscribed connection (reports module).
   * Rejects when not connected, when the connection drops before the answer,
   * or when no answer comes in time; the caller retries with the same id.
   */
  async sendReport(report: UpwardReport): Promise<ReportAck> {
    const socket = this.socket;
    if (!socket || !this.subscribed) throw new Error(`${this.name} is not connected`);
    const answer = await socket.request(WIRE.report, report, this.options.ackTimeoutMs ?? 10_000);
    const ack = reportAck.safeParse(answer);
    if (!ack.success) throw new Error(`${this.name} answered a report with ${JSON.stringify(answer)}`);
    return ack.data;
  }

  /**
   * Claims a cadence cycle before its report is sent (protocol 1.1), on the
   * live connection. The claim is checked against the protocol before it
   * leaves, the answer when it comes; rejects like `sendReport`.
   */
  async claim(claim: ReportClaim): Promise<ClaimAck> {
    const socket = this.socket;
    if (!socket || !this.subscribed) throw new Error(`${this.name} is not connected`);
    const answer = await socket.request(WIRE.claim, reportClaim.parse(claim), this.options.ackTimeoutMs ?? 10_000);
    const ack = claimAck.safeParse(answer);
    if (!ack.success) throw new Error(`${this.name} answered a claim with ${JSON.stringify(answer)}`);
    return ack.data;
  }

  /** What the source said it does when it acknowledged the subscription (1.0 until it has). */
  get capabilities(): SourceCapabilities {
    return this.protocol;
  }

  private storedSource() {
    const { engine, config } = this.options;
    return this.sourceId === undefined ? engine.sourceByUrl(config.url) : engine.source(this.sourceId);
  }

  private connect(): void {
    this.retryTimer = null;
    this.nextRetryAt = null;
    this.setState('connecting');
    const socket: FeedConnection = this.transport.connect(
      { url: this.options.config.url, token: this.token, client: this.options.client },
      {
        connect: () => this.subscribe(socket),
        closed: (message) => this.fail(socket, message),
        heartbeat: (payload) => this.onHeartbeat(payload),
        events: (screened) => this.onEvents(socket, screened),
      },
    );
    this.socket = socket;
  }

  private subscribe(socket: FeedConnection): void {
    this.generation += 1;
    this.subscribed = false;
    const since = this.storedSource()?.since ?? 0;
    this.watchSilence(socket);
    socket.subscribe(since, this.options.ackTimeoutMs ?? 10_000, (error, payload) => {
      if (socket !== this.socket) return;
      if (error) return this.fail(socket, 'subscribe not acknowledged in time');
      const ack = subscribeAck.safeParse(payload);
      if (!ack.success) return this.fail(socket, `subscribe refused: ${JSON.stringify(payload)}`);
      const { source, headSeq, serverTime } = ack.data;
      this.protocol = sourceCapabilities(ack.data);
      this.options.engine.registerSource(source, this.options.config.url, { protocol: this.protocol.protocol, features: ack.data.features ?? [] });
      this.options.engine.recordHead(source.id, headSeq);
      this.sourceId = source.id;
      this.appliedSeq = this.options.engine.durableSince(source.id);
      this.name = this.options.config.name ?? source.name;
      this.level = source.level;
      this.headSeq = headSeq;
      this.clockSkewMs = Date.parse(serverTime) - this.options.now();
      const stored = this.options.engine.source(source.id)?.since ?? 0;
      // First contact under this id from a URL the cache knew by another id: resume where that id left off.
      if (stored !== since) return this.subscribe(socket);
      this.subscribed = true;
      this.subscribedAt ??= { at: this.options.now(), seq: this.appliedSeq };
      this.lastError = null;
      this.caughtUpTarget = headSeq;
      this.setState('connected');
      this.checkCaughtUp();
    });
  }

  private onHeartbeat(payload: unknown): void {
    // A flood (5,000 a second took a quarter of a core) is dropped unread.
    if (!this.heartbeats.pass()) return;
    const beat = heartbeat.safeParse(payload);
    if (!beat.success || !this.socket) return;
    this.lastHeartbeatAt = this.options.now();
    this.headSeq = Math.max(this.headSeq ?? 0, beat.data.headSeq);
    this.clockSkewMs = Date.parse(beat.data.serverTime) - this.lastHeartbeatAt;
    this.watchSilence(this.socket);
    this.emitHealth();
  }

  /** Settles once the events are applied (or dropped): the transport holds the next ones back until then. */
  private onEvents(socket: FeedConnection, screened: Screened[]): Promise<void> {
    if (socket !== this.socket || !this.subscribed) return Promise.resolve();
    this.watchSilence(socket);
    const generation = this.generation;
    this.queue = this.queue.then(() => this.apply(socket, generation, screened));
    return this.queue;
  }

  private async apply(socket: FeedConnection, generation: number, raws: readonly Screened[]): Promise<void> {
    // A batch received whole is applied even if its connection dropped since (a catch-up over a
    // flaky network makes progress); one of an older subscription is not (a refill replaced it).
    if (this.stopped || generation !== this.generation || this.sourceId === undefined) return;
    try {
      const result = await this.options.engine.ingestScreened(this.sourceId, raws);
      this.lastEventAt = this.options.now();
      this.headSeq = Math.max(this.headSeq ?? 0, result.since);
      if (result.gap) this.onGap(socket, result.gap, raws);
      else if (this.refillFrom !== null && result.since >= this.refillFrom) this.refillFrom = null;
      this.emitHealth();
      this.checkCaughtUp();
    } catch (error) {
      // A write was lost: the engine went back to what is on disk, so resume from its since (the error names the file).
      this.lastError = `cannot store events: ${(error as Error).message}`;
      this.fail(socket, this.lastError);
    }
  }

  private onGap(socket: FeedConnection, gap: Gap, raws: readonly Screened[]): void {
    // The connection dropped meanwhile: the next one resumes from since and fills the gap.
    if (socket !== this.socket) return;
    if (this.refillFrom === gap.expected) {
      // Asked once already and the source sent the same gap: it cannot resend those seqs.
      this.refillFrom = null;
      const generation = this.generation;
      const refusal = beyondHead(gap.got, this.headSeq);
      if (refusal === null) {
        this.options.engine.skipGap(this.sourceId!, gap);
        this.queue = this.queue.then(() => this.apply(socket, generation, raws));
        return;
      }
      // Never skipped to a seq the source did not announce: quarantined, and the events after it go on.
      const numbered = (screened: Screened) => identity(screened.parsed).seq === gap.got;
      for (const raw of raws.filter(numbered)) this.options.engine.refuse(this.sourceId!, raw, refusal);
      const rest = raws.filter((raw) => !numbered(raw));
      this.queue = this.queue.then(() => this.apply(socket, generation, rest));
      return;
    }
    this.refillFrom = gap.expected;
    this.subscribe(socket);
  }

  private fail(socket: FeedConnection, message: string): void {
    if (socket !== this.socket) return;
    socket.close();
    this.socket = null;
    this.subscribed = false;
    this.clearTimers();
    const unauthorized = message === UNAUTHORIZED;
    this.lastError = unauthorized ? UNAUTHORIZED : message;
    if (unauthorized && this.options.stopOnUnauthorized) {
      this.stopped = true;
      this.setState('unauthorized');
      this.caughtUp?.reject(new Error(`${this.options.config.url}: ${this.lastError}`));
      this.caughtUp = null;
      return;
    }
    if (this.stopped) return;
    // Only a connection that stayed up a while or applied events starts the back-off over: a
    // source that drops every connection soon after it subscribes is retried less and less often.
    const connected = this.subscribedAt;
    this.subscribedAt = null;
    if (connected && (this.appliedSeq > connected.seq || this.options.now() - connected.at >= (this.options.stableAfterMs ?? STABLE_CONNECTION_MS))) this.attempt = 0;
    const backoff = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.random);
    this.attempt += 1;
    const delay = unauthorized ? Math.max(backoff, this.options.unauthorizedDelayMs ?? 30_000) : backoff;
    this.nextRetryAt = this.options.now() + delay;
    this.retryTimer = this.timers.set(() => this.connect(), delay);
    this.setState(unauthorized ? 'unauthorized' : 'disconnected');
  }

  private watchSilence(socket: FeedConnection): void {
    if (this.silenceTimer !== null) this.timers.clear(this.silenceTimer);
    // Dropped at the moment the boards call the feed stale: one rule, shared/board/freshness.
    const timeout = this.options.heartbeatTimeoutMs ?? FEED_STALE_AFTER_MS;
    this.silenceTimer = this.timers.set(() => this.fail(socket, `no heartbeat for ${timeout} ms`), timeout);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.timers.clear(this.retryTimer);
    if (this.silenceTimer !== null) this.timers.clear(this.silenceTimer);
    this.retryTimer = null;
    this.silenceTimer = null;
    this.nextRetryAt = null;
  }

  private checkCaughtUp(): void {
    if (this.caughtUp && this.caughtUpTarget !== null && this.appliedSeq >= this.caughtUpTarget) {
      this.caughtUp.resolve();
      this.caughtUp = null;
    }
  }

  private setState(state: State): void {
    this.state = state;
    this.emitHealth();
  }

  private emitHealth(): void {
    const health = this.health();
    for (const listener of this.listeners) listener(health);
  }
}
